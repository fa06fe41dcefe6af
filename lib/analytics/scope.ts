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
 * Thrown by a verb that needs work done in transactions of its own before it can answer (the
 * coverage months of a window: coverage-cache.ts). `analysisVerb` rolls the verb back, runs
 * `prepare` outside it, then asks again, so no transaction holds the database for the whole of
 * that work: on PGlite, with one connection, work outside the request's turn (a background
 * refresh, a page) is served between its steps.
 */
export class NeedsPreparation extends Error {
  constructor(readonly prepare: (ctx: Context) => Promise<void>) {
    super("Analisis perlu disiapkan lebih dulu.");
  }
}

/** Preparations under way in this process, per database handle and what they prepare. */
const preparationsUnderWay = new WeakMap<Context["db"], Map<string, Promise<void>>>();

/**
 * A NeedsPreparation that requests of this process share: one that needs what another is
 * already preparing (the same `key` on the same database) waits for that run instead of doing
 * the work again, so a window a hundred people open at once is counted once. Only the request
 * that runs it hears its failure; the others ask again and, on their last attempt, do it in place.
 */
export function sharedPreparation(key: string, prepare: (ctx: Context) => Promise<void>): NeedsPreparation {
  return new NeedsPreparation(async (ctx) => {
    let underWay = preparationsUnderWay.get(ctx.db);
    if (!underWay) preparationsUnderWay.set(ctx.db, (underWay = new Map()));
    const running = underWay.get(key);
    if (running) return running.catch(() => undefined);
    const run = prepare(ctx).finally(() => underWay.delete(key));
    underWay.set(key, run);
    return run;
  });
}

/** How often a verb is asked before it must do its preparation inside its own transaction. */
const ATTEMPTS = 3;

/** Transactions of a verb's last attempt: there, what needs preparation is done in place. */
const lastAttempts = new WeakSet<Context["db"]>();

/** Whether this is a verb's last attempt, which must not throw NeedsPreparation. */
export function isLastAttempt(ctx: Context): boolean {
  return lastAttempts.has(ctx.db);
}

/**
 * An analysis verb, `({ ctx, input })`, whose queries run in one repeatable-read transaction —
 * the data version and the counts it caches see the same data (coverage-cache.ts) — with room
 * to sort and hash in memory: the default 4 MB spills a city's window of receipts to disk. A
 * verb that throws NeedsPreparation is asked again once the preparation is done (at most
 * ATTEMPTS times; a write between the two may need it again).
 */
export function analysisVerb<Input, Result>(query: (ctx: Context, input: Input) => Promise<Result>) {
  return async ({ ctx, input }: { ctx: Context; input: Input }): Promise<Result> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await ctx.db.transaction(
          async (tx) => {
            await tx.execute(sql`SET LOCAL work_mem = '64MB'`);
            if (attempt === ATTEMPTS) lastAttempts.add(tx);
            return query({ ...ctx, db: tx }, input);
          },
          { isolationLevel: "repeatable read" },
        );
      } catch (error) {
        if (!(error instanceof NeedsPreparation) || attempt === ATTEMPTS) throw error;
        await error.prepare(ctx);
      }
    }
  };
}
