import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { eligible, receiptFacts } from "./facts";
import { analysisArea, analysisVerb, eligibleMaxDesil, inArea, type AnalysisArea } from "./scope";
import type { InclusionErrors } from "./summary";
import { monthsOf, resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export interface TrendPoint {
  period: string;
  receiving_households: number;
  stacked_households: number;
  uncovered_eligible_households: number;
  receipts: number;
  inclusion_errors: InclusionErrors;
  /** Households receiving each program that month. */
  programs: Record<string, number>;
}

export interface AreaTrend {
  code: string;
  window: AnalysisWindow;
  /** Eligible households as the register stands now (the base of every month's uncovered count). */
  eligible_households: number;
  points: TrendPoint[];
}

/**
 * Month by month, each month taken as a window of its own: households receiving, stacking and
 * left uncovered, receipts and their inclusion errors, recipients per program. Months without
 * receipts are present with zeros. By default the whole span of periods held.
 */
export const areaTrend = analysisVerb(async (ctx: Context, input: AreaQuery): Promise<AreaTrend | null> => {
  const area = await analysisArea(ctx, input.code);
  if (!area) return null;
  const kabkota = area.kabkotaCode;
  let window: AnalysisWindow;
  if (input.from || input.to) {
    window = await resolveWindow({ ctx, input: { kabkotaCode: kabkota, from: input.from, to: input.to } });
  } else {
    const [span] = await queryRows<{ from: string | null; to: string | null }>(
      ctx.db,
      sql`SELECT min(period) AS "from", max(period) AS "to" FROM aid_receipt WHERE kabkota_code = ${kabkota}`,
    );
    window =
      span?.from && span.to
        ? { from: span.from, to: span.to }
        : await resolveWindow({ ctx, input: { kabkotaCode: kabkota } });
  }
  const { eligibleTotal, households } = await monthlyHouseholds(ctx, area, window);
  const inThisArea = inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`);
  const byProgram = await queryRows<{ period: string; program: string; households: number }>(
    ctx.db,
    sql`
      SELECT r.period, r.program_code AS program, count(DISTINCT h.id)::int AS households
      FROM aid_receipt r JOIN household h ON h.kabkota_code = r.kabkota_code AND h.id = r.matched_household_id
      WHERE r.kabkota_code = ${kabkota} AND r.period BETWEEN ${window.from} AND ${window.to} AND ${inThisArea}
      GROUP BY r.period, r.program_code`,
  );
  const receipts = await queryRows<InclusionErrors & { period: string; receipts: number }>(
    ctx.db,
    sql`
      WITH facts AS (${receiptFacts(area, window)})
      SELECT period, count(*)::int AS receipts,
             count(*) FILTER (WHERE deceased)::int AS deceased, count(*) FILTER (WHERE nonaktif)::int AS nonaktif,
             count(*) FILTER (WHERE not_in_register)::int AS not_in_register, count(*) FILTER (WHERE invalid_nik)::int AS invalid_nik,
             count(*) FILTER (WHERE paid_twice)::int AS paid_twice
      FROM facts GROUP BY period`,
  );
  const householdsOf = new Map(households.map((row) => [row.period, row]));
  const receiptsOf = new Map(receipts.map((row) => [row.period, row]));
  const programsOf = new Map<string, Record<string, number>>();
  for (const row of byProgram)
    programsOf.set(row.period, { ...programsOf.get(row.period), [row.program]: row.households });
  const points = monthsOf(window).map((period): TrendPoint => {
    const h = householdsOf.get(period);
    const { period: _period, receipts: count = 0, ...errors } = receiptsOf.get(period) ?? { period, receipts: 0 };
    return {
      period,
      receiving_households: h?.receiving ?? 0,
      stacked_households: h?.stacked ?? 0,
      uncovered_eligible_households: eligibleTotal - (h?.eligible_receiving ?? 0),
      receipts: count,
      inclusion_errors: { deceased: 0, nonaktif: 0, not_in_register: 0, invalid_nik: 0, paid_twice: 0, ...errors },
      programs: programsOf.get(period) ?? {},
    };
  });
  return { code: area.code, window, eligible_households: eligibleTotal, points };
});

/**
 * Households receiving, stacking and eligible-receiving per month of the window, and the eligible
 * households as the register stands: the household half of the trend, without the receipt facts.
 */
async function monthlyHouseholds(ctx: Context, area: AnalysisArea, window: AnalysisWindow) {
  const kabkota = area.kabkotaCode;
  const maxDesil = await eligibleMaxDesil(ctx);
  const inThisArea = inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`);
  const [base] = await queryRows<{ eligible: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE ${eligible(maxDesil)})::int AS eligible FROM household h WHERE h.kabkota_code = ${kabkota} AND ${inThisArea}`,
  );
  const households = await queryRows<{
    period: string;
    receiving: number;
    stacked: number;
    eligible_receiving: number;
  }>(
    ctx.db,
    sql`
      WITH monthly AS (
        SELECT r.period, h.id, count(DISTINCT r.program_code) AS programs, bool_or(${eligible(maxDesil)}) AS eligible
        FROM aid_receipt r JOIN household h ON h.kabkota_code = r.kabkota_code AND h.id = r.matched_household_id
        WHERE r.kabkota_code = ${kabkota} AND r.period BETWEEN ${window.from} AND ${window.to} AND ${inThisArea}
        GROUP BY r.period, h.id
      )
      SELECT period, count(*)::int AS receiving, count(*) FILTER (WHERE programs >= 2)::int AS stacked,
             count(*) FILTER (WHERE eligible)::int AS eligible_receiving
      FROM monthly GROUP BY period`,
  );
  return { eligibleTotal: base?.eligible ?? 0, households };
}

export interface MonthlyCoverage {
  code: string;
  window: AnalysisWindow;
  eligible_households: number;
  points: Array<{
    period: string;
    receiving_households: number;
    stacked_households: number;
    uncovered_eligible_households: number;
  }>;
}

/**
 * Month by month, households receiving, stacking and eligible but uncovered (the same counts as
 * the trend's, without its receipt facts, so a wall screen can ask often). Null when the area is
 * unknown or outside the actor's scope.
 */
export const areaMonthlyCoverage = analysisVerb(
  async (ctx: Context, input: AreaQuery & { from: string; to: string }): Promise<MonthlyCoverage | null> => {
    const area = await analysisArea(ctx, input.code);
    if (!area) return null;
    const window = { from: input.from, to: input.to };
    const { eligibleTotal, households } = await monthlyHouseholds(ctx, area, window);
    const householdsOf = new Map(households.map((row) => [row.period, row]));
    return {
      code: area.code,
      window,
      eligible_households: eligibleTotal,
      points: monthsOf(window).map((period) => {
        const h = householdsOf.get(period);
        return {
          period,
          receiving_households: h?.receiving ?? 0,
          stacked_households: h?.stacked ?? 0,
          uncovered_eligible_households: eligibleTotal - (h?.eligible_receiving ?? 0),
        };
      }),
    };
  },
);
