import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { spawnApp, waitForOk, type AppProcess } from "@/scripts/app-process";

import { signIn } from "../helpers/accounts";
import { dtksFile, importFingerprint, recipientFile, withPgliteData } from "../helpers/import-files";

const HOUSEHOLDS = 6000;

function upload(
  app: AppProcess,
  cookie: string,
  route: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<Response> {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], fileName, { type: "text/csv" }));
  return fetch(`${app.baseUrl}${route}`, { method: "POST", headers: { cookie, origin: app.baseUrl }, body: form });
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
    const pending = upload(app, cookie, "/api/import/dtks", "dtks-besar.csv", bytes).catch((error: unknown) => error);
    // Logged inside the import's transaction, once it holds its turn and before it writes.
    await logged(app, `[impor dtks-besar.csv] Menulis ${HOUSEHOLDS} rumah tangga`);
    app.child.kill("SIGKILL");
    await new Promise((resolve) => app!.child.once("exit", resolve));
    expect(app.child.signalCode).toBe("SIGKILL");
    expect(await pending).toBeInstanceOf(Error);
    // The dead server's pid is still in the directory: the next owner takes it over.
    expect(Number(await readFile(path.join(dataDir, "tepat.pid"), "utf8"))).toBe(app.child.pid);

    expect(await withData(importFingerprint)).toEqual(before);

    app = await spawnApp(env);
    await waitForOk(app, "/api/health");
    const admin = await signIn(app.baseUrl, "admin");
    const landed = await upload(app, admin, "/api/import/dtks", "dtks-besar.csv", bytes);
    expect(landed.status, await landed.clone().text()).toBe(200);
    expect(await landed.json()).toMatchObject({
      alreadyImported: false,
      newHouseholds: HOUSEHOLDS,
      persons: 2 * HOUSEHOLDS,
    });

    // Two uploads of one recipient list at once: one lands, the other finds it landed.
    const list = recipientFile(300);
    const answers = await Promise.all([
      upload(app, admin, "/api/import/penerima", "pkh-a.csv", list),
      upload(app, admin, "/api/import/penerima", "pkh-b.csv", list),
    ]);
    const reports = await Promise.all(
      answers.map((a) => a.json() as Promise<{ alreadyImported: boolean; receipts: number }>),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(reports.map((r) => r.alreadyImported).sort()).toEqual([false, true]);

    // A file refused whole is in the audit log, with its route and name.
    const refused = await upload(
      app,
      admin,
      "/api/import/dtks",
      "kosong.csv",
      new TextEncoder().encode("bukan,kolom,dtks\n1,2,3\n"),
    );
    expect(refused.status).toBe(400);
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
