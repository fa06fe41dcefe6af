import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { coverageSource } from "./coverage-cache";
import { analysisArea, analysisVerb, inArea } from "./scope";
import { resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export interface ProgramCombination {
  /** The exact set of programs a household received in the window, in code order. */
  programs: string[];
  households: number;
  /** Whether the set holds a pair not allowed together (forbidden or not settled): bertumpuk. */
  stacked: boolean;
  /** Whether an exclusivity rule forbids a pair in this set. */
  conflicting: boolean;
}

export interface AreaOverlap {
  code: string;
  window: AnalysisWindow;
  receiving_households: number;
  /** Households per exact combination, largest first (the UpSet view). */
  combinations: ProgramCombination[];
  /** Households per program, whatever else they received (the program mix). */
  programs: Array<{ program: string; households: number }>;
}

/** How the window's programs overlap on the households of an area. Null when the area is unknown. */
export const areaOverlap = analysisVerb(async (ctx: Context, input: AreaQuery): Promise<AreaOverlap | null> => {
  const area = await analysisArea(ctx, input.code);
  if (!area) return null;
  const window = await resolveWindow({ ctx, input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to } });
  const source = await coverageSource(ctx, area.kabkotaCode, window);
  const inThisArea = inArea(area, sql`c.kelurahan_code`, sql`c.rt_code`);
  const combinations = await queryRows<ProgramCombination>(
    ctx.db,
    sql`SELECT c.programs, sum(c.households)::int AS households, bool_or(c.stacked) AS stacked, bool_or(c.conflicting) AS conflicting
        FROM ${source.combinations} c WHERE ${inThisArea}
        GROUP BY c.programs ORDER BY households DESC, cardinality(c.programs), c.programs`,
  );
  const programs = await queryRows<{ program: string; households: number }>(
    ctx.db,
    sql`SELECT program, sum(c.households)::int AS households
        FROM ${source.combinations} c, unnest(c.programs) AS program WHERE ${inThisArea}
        GROUP BY program ORDER BY households DESC, program`,
  );
  return {
    code: area.code,
    window,
    receiving_households: combinations.reduce((sum, c) => sum + c.households, 0),
    combinations,
    programs,
  };
});
