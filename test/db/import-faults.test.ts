import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queryRows, type DatabaseHandle, type Engine } from "@/db/engine";
import { contextOf, type Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { formatInteger } from "@/lib/format";
import { importDtks, importRecipients } from "@/lib/imports";

import { describeEachEngine } from "../helpers/each-engine";
import { dtksFile, importFingerprint as fingerprint, recipientFile, withPgliteData } from "../helpers/import-files";
import { ENGINES, openTestDatabase } from "../helpers/test-database";

interface Cli {
  child: ChildProcess;
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * `npm run import -- …` as an operator runs it, against the database `env` names. Node loads tsx
 * itself, so the child is the process that imports (the tsx binary would run it in a grandchild,
 * which a kill of the child would not reach).
 */
function importCli(env: NodeJS.ProcessEnv, args: string[]): Cli {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/import.ts", ...args], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

/** Resolves once the CLI has printed `text`, or rejects when it exits first. */
function printed(cli: Cli, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (cli.output().includes(text)) {
        cli.child.stdout!.off("data", check);
        resolve();
      }
    };
    cli.child.stdout!.on("data", check);
    void cli.exit.then(() => reject(new Error(`the CLI exited before printing "${text}":\n${cli.output()}`)));
  });
}

/**
 * One engine's database for CLI processes: a PGlite data directory (which only one process may
 * hold, so the test opens it between runs) or a scratch PostgreSQL database.
 */
interface CliDatabase {
  env: NodeJS.ProcessEnv;
  /** Runs `work` with a context on the database (PGlite: while no CLI holds it). */
  use<T>(work: (ctx: Context) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

async function cliDatabase(engine: Engine): Promise<CliDatabase> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (engine === "pglite") {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-kill-"));
    env.TEPAT_DATA_DIR = dataDir;
    const use = <T>(work: (ctx: Context) => Promise<T>) => withPgliteData(dataDir, work);
    return { env, use, close: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const handle: DatabaseHandle & { url?: string } = await openTestDatabase("postgres");
  env.DATABASE_URL = handle.url;
  return { env, use: (work) => work(contextOf(handle)), close: () => handle.close() };
}

describe.each(ENGINES)("an import killed halfway, and imports started at once [%s]", (engine) => {
  let database: CliDatabase;
  let folder: string;
  const HOUSEHOLDS = 3000;

  beforeAll(async () => {
    database = await cliDatabase(engine);
    await database.use((ctx) => seedDemoCity({ ctx, input: { seed: 1, households: 0 } }));
    folder = await mkdtemp(path.join(os.tmpdir(), "tepat-kill-files-"));
    await writeFile(path.join(folder, "dtks-awal.csv"), dtksFile("A", 50));
    await writeFile(path.join(folder, "dtks-besar.csv"), dtksFile("B", HOUSEHOLDS));
    await writeFile(path.join(folder, "penerima-pkh.csv"), recipientFile(400));
    const first = importCli(database.env, ["dtks", path.join(folder, "dtks-awal.csv")]);
    expect(await first.exit, first.output()).toEqual({ code: 0, signal: null });
  }, 600_000);

  afterAll(async () => {
    await database?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("leaves the database exactly as before after kill -9 inside the import's transaction, and the next import succeeds", async () => {
    const before = await database.use(fingerprint);
    const killed = importCli(database.env, ["dtks", path.join(folder, "dtks-besar.csv")]);
    // Printed inside the transaction, once the import holds its turn and before it writes.
    await printed(killed, `Menulis ke register: ${formatInteger(HOUSEHOLDS)} rumah tangga`);
    killed.child.kill("SIGKILL");
    expect(await killed.exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(killed.output()).not.toContain("Impor DTKS selesai");

    if (engine === "postgres") {
      // The server rolls the dead client's transaction back once it notices; its lock goes with it.
      await database.use(async (ctx) => {
        for (;;) {
          const [held] = await queryRows<{ n: number }>(
            ctx.db,
            sql`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`,
          );
          if (held!.n === 0) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      });
    }
    // PGlite: the data directory opens again (the dead process's pid file is taken over) and recovers.
    expect(await database.use(fingerprint)).toEqual(before);

    const again = importCli(database.env, ["dtks", path.join(folder, "dtks-besar.csv")]);
    expect(await again.exit, again.output()).toEqual({ code: 0, signal: null });
    expect(again.output()).toContain(`Impor DTKS selesai`);
    const [counts] = await database.use((ctx) =>
      queryRows<{ households: number; persons: number }>(
        ctx.db,
        sql`SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM person) AS persons`,
      ),
    );
    expect(counts).toEqual({ households: 50 + HOUSEHOLDS, persons: 2 * (50 + HOUSEHOLDS) });
    const logged = await database.use((ctx) =>
      queryRows<{ username: string; detail: { file: string; via: string } }>(
        ctx.db,
        sql`SELECT username, detail FROM audit_log WHERE action = 'import' ORDER BY id`,
      ),
    );
    expect(logged.map((entry) => [entry.username, entry.detail.file, entry.detail.via])).toEqual([
      [`cli:${os.userInfo().username}`, "dtks-awal.csv", "cli"],
      [`cli:${os.userInfo().username}`, "dtks-besar.csv", "cli"],
    ]);
  }, 600_000);

  it.runIf(engine === "postgres")(
    "runs two CLI imports of one recipient list started at once one after the other: the list counts once",
    async () => {
      const file = path.join(folder, "penerima-pkh.csv");
      const [a, b] = [importCli(database.env, ["penerima", file]), importCli(database.env, ["penerima", file])];
      const exits = await Promise.all([a.exit, b.exit]);
      expect(exits, `${a.output()}\n---\n${b.output()}`).toEqual([
        { code: 0, signal: null },
        { code: 0, signal: null },
      ]);
      const outputs = [a.output(), b.output()];
      expect(outputs.filter((o) => o.includes("Impor penerima selesai"))).toHaveLength(1);
      expect(outputs.filter((o) => o.includes("Berkas ini sudah diimpor"))).toHaveLength(1);
      const [counts] = await database.use((ctx) =>
        queryRows<{ receipts: number; batches: number }>(
          ctx.db,
          sql`SELECT (SELECT count(*)::int FROM aid_receipt) AS receipts,
                 (SELECT count(*)::int FROM import_batch WHERE kind = 'penerima') AS batches`,
        ),
      );
      expect(counts).toEqual({ receipts: 400, batches: 1 });
    },
    600_000,
  );
});

describeEachEngine("imports started at once in one process", (fixture) => {
  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
  });

  it("takes them one at a time: two DTKS files both land whole, and a recipient list sent twice counts once", async () => {
    const { ctx } = fixture();
    const [x, y] = await Promise.all([
      importDtks({ ctx, input: { fileName: "x.csv", bytes: dtksFile("X", 300) } }),
      importDtks({ ctx, input: { fileName: "y.csv", bytes: dtksFile("Y", 200, 300) } }),
    ]);
    expect([x.newHouseholds, y.newHouseholds]).toEqual([300, 200]);
    const bytes = recipientFile(500);
    const reports = await Promise.all([
      importRecipients({ ctx, input: { fileName: "pkh.csv", bytes } }),
      importRecipients({ ctx, input: { fileName: "pkh-lagi.csv", bytes } }),
    ]);
    expect(reports.map((r) => r.alreadyImported).sort()).toEqual([false, true]);
    expect(reports[0]!.batchId).toBe(reports[1]!.batchId);
    const [counts] = await queryRows<{ households: number; persons: number; receipts: number; failed: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM person) AS persons,
                 (SELECT count(*)::int FROM aid_receipt) AS receipts,
                 (SELECT count(*)::int FROM import_batch WHERE status <> 'selesai') AS failed`,
    );
    expect(counts).toEqual({ households: 500, persons: 1000, receipts: 500, failed: 0 });
  });
});
