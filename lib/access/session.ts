import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import type { UserActor } from "./actor";
import type { UserRole } from "./roles";

export const SESSION_COOKIE = "tepat_sesi";

/** A session lasts a working day; signing out or an admin's revocation ends it sooner. */
export const SESSION_HOURS = 12;

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Opens a session and returns its token (for the cookie; the table keeps only its hash). */
export async function openSession(
  ctx: Context,
  input: { userId: number; ip: string | null; userAgent: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await queryRows<{ expires_at: string }>(
    ctx.db,
    sql`INSERT INTO session (token_hash, user_id, expires_at, ip, user_agent)
        VALUES (${hashToken(token)}, ${input.userId}, now() + make_interval(hours => ${SESSION_HOURS}), ${input.ip}, ${input.userAgent?.slice(0, 300) ?? null})
        RETURNING expires_at::text`,
  );
  return { token, expiresAt: new Date(row!.expires_at) };
}

/** The account behind a session token, or null when the session is unknown, expired, revoked or its account inactive. */
export async function actorOfToken(ctx: Context, token: string): Promise<UserActor | null> {
  const tokenHash = hashToken(token);
  const [row] = await queryRows<{ id: number; username: string; display_name: string | null; role: UserRole; area_codes: string[] | null }>(
    ctx.db,
    sql`SELECT u.id::int AS id, u.username, u.display_name, u.role,
               (SELECT array_agg(ua.area_code ORDER BY ua.area_code) FROM user_area ua WHERE ua.user_id = u.id) AS area_codes
        FROM session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
  );
  if (!row) return null;
  return {
    kind: "user",
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    areaCodes: row.role === "admin" ? [] : (row.area_codes ?? []),
    sessionHash: tokenHash,
  };
}

export async function revokeSession(ctx: Context, sessionHash: string): Promise<void> {
  await ctx.db.execute(sql`UPDATE session SET revoked_at = now() WHERE token_hash = ${sessionHash} AND revoked_at IS NULL`);
}

/** Ends every open session of an account, but the one given (a password change keeps its own). */
export async function revokeUserSessions(ctx: Context, userId: number, except?: string): Promise<void> {
  await ctx.db.execute(
    sql`UPDATE session SET revoked_at = now() WHERE user_id = ${userId} AND revoked_at IS NULL ${except ? sql`AND token_hash <> ${except}` : sql``}`,
  );
}
