import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { formatInteger } from "@/lib/format";
import { spawnApp, waitForOk, type AppProcess } from "@/scripts/app-process";

import { signIn } from "../helpers/accounts";
import { dtksFile, importFingerprint, recipientFile, withPgliteData } from "../helpers/import-files";
import { importThroughJob } from "../helpers/import-jobs";

const HOUSEHOLDS = 6000;

function csvForm(fileName: string, bytes: Uint8Array): FormData {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "text/csv" }));
  return form;
}

function upload(
  app: AppProcess,
  cookie: string,
  route: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<Response> {
  return fetch(`${app.baseUrl}${route}`, {
    method: "POST",
    headers: { cookie, origin: app.baseUrl },
    body: csvForm(fileName, bytes),
  });
}

/** Resolves once the server's log shows `text`. */
async function logged(app: AppProcess, text: string): Promise<void> {
  while (!app.log().includes(text)) {
    if (app.child.exitCode !== null) throw new Error(`next start exited before logging "${text}":\n${app.log()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("kill -9 of `next start` on PGlite during an upload", () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let app: AppProcess | undefined;

  /** Works on the data directory while no server holds it. */
  const withData = <T>(work: (ctx: Context) => Promise<T>) => withPgliteData(dataDir, work);

  beforeAll(async () => {
    if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID")))
      throw new Error("No production build: run `npm run build` first.");
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-e2e-kill-"));
    env = { ...process.env, TEPAT_DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    await new Promise<void>((resolve, reject) => {
      const seed = spawn(
        path.join(process.cwd(), "node_modules", ".bin", "tsx"),
        ["scripts/seed.ts", "--households", "0"],
        { env, stdio: "ignore" },
      );
      seed.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`seed exited ${code}`))));
    });
  }, 600_000);

  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("restarts on the same data directory with nothing half-written, and the upload then lands; two uploads at once count once", async () => {
    const before = await withData(importFingerprint);
    const bytes = dtksFile("U", HOUSEHOLDS);

    app = await spawnApp(env);
    await waitForOk(app, "/api/health");
    const cookie = await signIn(app.baseUrl, "admin");
    // The upload answers at once with its job; the import goes on in the server.
    const started = await upload(app, cookie, "/api/import/dtks", "dtks-besar.csv", bytes);
    expect(started.status).toBe(202);
    const { job } = (await started.json()) as { job: { id: string } };
    // Logged inside the import's transaction, once it holds its turn and before it writes.
    await logged(app, `[impor dtks-besar.csv] Menulis ke register: ${formatInteger(HOUSEHOLDS)} rumah tangga`);
    app.child.kill("SIGKILL");
    await new Promise((resolve) => app!.child.once("exit", resolve));
    expect(app.child.signalCode).toBe("SIGKILL");
    // The dead server's pid is still in the directory: the next owner takes it over.
    expect(Number(await readFile(path.join(dataDir, "tepat.pid"), "utf8"))).toBe(app.child.pid);

    expect(await withData(importFingerprint)).toEqual(before);

    app = await spawnApp(env);
    await waitForOk(app, "/api/health");
    const admin = await signIn(app.baseUrl, "admin");
    // The job died with its server: the new one does not know it.
    expect((await fetch(`${app.baseUrl}/api/import/jobs/${job.id}`, { headers: { cookie: admin } })).status).toBe(404);
    const landed = await importThroughJob(app.baseUrl, admin, "/api/import/dtks", csvForm("dtks-besar.csv", bytes));
    expect(landed.status, JSON.stringify(landed.body)).toBe(200);
    expect(landed.body).toMatchObject({
      alreadyImported: false,
      newHouseholds: HOUSEHOLDS,
      persons: 2 * HOUSEHOLDS,
    });

    // Two uploads of one recipient list at once: one lands, the other finds it landed.
    const list = recipientFile(300);
    const answers = await Promise.all([
      importThroughJob(app.baseUrl, admin, "/api/import/penerima", csvForm("pkh-a.csv", list)),
      importThroughJob(app.baseUrl, admin, "/api/import/penerima", csvForm("pkh-b.csv", list)),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers.map((a) => a.body.alreadyImported).sort()).toEqual([false, true]);

    // A file refused whole is in the audit log, with its route and name.
    const refused = await importThroughJob(
      app.baseUrl,
      admin,
      "/api/import/dtks",
      csvForm("kosong.csv", new TextEncoder().encode("bukan,kolom,dtks\n1,2,3\n")),
    );
    expect([refused.status, refused.job?.status]).toEqual([400, "gagal"]);
    const audit = await fetch(`${app.baseUrl}/api/admin/audit?action=import_refused`, { headers: { cookie: admin } });
    const entries = (await audit.json()) as {
      rows: Array<{ username: string; detail: { route: string; file: string } }>;
    };
    expect(entries.rows.map((r) => [r.username, r.detail.route, r.detail.file])).toEqual([
      ["admin", "/api/import/dtks", "kosong.csv"],
    ]);

    await app.stop();
    app = undefined;
    const [counts] = await withData((ctx) =>
      queryRows<{ households: number; receipts: number; landed: number }>(
        ctx.db,
        sql`SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM aid_receipt) AS receipts,
                 (SELECT count(*)::int FROM import_batch WHERE status = 'selesai') AS landed`,
      ),
    );
    expect(counts).toEqual({ households: HOUSEHOLDS, receipts: 300, landed: 2 });
  }, 900_000);
});
