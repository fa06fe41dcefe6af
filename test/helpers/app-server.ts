import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Engine } from "@/db/engine";
import { openTestDatabase } from "./test-database";

export interface RunningApp {
  engine: Engine;
  baseUrl: string;
  /** Milliseconds from spawning `next start` to the first healthy answer. */
  startMs: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}

async function waitHealthy(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the app did not become healthy in 120 s:\n${log()}`);
}

/**
 * Seeds a fresh database of one engine with the demo city (through the same CLI a newcomer
 * runs) and serves the production build on a free port. Needs `npm run build` first.
 */
export async function startApp(engine: Engine): Promise<RunningApp> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the browser tests (npm test does).");
  }
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production" };
  delete env.DATABASE_URL;
  let cleanup: () => Promise<void>;
  if (engine === "pglite") {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-e2e-"));
    env.TEPAT_DATA_DIR = dataDir;
    cleanup = () => rm(dataDir, { recursive: true, force: true });
  } else {
    const database = await openTestDatabase("postgres");
    env.DATABASE_URL = database.url;
    cleanup = () => database.close();
  }
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  await run(tsx, ["lib/cli/seed.ts", "--if-empty"], env);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  await waitHealthy(baseUrl, child, () => log);
  const startMs = Date.now() - started;

  return {
    engine,
    baseUrl,
    startMs,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
      await cleanup();
    },
  };
}
