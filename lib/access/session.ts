import { createHash, randomBytes } from "node:crypto";

import { and, eq, isNull, ne, sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { session } from "@/db/schema";
import type { Context } from "@/lib/context";
import { settingSql, TUNABLE_SETTINGS } from "@/lib/settings";

import type { UserActor } from "./actor";
import type { UserRole } from "./roles";

export const SESSION_COOKIE = "tepat_sesi";

/**
 * A session lasts a working day at most; signing out, an admin's revocation or
 * `session_idle_minutes` without a request (30 by default) end it sooner.
 */
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
  const [row] = await ctx.db
    .insert(session)
    .values({
      tokenHash: hashToken(token),
      userId: input.userId,
      expiresAt: sql`now() + make_interval(hours => ${SESSION_HOURS})`,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning({ expiresAt: session.expiresAt });
  return { token, expiresAt: row!.expiresAt };
}

/** A session's last use is written at most this often, so a request does not cost a write. */
const TOUCH_EVERY_SECONDS = 60;

/**
 * The account behind a session token, or null when the session is unknown, expired, revoked,
 * idle longer than `session_idle_minutes`, or its account inactive. A session in use has its
 * last use moved forward (at most once a minute).
 */
export async function actorOfToken(ctx: Context, token: string): Promise<UserActor | null> {
  const tokenHash = hashToken(token);
  const [row] = await queryRows<{
    id: number;
    username: string;
    display_name: string | null;
    role: UserRole;
    area_codes: string[] | null;
    stale: boolean;
  }>(
    ctx.db,
    sql`SELECT u.id::int AS id, u.username, u.display_name, u.role,
               (SELECT array_agg(ua.area_code ORDER BY ua.area_code) FROM user_area ua WHERE ua.user_id = u.id) AS area_codes,
               s.last_seen_at < now() - make_interval(secs => ${TOUCH_EVERY_SECONDS}) AS stale
        FROM session s JOIN app_user u ON u.id = s.user_id
        WHERE s.token_hash = ${tokenHash} AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
          AND s.last_seen_at > now() - make_interval(mins => ${settingSql(TUNABLE_SETTINGS.session_idle_minutes)})`,
  );
  if (!row) return null;
  if (row.stale)
    await ctx.db
      .update(session)
      .set({ lastSeenAt: sql`now()` })
      .where(eq(session.tokenHash, tokenHash));
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
  await ctx.db
    .update(session)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(session.tokenHash, sessionHash), isNull(session.revokedAt)));
}

/** Ends every open session of an account, but the one given (a password change keeps its own). */
export async function revokeUserSessions(ctx: Context, userId: number, except?: string): Promise<void> {
  await ctx.db
    .update(session)
    .set({ revokedAt: sql`now()` })
    .where(
      and(eq(session.userId, userId), isNull(session.revokedAt), except ? ne(session.tokenHash, except) : undefined),
    );
}
