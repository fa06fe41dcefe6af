import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { verifyDecoy, verifyPassword } from "./password";

/** Password checks one username may have within LOCK_MINUTES before it locks for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Failed password checks one client address may have within LOCK_MINUTES, whatever usernames it tries. */
export const MAX_FAILED_PER_ADDRESS = 30;

const LIMITS = { akun: MAX_FAILED_LOGINS, alamat: MAX_FAILED_PER_ADDRESS } as const;
type ThrottleKind = keyof typeof LIMITS;

type Reservation = { ok: true; locksNow: boolean } | { ok: false; lockedUntil: string | null };

const window = sql`make_interval(mins => ${LOCK_MINUTES})`;

/**
 * Counts one attempt for a username or an address before its password is checked, in one
 * statement: the row lock of the upsert orders parallel attempts, so a burst checks at most the
 * limit. The attempt that reaches the limit locks at once (and is still checked); later ones are
 * refused. A window older than LOCK_MINUTES starts again from one.
 */
async function reserve(ctx: Context, kind: ThrottleKind, key: string): Promise<Reservation> {
  const limit = LIMITS[kind];
  const attempts = sql`CASE WHEN t.window_start <= now() - ${window} THEN 1 ELSE t.attempts + 1 END`;
  const [row] = await queryRows<{ locks: boolean }>(
    ctx.db,
    sql`INSERT INTO login_throttle AS t (kind, key, attempts, window_start, locked_until)
        VALUES (${kind}, ${key}, 1, now(), CASE WHEN 1 >= ${limit}::int THEN now() + ${window} END)
        ON CONFLICT (kind, key) DO UPDATE SET
          attempts = ${attempts},
          window_start = CASE WHEN t.window_start <= now() - ${window} THEN now() ELSE t.window_start END,
          locked_until = CASE WHEN ${attempts} >= ${limit}::int THEN now() + ${window} END
        WHERE t.locked_until IS NULL OR t.locked_until <= now()
        RETURNING locked_until IS NOT NULL AS locks`,
  );
  if (row) return { ok: true, locksNow: row.locks };
  const [held] = await queryRows<{ locked_until: string | null }>(
    ctx.db,
    sql`SELECT locked_until::text FROM login_throttle WHERE kind = ${kind} AND key = ${key}`,
  );
  return { ok: false, lockedUntil: held?.locked_until ?? null };
}

/** Deletes counts whose window and lock have both passed: they would start again from one anyway. */
async function prune(ctx: Context) {
  await ctx.db.execute(
    sql`DELETE FROM login_throttle WHERE window_start <= now() - ${window} AND (locked_until IS NULL OR locked_until <= now())`,
  );
}

export type PasswordCheck =
  | { outcome: "valid"; userId: number }
  | { outcome: "wrong"; userId: number | null; reason: string; lockedNow: boolean }
  | { outcome: "refused"; by: ThrottleKind; lockedUntil: string | null; userId: number | null };

/**
 * Checks a username's password under the sign-in limits, for the login and for a password
 * change alike (one counter per username). A username the database does not know, or an
 * inactive account, is counted and locked like any other and checked against a decoy hash, so
 * neither the answer nor its time tells whether an account exists.
 */
export async function checkPassword(
  ctx: Context,
  input: { username: string; password: string; ip: string | null },
): Promise<PasswordCheck> {
  const { username, password, ip } = input;
  await prune(ctx);
  const [user] = await queryRows<{ id: number; password_hash: string; active: boolean }>(
    ctx.db,
    sql`SELECT id::int AS id, password_hash, active FROM app_user WHERE username = ${username}`,
  );
  const userId = user?.id ?? null;
  if (ip) {
    const address = await reserve(ctx, "alamat", ip);
    if (!address.ok) return { outcome: "refused", by: "alamat", lockedUntil: address.lockedUntil, userId };
  }
  // The address counts passwords checked and found wrong: a refusal or a right password gives its attempt back.
  const giveBack = async () => {
    if (ip)
      await ctx.db.execute(
        sql`UPDATE login_throttle SET attempts = attempts - 1 WHERE kind = 'alamat' AND key = ${ip} AND attempts > 0 AND locked_until IS NULL`,
      );
  };
  const account = await reserve(ctx, "akun", username);
  if (!account.ok) {
    await giveBack();
    return { outcome: "refused", by: "akun", lockedUntil: account.lockedUntil, userId };
  }
  if (user?.active && (await verifyPassword(user.password_hash, password))) {
    // A right password starts the username's count again.
    await clearAccountThrottle(ctx, username);
    await giveBack();
    return { outcome: "valid", userId: user.id };
  }
  if (!user?.active) await verifyDecoy(password);
  const reason = user ? (user.active ? "kata sandi salah" : "akun nonaktif") : "nama pengguna tidak dikenal";
  return { outcome: "wrong", userId, reason, lockedNow: account.locksNow };
}

/** Lifts a username's lock and count (an admin's change of the account). */
export async function clearAccountThrottle(ctx: Context, username: string): Promise<void> {
  await ctx.db.execute(sql`DELETE FROM login_throttle WHERE kind = 'akun' AND key = ${username}`);
}
