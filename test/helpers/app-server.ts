import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import type { Engine } from "@/db/engine";
import { spawnApp, waitForOk } from "@/scripts/app-process";

import { openTestDatabase } from "./test-database";

export interface RunningApp {
  engine: Engine;
  baseUrl: string;
  /** Milliseconds from spawning `next start` to the first healthy answer. */
  startMs: number;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`)),
    );
  });
}

/**
 * Seeds a fresh database of one engine with the demo city, a 3,000-household register and the
 * demo accounts (through the same CLI a newcomer runs; a server needs `--demo-accounts` for
 * them) and serves the production build on a free port.
 * Needs `npm run build` first.
 */
export async function startApp(engine: Engine): Promise<RunningApp> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the browser tests (npm test does).");
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
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
  await run(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["scripts/seed.ts", "--if-empty", "--households", "3000", "--demo-accounts"],
    env,
  );

  const app = await spawnApp(env);
  const startMs = await waitForOk(app, "/api/health");
  return {
    engine,
    baseUrl: app.baseUrl,
    startMs,
    async stop() {
      await app.stop();
      await cleanup();
    },
  };
}
