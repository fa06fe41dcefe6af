import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import { inScope } from "@/lib/access";
import type { Context } from "@/lib/context";
import { readSetting, TUNABLE_SETTINGS } from "@/lib/settings";

/** The pseudo child of a kelurahan that holds what has no RT: households without one, unmatched receipts. */
export const UNKNOWN_RT = { code: null, name: "RT tidak diketahui" } as const;

export interface AnalysisArea {
  code: string;
  name: string;
  level: AreaLevel;
  kabkotaCode: string;
  parentCode: string | null;
}

/**
 * An area analytics can answer for: kabupaten/kota and below, within the actor's scope. Null for
 * an unknown area and for one outside the scope alike, so a request cannot learn which it was.
 */
export async function analysisArea(ctx: Context, code: string): Promise<AnalysisArea | null> {
  if (!inScope(ctx.actor, code)) return null;
  return anyAnalysisArea(ctx, code);
}

/** The same area, whatever the actor's scope: for verbs that checked the scope another way. */
export async function anyAnalysisArea(ctx: Context, code: string): Promise<AnalysisArea | null> {
  const [row] = await queryRows<AnalysisArea>(
    ctx.db,
    sql`SELECT code, name, level, kabkota_code AS "kabkotaCode", parent_code AS "parentCode"
        FROM area WHERE code = ${code} AND level IN ('kabkota', 'kecamatan', 'kelurahan', 'rt')`,
  );
  return row ?? null;
}

/**
 * Where a household or receipt falls, given its kelurahan and RT expressions (a household's
 * effective area; an unmatched receipt's listed kelurahan and no RT).
 */
export function inArea(area: AnalysisArea, kelurahan: SQL, rt: SQL): SQL {
  switch (area.level) {
    case "kabkota":
      // Callers already filter on kabkota_code; a LIKE here only blinds the planner's estimates.
      return sql`true`;
    case "kecamatan":
      return sql`${kelurahan} LIKE ${`${area.code}.%`}`;
    case "kelurahan":
      return sql`${kelurahan} = ${area.code}`;
    default:
      return sql`${rt} = ${area.code}`;
  }
}

/** The child area a household or receipt counts in; null at RT level (and for an unknown RT). */
export function childOf(area: AnalysisArea, kelurahan: SQL, rt: SQL): SQL {
  switch (area.level) {
    case "kabkota":
      return sql`left(${kelurahan}, 8)`;
    case "kecamatan":
      return kelurahan;
    case "kelurahan":
      return rt;
    default:
      return sql`NULL::text`;
  }
}

/** The desil at or below which an aktif, verified household is eligible (setting, default 4). */
export function eligibleMaxDesil(ctx: Context): Promise<number> {
  return readSetting(ctx, TUNABLE_SETTINGS.eligible_max_desil);
}

/**
 * An analysis verb, `({ ctx, input })`, whose queries run in one repeatable-read transaction —
 * the data version and the counts it caches see the same data (coverage-cache.ts) — with room
 * to sort and hash in memory: the default 4 MB spills a city's window of receipts to disk.
 */
export function analysisVerb<Input, Result>(query: (ctx: Context, input: Input) => Promise<Result>) {
  return ({ ctx, input }: { ctx: Context; input: Input }): Promise<Result> =>
    ctx.db.transaction(
      async (tx) => {
        await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
        return query({ ...ctx, db: tx }, input);
      },
      { isolationLevel: "repeatable read" },
    );
}
