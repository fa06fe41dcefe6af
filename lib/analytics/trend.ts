import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { coverageMonths, maskPrograms, monthRows, programsListed, type WindowMonths } from "./coverage-cache";
import { eligible, stacked } from "./facts";
import { analysisArea, analysisVerb, eligibleMaxDesil, inArea, type AnalysisArea } from "./scope";
import { aidFigures, spreadBy, type CoverageCounts, type InclusionErrors } from "./summary";
import { monthsOf, resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export interface TrendPoint extends Pick<
  CoverageCounts,
  "aid_amount" | "receipts_without_amount" | "aid_per_receiving_household_month" | "aid_top10_share"
> {
  period: string;
  receiving_households: number;
  stacked_households: number;
  uncovered_eligible_households: number;
  receipts: number;
  inclusion_errors: InclusionErrors;
  /**
   * Households receiving each program listed in the window that month; null where the program
   * has no list that month ("belum ada data": a gap, never a zero).
   */
  programs: Record<string, number | null>;
  /** Programs listed elsewhere in the window with no list this month. */
  programs_without_data: string[];
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
  const months = await coverageMonths(ctx, kabkota, window);
  const { eligibleTotal, households, byProgram } = await monthlyHouseholds(ctx, area, months);
  const receipts = await queryRows<
    InclusionErrors & { period: string; receipts: number; aid_amount: number; receipts_without_amount: number }
  >(
    ctx.db,
    sql`
      SELECT r.period, sum(r.receipts)::int AS receipts,
             sum(r.deceased)::int AS deceased, sum(r.nonaktif)::int AS nonaktif,
             sum(r.not_in_register)::int AS not_in_register, sum(r.invalid_nik)::int AS invalid_nik,
             sum(r.paid_twice)::int AS paid_twice,
             sum(r.amount)::float8 AS aid_amount, sum(r.receipts_without_amount)::int AS receipts_without_amount
      FROM ${monthRows(months, "coverage_month_rt")} r
      WHERE ${inArea(area, sql`r.kelurahan_code`, sql`r.rt_code`)}
      GROUP BY r.period`,
  );
  const spreads = await monthlyAidSpread(ctx, area, months);
  const listed = await programsListed(ctx, kabkota, months);
  const programsOfWindow = [...new Set([...listed.values()].flat())].sort();
  const householdsOf = new Map(households.map((row) => [row.period, row]));
  const receiptsOf = new Map(receipts.map((row) => [row.period, row]));
  const points = monthsOf(window).map((period): TrendPoint => {
    const h = householdsOf.get(period);
    const {
      period: _period,
      receipts: count = 0,
      aid_amount = 0,
      receipts_without_amount = 0,
      ...errors
    } = receiptsOf.get(period) ?? { period, receipts: 0 };
    const listedThisMonth = new Set(listed.get(period) ?? []);
    const received = byProgram.get(period) ?? {};
    return {
      period,
      receiving_households: h?.receiving ?? 0,
      stacked_households: h?.stacked ?? 0,
      uncovered_eligible_households: eligibleTotal - (h?.eligible_receiving ?? 0),
      receipts: count,
      inclusion_errors: { deceased: 0, nonaktif: 0, not_in_register: 0, invalid_nik: 0, paid_twice: 0, ...errors },
      aid_amount,
      receipts_without_amount,
      ...aidFigures(spreads.get(period), 1),
      programs: Object.fromEntries(
        programsOfWindow.map((code) => [code, listedThisMonth.has(code) ? (received[code] ?? 0) : null]),
      ),
      programs_without_data: programsOfWindow.filter((code) => !listedThisMonth.has(code)),
    };
  });
  return { code: area.code, window, eligible_households: eligibleTotal, points };
});

/**
 * Households receiving, stacking and eligible-receiving per month of the window, and receiving
 * each program (from the coverage months, each household in its effective area), with the
 * eligible households as the register stands: the household half of the trend, without the receipts.
 */
async function monthlyHouseholds(ctx: Context, area: AnalysisArea, months: WindowMonths) {
  const kabkota = area.kabkotaCode;
  const maxDesil = await eligibleMaxDesil(ctx);
  const inThisArea = inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`);
  const [base] = await queryRows<{ eligible: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE ${eligible(maxDesil)})::int AS eligible FROM household h WHERE h.kabkota_code = ${kabkota} AND ${inThisArea}`,
  );
  // Households grouped by their month's set of programs first: a few sets a month, so the
  // program bits are spelled out for those, not for every household.
  const sets = await queryRows<{
    period: string;
    programs: string[];
    stacked: boolean;
    eligible: boolean;
    households: number;
  }>(
    ctx.db,
    sql`
      SELECT s.period, ${maskPrograms(sql`s.mask`)} AS programs, ${stacked(maskPrograms(sql`s.mask`))} AS stacked,
             s.eligible, s.households
      FROM (
        SELECT m.period, m.program_mask AS mask, ${eligible(maxDesil)} AS eligible, count(*)::int AS households
        FROM ${monthRows(months, "coverage_month_household")} m
        JOIN household h ON h.kabkota_code = ${kabkota} AND h.id = m.household_id
        WHERE ${inThisArea}
        GROUP BY 1, 2, 3
      ) s`,
  );
  const byPeriod = new Map<string, { receiving: number; stacked: number; eligible_receiving: number }>();
  const byProgram = new Map<string, Record<string, number>>();
  for (const set of sets) {
    const month = byPeriod.get(set.period) ?? { receiving: 0, stacked: 0, eligible_receiving: 0 };
    month.receiving += set.households;
    if (set.stacked) month.stacked += set.households;
    if (set.eligible) month.eligible_receiving += set.households;
    byPeriod.set(set.period, month);
    const counts = byProgram.get(set.period) ?? {};
    for (const code of set.programs) counts[code] = (counts[code] ?? 0) + set.households;
    byProgram.set(set.period, counts);
  }
  const households = [...byPeriod].map(([period, month]) => ({ period, ...month }));
  return { eligibleTotal: base?.eligible ?? 0, households, byProgram };
}

/**
 * Per month, what the area's receiving households got in rupiah and what its top 10 % got,
 * ranked within the month (each month a window of its own, as in `aidSpread` of summary.ts).
 */
async function monthlyAidSpread(ctx: Context, area: AnalysisArea, months: WindowMonths) {
  const amounts = sql`(
    SELECT m.period, m.amount FROM ${monthRows(months, "coverage_month_household")} m
    JOIN household h ON h.kabkota_code = ${area.kabkotaCode} AND h.id = m.household_id
    WHERE ${inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}
  )`;
  const rows = await queryRows<{ key: string; matched: number; receiving: number; top: number }>(
    ctx.db,
    spreadBy(amounts, sql`r.period`),
  );
  return new Map(rows.map(({ key, ...spread }) => [key, spread]));
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
    const months = await coverageMonths(ctx, area.kabkotaCode, window);
    const { eligibleTotal, households } = await monthlyHouseholds(ctx, area, months);
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
