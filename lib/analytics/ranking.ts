import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { coverageSource } from "./coverage-cache";
import { analysisArea, analysisVerb, inArea } from "./scope";
import { resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

/** What areas can be ranked by: household counts of the window. */
export const RANKED_COUNTS = ["stacked_households", "uncovered_eligible_households", "conflicting_households"] as const;
export type RankedCount = (typeof RANKED_COUNTS)[number];

/** What each ranked count is a share of, so a list ranked by count also shows the rate the map ranks by. */
const RATE_BASE: Record<RankedCount, string> = {
  stacked_households: "receiving_households",
  uncovered_eligible_households: "eligible_households",
  conflicting_households: "receiving_households",
};

export interface RankedArea {
  code: string;
  name: string;
  /** The kelurahan of an RT, the kecamatan of a kelurahan. */
  parent_name: string | null;
  value: number;
  households: number;
  /** `value` as a percentage of its base (receiving or eligible households); null when the base is 0. */
  rate: number | null;
}

export interface AreaRanking {
  code: string;
  window: AnalysisWindow;
  level: "kelurahan" | "rt";
  by: RankedCount;
  areas: RankedArea[];
}

/**
 * The kelurahan or RT under an area with the highest count of the window (most stacked
 * households, most eligible households left uncovered…), largest first; areas with none are
 * left out. Read from the coverage cache like the summary, so it agrees with it. Null when the
 * area is unknown.
 */
export const areaRanking = analysisVerb(
  async (
    ctx: Context,
    input: AreaQuery & { level: "kelurahan" | "rt"; by: RankedCount; limit: number },
  ): Promise<AreaRanking | null> => {
    const area = await analysisArea(ctx, input.code);
    if (!area) return null;
    const window = await resolveWindow({
      ctx,
      input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to },
    });
    const source = await coverageSource(ctx, area.kabkotaCode, window);
    const key = input.level === "kelurahan" ? sql`c.kelurahan_code` : sql`c.rt_code`;
    const areas = await queryRows<RankedArea>(
      ctx.db,
      sql`
        SELECT r.code, coalesce(a.name, r.code) AS name, p.name AS parent_name, r.value, r.households,
               (100.0 * r.value / nullif(r.base, 0))::float8 AS rate
        FROM (
          SELECT ${key} AS code, sum(c.${sql.raw(input.by)})::int AS value, sum(c.households)::int AS households,
                 sum(c.${sql.raw(RATE_BASE[input.by])})::int AS base
          FROM ${source.rows} c
          WHERE ${key} IS NOT NULL AND ${inArea(area, sql`c.kelurahan_code`, sql`c.rt_code`)}
          GROUP BY 1
          HAVING sum(c.${sql.raw(input.by)}) > 0
        ) r
        LEFT JOIN area a ON a.code = r.code
        LEFT JOIN area p ON p.code = a.parent_code
        ORDER BY r.value DESC, r.code
        LIMIT ${input.limit}`,
    );
    return { code: area.code, window, level: input.level, by: input.by, areas };
  },
);
