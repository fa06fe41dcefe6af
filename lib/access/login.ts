import { sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { formatDateTime } from "@/lib/format";
import { recordAudit } from "./audit";
import { verifyDecoy, verifyPassword } from "./password";
import { openSession } from "./session";

/** Wrong passwords in a row that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failed logins one address may make per window, whatever usernames it tries. */
export const MAX_FAILED_PER_ADDRESS = 30;

export const loginInput = z.object({
  username: z.string({ error: "username wajib diisi" }).trim().toLowerCase().min(1, { error: "username wajib diisi" }).max(80),
  password: z.string({ error: "password wajib diisi" }).min(1, { error: "password wajib diisi" }).max(200),
});
export type LoginInput = z.infer<typeof loginInput>;

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; userId: number }
  | { ok: false; status: 401 | 429; message: string };

const WRONG = "Nama pengguna atau kata sandi salah.";

/** Failures per address in this process: a second wall against guessing many usernames at once. */
const failuresByAddress = new Map<string, number[]>();

function addressBlocked(ip: string | null): boolean {
  if (!ip) return false;
  const since = Date.now() - LOCK_MINUTES * 60_000;
  const recent = (failuresByAddress.get(ip) ?? []).filter((at) => at > since);
  failuresByAddress.set(ip, recent);
  return recent.length >= MAX_FAILED_PER_ADDRESS;
}

function noteFailure(ip: string | null) {
  if (ip) failuresByAddress.set(ip, [...(failuresByAddress.get(ip) ?? []), Date.now()]);
}

/**
 * Checks a username and password and opens a session. Five wrong passwords in a row lock the
 * account for fifteen minutes (even the right password is refused then); an unknown username
 * answers like a wrong password, after the same argon2 work. Every attempt is audited.
 */
export async function logIn({
  ctx,
  input,
}: {
  ctx: Context;
  input: LoginInput & { ip: string | null; userAgent: string | null };
}): Promise<LoginResult> {
  const { username, password, ip } = input;
  if (addressBlocked(ip)) {
    return { ok: false, status: 429, message: `Terlalu banyak percobaan masuk dari alamat ini. Coba lagi dalam ${LOCK_MINUTES} menit.` };
  }
  const [user] = await queryRows<{ id: number; password_hash: string; active: boolean; locked_until: string | null; locked: boolean }>(
    ctx.db,
    sql`SELECT id::int AS id, password_hash, active, locked_until::text, coalesce(locked_until > now(), false) AS locked
        FROM app_user WHERE username = ${username}`,
  );
  if (user?.locked) {
    await recordAudit(ctx, { action: "login_failed", username, ip, entity: "app_user", entityId: user.id, detail: { reason: "terkunci" } });
    return { ok: false, status: 429, message: `Akun dikunci karena terlalu banyak percobaan gagal. Coba lagi setelah ${formatDateTime(user.locked_until)}.` };
  }
  const valid = user?.active ? await verifyPassword(user.password_hash, password) : (await verifyDecoy(password), false);
  if (!user || !valid) {
    noteFailure(ip);
    if (user) {
      const [after] = await queryRows<{ locked: boolean }>(
        ctx.db,
        sql`UPDATE app_user SET
              failed_logins = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN 0 ELSE failed_logins + 1 END,
              locked_until = CASE WHEN failed_logins + 1 >= ${MAX_FAILED_LOGINS} THEN now() + make_interval(mins => ${LOCK_MINUTES}) ELSE locked_until END
            WHERE id = ${user.id} RETURNING locked_until > now() AS locked`,
      );
      if (after?.locked) {
        await recordAudit(ctx, { action: "login_locked", username, ip, entity: "app_user", entityId: user.id });
        return { ok: false, status: 429, message: `Akun dikunci selama ${LOCK_MINUTES} menit karena ${MAX_FAILED_LOGINS} kali salah kata sandi.` };
      }
    }
    await recordAudit(ctx, { action: "login_failed", username, ip, detail: { reason: user ? (user.active ? "kata sandi salah" : "akun nonaktif") : "nama pengguna tidak dikenal" } });
    return { ok: false, status: 401, message: WRONG };
  }
  await ctx.db.execute(sql`UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = ${user.id}`);
  const session = await openSession(ctx, { userId: user.id, ip, userAgent: input.userAgent });
  await recordAudit(ctx, { action: "login", username, ip, entity: "app_user", entityId: user.id });
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id };
}
