import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { grantAppRole } from "@/db/app-role";
import { migrateDatabase, openPglite, openPostgres, queryRows, type DatabaseHandle } from "@/db/engine";
import type { UserActor } from "@/lib/access/actor";
import { listAudit } from "@/lib/access/audit";
import { logIn } from "@/lib/access/login";
import { can } from "@/lib/access/scope";
import { actorOfToken, hashToken } from "@/lib/access/session";
import { areaSummary } from "@/lib/analytics";
import { contextOf, type Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";
import { importDtks } from "@/lib/imports";
import { changeSetting } from "@/lib/programs/rules";
import { commandScreen } from "@/lib/screen";
import { settingChange } from "@/lib/settings";

import { describeEachEngine } from "../helpers/each-engine";
import { openTestDatabase, SERVER_ENGINE } from "../helpers/test-database";

const WINDOW = { from: "2025-01", to: "2025-12" };

/** Roles created on the test server, dropped once their databases are gone (a role's grants live in them). */
const createdRoles: string[] = [];
afterAll(async () => {
  if (createdRoles.length === 0) return;
  const admin = postgres(inject("postgresAdminUrl"), { max: 1, onnotice: () => undefined });
  try {
    for (const role of createdRoles) await admin.unsafe(`DROP ROLE IF EXISTS "${role}"`);
  } finally {
    await admin.end();
  }
});

describeEachEngine("sessions, the wall screen's account and the audit log's guards", (fixture, engine) => {
  async function signIn(ctx: Context, username: string): Promise<{ token: string; actor: UserActor }> {
    const result = await logIn({ ctx, input: { username, password: "demo", ip: "127.0.0.1", userAgent: "vitest" } });
    if (!result.ok) throw new Error(`${username}: ${result.message}`);
    return { token: result.token, actor: (await actorOfToken(ctx, result.token))! };
  }
  const lastSeen = async (token: string) =>
    (
      await queryRows<{ idle_s: number }>(
        fixture().ctx.db,
        sql`SELECT extract(epoch FROM now() - last_seen_at)::int AS idle_s FROM session WHERE token_hash = ${hashToken(token)}`,
      )
    )[0]!.idle_s;
  const idleFor = (token: string, interval: string) =>
    fixture().ctx.db.execute(
      sql`UPDATE session SET last_seen_at = now() - ${interval}::interval WHERE token_hash = ${hashToken(token)}`,
    );

  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 19, households: 300 } });
  });

  it("ends a session idle longer than session_idle_minutes (30 by default), and keeps one in use", async () => {
    const { ctx } = fixture();
    const { token } = await signIn(ctx, "lurah");
    await idleFor(token, "29 minutes");
    expect((await actorOfToken(ctx, token))?.username).toBe("lurah");
    // That use moved the session's last use forward, so it stays open another 30 minutes.
    expect(await lastSeen(token)).toBeLessThan(5);

    await idleFor(token, "31 minutes");
    expect(await actorOfToken(ctx, token)).toBeNull();

    const admin = { ...ctx, actor: (await signIn(ctx, "admin")).actor };
    await changeSetting({ ctx: admin, input: { key: "session_idle_minutes", value: 60 } });
    expect((await actorOfToken(ctx, token))?.username).toBe("lurah");
    await changeSetting({ ctx: admin, input: { key: "session_idle_minutes", value: 30 } });
  });

  it("writes a session's last use at most once a minute", async () => {
    const { ctx } = fixture();
    const { token } = await signIn(ctx, "camat");
    await idleFor(token, "40 seconds");
    await actorOfToken(ctx, token);
    expect(await lastSeen(token)).toBeGreaterThanOrEqual(40);
    await idleFor(token, "61 seconds");
    await actorOfToken(ctx, token);
    expect(await lastSeen(token)).toBeLessThan(5);
  });

  it("refuses a small-cell threshold k below 3, naming the field, and keeps the stored one", async () => {
    const { ctx } = fixture();
    const admin = { ...ctx, actor: (await signIn(ctx, "admin")).actor };
    for (const value of [1, 2]) {
      const parsed = settingChange.safeParse({ key: "small_cell_k", value });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["value", "Layar bersama: sembunyikan angka di bawah (rumah tangga): nilai 3 sampai 50."],
      ]);
      await expect(changeSetting({ ctx: admin, input: { key: "small_cell_k", value } })).rejects.toBeInstanceOf(
        UserError,
      );
    }
    const [stored] = await queryRows<{ k: number }>(
      ctx.db,
      sql`SELECT (value #>> '{}')::int AS k FROM app_setting WHERE key = 'small_cell_k'`,
    );
    expect(stored?.k).toBe(5);
    expect((await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 3 } })).small_cell_k).toBe(3);
    await changeSetting({ ctx: admin, input: { key: "small_cell_k", value: 5 } });
  });

  it("gives the demo's wall-screen account its city's screen and no other capability", async () => {
    const { ctx } = fixture();
    const { actor } = await signIn(ctx, "layar");
    expect(actor).toMatchObject({ role: "layar", areaCodes: ["64.72"] });
    expect(can(actor, "read_areas")).toBe(false);
    expect(can(actor, "person_details")).toBe(false);
    expect((await commandScreen({ ctx: { ...ctx, actor } }))?.kelurahan.length).toBeGreaterThan(0);
  });

  it("logs every reading of the audit log, with its filters", async () => {
    const { ctx } = fixture();
    const admin = { ...ctx, actor: (await signIn(ctx, "admin")).actor };
    await listAudit({ ctx: admin, input: { action: "login", page: 2, ip: "10.0.0.7" } });
    const log = await listAudit({ ctx: admin, input: { action: "audit_read", page: 1 } });
    expect(log.rows[0]).toMatchObject({
      username: "admin",
      action: "audit_read",
      ip: "10.0.0.7",
      detail: { filters: { action: "login" }, page: 2 },
    });
  });

  it("refuses to empty the audit log with TRUNCATE, as it refuses UPDATE and DELETE", async () => {
    const { ctx } = fixture();
    const before = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM audit_log`);
    await expect(ctx.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    expect(await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM audit_log`)).toEqual(before);
  });

  it.skipIf(engine === "pglite")(
    "runs the app as a role that owns nothing (db:migrate --app-role): it signs in, sums up and imports, and cannot alter, drop, empty or rewrite the audit log [server only: PGlite has one user and no roles]",
    async () => {
      const owner = fixture().handle as DatabaseHandle & { url?: string };
      const role = `tepat_app_${randomBytes(4).toString("hex")}`;
      await owner.db.execute(sql.raw(`CREATE ROLE "${role}" LOGIN PASSWORD 'app-secret'`));
      createdRoles.push(role);
      const tables = await grantAppRole(owner, role);
      expect(tables).toContain("audit_log");

      const url = new URL(owner.url!);
      url.username = role;
      url.password = "app-secret";
      const app = await openPostgres(url.toString(), { max: 2 });
      try {
        const ctx = contextOf(app);
        // The app migrates at start: with nothing due, it only reads the migration record.
        await migrateDatabase(app);
        const { actor } = await signIn(ctx, "admin");
        expect(
          (await areaSummary({ ctx: { ...ctx, actor }, input: { code: "64.72", ...WINDOW } }))?.households,
        ).toBeGreaterThan(0);
        const csv = [
          "ID_DTKS,NOKK,NIK,NAMA,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,KODE WILAYAH,DESIL,STATUS",
          "APP1,6472051203150007,6472051708850003,Ahmad Yani,17-08-1985,L,Kepala Keluarga,64.72.05.1004,2,aktif",
        ].join("\n");
        const imported = await importDtks({
          ctx: { ...ctx, actor },
          input: { fileName: "peran-aplikasi.csv", bytes: new TextEncoder().encode(csv) },
        });
        expect(imported.newHouseholds).toBe(1);

        const refused: Record<string, RegExp> = {
          "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete": /must be owner/,
          "ALTER TABLE audit_log DISABLE TRIGGER ALL": /must be owner/,
          "DROP TRIGGER audit_log_no_truncate ON audit_log": /must be owner/,
          "ALTER TABLE audit_log ADD COLUMN note text": /must be owner/,
          [`ALTER TABLE audit_log OWNER TO "${role}"`]: /must be owner/,
          "DROP TABLE audit_log": /must be owner/,
          "DROP FUNCTION audit_log_append_only() CASCADE": /must be owner/,
          "TRUNCATE audit_log": /permission denied/,
          "UPDATE audit_log SET action = 'login'": /permission denied/,
          "DELETE FROM audit_log": /permission denied/,
          "SET session_replication_role = replica": /permission denied/,
        };
        const answers: Record<string, string> = {};
        for (const statement of Object.keys(refused)) {
          answers[statement] = await app.db.execute(sql.raw(statement)).then(
            () => "accepted",
            (error: Error) => (error.cause as Error | undefined)?.message ?? error.message,
          );
        }
        for (const [statement, message] of Object.entries(refused))
          expect(answers[statement], statement).toMatch(message);
        const [audit] = await queryRows<{ n: number; logins: number }>(
          owner.db,
          sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE action = 'login' AND username = 'admin')::int AS logins FROM audit_log`,
        );
        expect(audit!.logins).toBeGreaterThan(0);
      } finally {
        await app.close();
      }
    },
  );
});

/** A CLI start, migrations and the demo outlines (on PGlite, in WASM): minutes on a busy machine. */
const SEED_CLI_MS = 600_000;

/** `npm run seed` as a newcomer runs it, on the embedded database or on a server. */
function seedCli(env: NodeJS.ProcessEnv, args: string[]) {
  return spawnSync(
    path.join(process.cwd(), "node_modules", ".bin", "tsx"),
    ["scripts/seed.ts", "--households", "0", ...args],
    { env, encoding: "utf8" },
  );
}

describe("npm run seed and the demo accounts", () => {
  const usernames = async (handle: DatabaseHandle) =>
    (await queryRows<{ username: string }>(handle.db, sql`SELECT username FROM app_user ORDER BY username`)).map(
      (r) => r.username,
    );

  it.runIf(SERVER_ENGINE)(
    "creates the demo accounts (password demo) on a server only when given --demo-accounts",
    async () => {
      const database = await openTestDatabase("postgres");
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url };
        const plain = seedCli(env, []);
        expect(plain.status, plain.stderr).toBe(0);
        expect(plain.stdout).toContain("--demo-accounts");
        expect(await usernames(database)).toEqual([]);
        const asked = seedCli(env, ["--demo-accounts"]);
        expect(asked.status, asked.stderr).toBe(0);
        expect(await usernames(database)).toEqual([
          "admin",
          "camat",
          "dinsos",
          "layar",
          "lurah",
          "operator",
          "pimpinan",
        ]);
      } finally {
        await database.close();
      }
    },
    SEED_CLI_MS,
  );

  it(
    "creates them on the embedded database without the flag, so the quick start's logins work",
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-seed-accounts-"));
      try {
        const env: NodeJS.ProcessEnv = { ...process.env, TEPAT_DATA_DIR: dataDir };
        delete env.DATABASE_URL;
        const seeded = seedCli(env, []);
        expect(seeded.status, seeded.stderr).toBe(0);
        const handle = await openPglite({ dataDir });
        try {
          expect(await usernames(handle)).toContain("layar");
        } finally {
          await handle.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    SEED_CLI_MS,
  );
});
