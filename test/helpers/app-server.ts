import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import postgres from "postgres";
import { inject } from "vitest";

import type { Engine } from "@/db/engine";
import { spawnApp, waitForOk } from "@/scripts/app-process";

import { dropTestDatabase, withDatabase } from "./test-database";

export interface RunningApp {
  engine: Engine;
  baseUrl: string;
  /** Milliseconds from spawning `next start` to the first healthy answer. */
  startMs: number;
  /** What the server wrote to stdout and stderr so far. */
  log(): string;
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

const SEED_ARGS = ["scripts/seed.ts", "--if-empty", "--households", "3000", "--demo-accounts"];

async function seed(env: NodeJS.ProcessEnv): Promise<void> {
  await run(path.join(process.cwd(), "node_modules", ".bin", "tsx"), SEED_ARGS, env);
}

/**
 * The seeded demo of one engine, made once per run through the same CLI a newcomer runs and then
 * copied for every app: a PGlite data directory beside the run's templates, or a server database
 * named after the run's template (both removed with the templates when the run ends). Test files
 * run one at a time, so the first to ask makes it.
 */
async function seededCopy(engine: Engine): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (engine === "pglite") {
    const seeded = path.join(path.dirname(inject("pgliteTemplate")), "seeded-pglite");
    if (!existsSync(seeded)) {
      const making = `${seeded}.${process.pid}`;
      await seed({ ...env, TEPAT_DATA_DIR: making });
      await rename(making, seeded);
    }
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-e2e-"));
    await cp(seeded, dataDir, { recursive: true });
    return { env: { ...env, TEPAT_DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = inject("postgresAdminUrl");
  const template = inject("postgresTemplate");
  const seeded = `${template}_seeded`;
  const name = `${template}_app${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const [made] = await admin`SELECT 1 FROM pg_database WHERE datname = ${seeded}`;
    if (!made) {
      await admin.unsafe(`CREATE DATABASE "${seeded}" TEMPLATE "${template}"`);
      await seed({ ...env, DATABASE_URL: withDatabase(adminUrl, seeded) });
    }
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${seeded}"`);
  } finally {
    await admin.end();
  }
  return {
    env: { ...env, DATABASE_URL: withDatabase(adminUrl, name) },
    async cleanup() {
      const closing = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await dropTestDatabase(closing, name);
      await closing.end();
    },
  };
}

/**
 * Serves the production build on a free port over a fresh copy of the seeded demo (the demo
 * city, a 3,000-household register and the demo accounts; a server needs `--demo-accounts` for
 * them). Needs `npm run build` first.
 */
export async function startApp(engine: Engine): Promise<RunningApp> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` before the browser tests (npm test does).");
  }
  const { env, cleanup } = await seededCopy(engine);
  const app = await spawnApp(env);
  let stopping = false;
  // A server that dies under a test leaves only "fetch failed" there: say why it died.
  app.child.once("exit", (code, signal) => {
    if (!stopping) console.error(`[e2e] ${engine}: next start exited (${code ?? signal}):\n${app.log().slice(-8000)}`);
  });
  const startMs = await waitForOk(app, "/api/health");
  return {
    engine,
    baseUrl: app.baseUrl,
    startMs,
    log: () => app.log(),
    async stop() {
      stopping = true;
      await app.stop();
      await cleanup();
    },
  };
}
