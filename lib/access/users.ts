import { eq, sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { userArea } from "@/db/schema";
import { areaCodeParam } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { recordAudit } from "./audit";
import { AccessDenied, TooManyAttempts } from "./errors";
import { LOCKED_NOW, refusalMessage } from "./login";
import { assertStrongPassword, hashPassword } from "./password";
import { roleNeedsAreas, USER_ROLES, type UserRole } from "./roles";
import { can } from "./scope";
import { revokeUserSessions } from "./session";
import { checkPassword, clearAccountThrottle } from "./throttle";

export const usernameParam = z
  .string({ error: "nama pengguna wajib diisi" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, {
    error: "nama pengguna 3–40 huruf kecil, angka, titik, garis bawah atau tanda hubung",
  });

const areaCodes = z.array(areaCodeParam).max(50, { error: "paling banyak 50 wilayah per akun" });

export const userInput = z.object({
  username: usernameParam,
  displayName: z.string().trim().max(120).optional(),
  role: z.enum(USER_ROLES, { error: `peran harus salah satu dari ${USER_ROLES.join(", ")}` }),
  areaCodes: areaCodes.default([]),
  password: z.string({ error: "kata sandi wajib diisi" }),
});
export type UserInput = z.infer<typeof userInput>;

export const userUpdate = z.object({
  id: z.coerce.number().int().positive(),
  displayName: z.string().trim().max(120).optional(),
  role: z.enum(USER_ROLES, { error: `peran harus salah satu dari ${USER_ROLES.join(", ")}` }),
  areaCodes: areaCodes.default([]),
  active: z.boolean(),
  /** A new password set by the admin; empty keeps the old one. */
  password: z.string().optional(),
});
export type UserUpdate = z.infer<typeof userUpdate>;

export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  role: UserRole;
  active: boolean;
  area_codes: string[];
  locked_until: string | null;
  last_login: string | null;
  created_at: string;
}

function assertManage(ctx: Context) {
  if (!can(ctx.actor, "manage_users")) throw new AccessDenied("manage_users");
}

/** Area codes an account may be given: known areas, and some unless the role is admin. */
async function checkAreas(ctx: Context, role: UserRole, codes: string[]): Promise<string[]> {
  const unique = [...new Set(codes)].sort();
  if (!roleNeedsAreas(role)) return [];
  if (unique.length === 0) throw new UserError(`Peran ${role} memerlukan paling sedikit satu wilayah.`);
  const known = await queryRows<{ code: string }>(
    ctx.db,
    sql`SELECT code FROM area WHERE code IN (SELECT jsonb_array_elements_text(${JSON.stringify(unique)}::jsonb))`,
  );
  const missing = unique.filter((code) => !known.some((row) => row.code === code));
  if (missing.length)
    throw new UserError(
      "Wilayah tidak dikenal.",
      missing.map((code) => `kode ${code} tidak ada di basis data`),
    );
  return unique;
}

async function setAreas(ctx: Context, userId: number, codes: string[]) {
  await ctx.db.delete(userArea).where(eq(userArea.userId, userId));
  if (codes.length) await ctx.db.insert(userArea).values(codes.map((areaCode) => ({ userId, areaCode })));
}

export async function listUsers({ ctx }: { ctx: Context }): Promise<UserRow[]> {
  assertManage(ctx);
  return queryRows<UserRow>(
    ctx.db,
    sql`SELECT u.id::int AS id, u.username, u.display_name, u.role, u.active, u.created_at::text,
               (SELECT locked_until::text FROM login_throttle WHERE kind = 'akun' AND key = u.username AND locked_until > now()) AS locked_until,
               coalesce((SELECT array_agg(area_code ORDER BY area_code) FROM user_area WHERE user_id = u.id), '{}') AS area_codes,
               (SELECT max(created_at)::text FROM session WHERE user_id = u.id) AS last_login
        FROM app_user u ORDER BY u.username`,
  );
}

async function userById(ctx: Context, id: number): Promise<UserRow | null> {
  const rows = await listUsers({ ctx });
  return rows.find((row) => row.id === id) ?? null;
}

/** Creates an account (admins, and the CLI acting as the system). The password is checked for strength. */
export async function addUser({
  ctx,
  input,
  weakPasswordAllowed = false,
}: {
  ctx: Context;
  input: UserInput;
  weakPasswordAllowed?: boolean;
}): Promise<UserRow> {
  assertManage(ctx);
  if (!weakPasswordAllowed) assertStrongPassword(input.password, input.username);
  const codes = await checkAreas(ctx, input.role, input.areaCodes);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [taken] = await queryRows<{ id: number }>(
      tx,
      sql`SELECT id::int AS id FROM app_user WHERE username = ${input.username}`,
    );
    if (taken) throw new UserError(`Nama pengguna ${input.username} sudah dipakai.`);
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO app_user (username, display_name, password_hash, role) VALUES (${input.username}, ${input.displayName || null}, ${passwordHash}, ${input.role})
          RETURNING id::int AS id`,
    );
    await setAreas(txCtx, row!.id, codes);
    const created = (await userById(txCtx, row!.id))!;
    await recordAudit(txCtx, {
      action: "user_create",
      entity: "app_user",
      entityId: row!.id,
      newValue: { username: input.username, role: input.role, area_codes: codes },
    });
    return created;
  });
}

/** Changes an account's role, areas, name or state (and password, when given); revokes its sessions when its rights shrink. */
export async function updateUser({ ctx, input }: { ctx: Context; input: UserUpdate }): Promise<UserRow> {
  assertManage(ctx);
  const before = await userById(ctx, input.id);
  if (!before) throw new UserError("Akun tidak ditemukan.");
  if (ctx.actor.kind === "user" && ctx.actor.userId === input.id && (!input.active || input.role !== "admin")) {
    throw new UserError("Anda tidak dapat menonaktifkan atau menurunkan peran akun Anda sendiri.");
  }
  const codes = await checkAreas(ctx, input.role, input.areaCodes);
  if (input.password) assertStrongPassword(input.password, before.username);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    await tx.execute(sql`
      UPDATE app_user SET display_name = ${input.displayName || null}, role = ${input.role}, active = ${input.active},
             password_hash = coalesce(${passwordHash}, password_hash),
             password_changed_at = CASE WHEN ${passwordHash}::text IS NULL THEN password_changed_at ELSE now() END
      WHERE id = ${input.id}`);
    await clearAccountThrottle(txCtx, before.username);
    await setAreas(txCtx, input.id, codes);
    // Any change of rights takes effect at once, not at the next login.
    await revokeUserSessions(txCtx, input.id);
    const after = (await userById(txCtx, input.id))!;
    const view = (u: UserRow) => ({
      display_name: u.display_name,
      role: u.role,
      active: u.active,
      area_codes: u.area_codes,
    });
    await recordAudit(txCtx, {
      action: "user_update",
      entity: "app_user",
      entityId: input.id,
      oldValue: view(before),
      newValue: { ...view(after), ...(passwordHash ? { password: "diganti" } : {}) },
    });
    return after;
  });
}

/**
 * A signed-in account changes its own password; its other sessions end. The current password is
 * checked under the login's limits (the same count per username), and a wrong one is logged.
 */
export async function changeOwnPassword({
  ctx,
  input,
}: {
  ctx: Context;
  input: { current: string; next: string };
}): Promise<void> {
  if (ctx.actor.kind !== "user") throw new UserError("Hanya akun yang masuk yang dapat mengganti kata sandinya.");
  const actor = ctx.actor;
  const ip = ctx.ip ?? null;
  const check = await checkPassword(ctx, { username: actor.username, password: input.current, ip });
  if (check.outcome !== "valid") {
    const reason =
      check.outcome === "refused" ? (check.by === "alamat" ? "batas percobaan alamat" : "terkunci") : check.reason;
    await recordAudit(ctx, {
      action: "password_change_failed",
      entity: "app_user",
      entityId: actor.userId,
      detail: { reason },
    });
    if (check.outcome === "refused") throw new TooManyAttempts(refusalMessage(check));
    if (check.lockedNow) throw new TooManyAttempts(LOCKED_NOW);
    throw new UserError("Kata sandi saat ini salah.");
  }
  assertStrongPassword(input.next, actor.username);
  const passwordHash = await hashPassword(input.next);
  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`UPDATE app_user SET password_hash = ${passwordHash}, password_changed_at = now() WHERE id = ${actor.userId}`,
    );
    await revokeUserSessions({ ...ctx, db: tx }, actor.userId, actor.sessionHash);
    await recordAudit({ ...ctx, db: tx }, { action: "password_change", entity: "app_user", entityId: actor.userId });
  });
}
