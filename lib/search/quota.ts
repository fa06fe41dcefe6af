import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

/** NIK and No. KK searches one account may make in an hour (a sliding hour). */
export const ID_SEARCHES_PER_HOUR = 30;

/**
 * Whether the actor may make one more NIK or No. KK search now, counted from the audit log
 * itself (every such search writes an entry), so the count holds across processes, restarts
 * and both engines. Call inside the transaction that will write the search's audit entry: the
 * account's row is locked until it commits, so parallel searches are counted one after the
 * other and no burst gets past the limit. Null when the search may go ahead; otherwise when
 * the oldest counted search leaves the hour. The system (CLI, tests) is not limited.
 */
export async function idSearchRetryAt(ctx: Context): Promise<Date | null> {
  if (ctx.actor.kind !== "user") return null;
  // NO KEY UPDATE: serialises this account's searches without blocking its sessions' foreign keys.
  await ctx.db.execute(sql`SELECT id FROM app_user WHERE id = ${ctx.actor.userId} FOR NO KEY UPDATE`);
  // The 30th newest search of the hour: while there is one, the account is at the limit, until it leaves the hour.
  const [limiting] = await queryRows<{ retry_ms: number }>(
    ctx.db,
    sql`SELECT (extract(epoch FROM at + interval '1 hour') * 1000)::float8 AS retry_ms
        FROM audit_log
        WHERE action = 'search' AND at > now() - interval '1 hour' AND user_id = ${ctx.actor.userId}
          AND detail->>'kind' IN ('nik', 'kk')
        ORDER BY at DESC OFFSET ${ID_SEARCHES_PER_HOUR - 1} LIMIT 1`,
  );
  return limiting ? new Date(limiting.retry_ms) : null;
}
