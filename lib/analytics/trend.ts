import { sql } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { Context } from "@/lib/context";

import { coverageMonths, maskPrograms, monthRows, programsListed, type WindowMonths } from "./coverage-cache";
import { eligible, stacked } from "./facts";
import { heldReleases, releasesInForce } from "./releases-in-force";
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
  /** Eligible households of the month: by the release in force then, else as the register stands. */
  eligible_households: number;
  uncovered_eligible_households: number;
  /** The DTSEN release the month's eligible households are counted by (null: the register as it stands). */
  release: string | null;
  /** The month lies before every release held: the earliest release stands in for it. */
  release_later_than_period: boolean;
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
  /** Eligible households as the register stands now. */
  eligible_households: number;
  /**
   * What each month's eligible and uncovered households are counted by: the DTSEN release in
   * force that month (`rilis`), or, where the city holds no release, the register as it stands.
   */
  eligible_basis: EligibleBasis;
  points: TrendPoint[];
}

export type EligibleBasis = "rilis" | "register";

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
  const { eligibleTotal, basis, households, byProgram } = await monthlyHouseholds(ctx, area, months, window);
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
      ...eligibleOfMonth(h, eligibleTotal),
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
  return { code: area.code, window, eligible_households: eligibleTotal, eligible_basis: basis, points };
});

type MonthOfHouseholds = Awaited<ReturnType<typeof monthlyHouseholds>>["households"][number];

/** A month's eligible and uncovered households, and the release they are counted by. */
function eligibleOfMonth(month: MonthOfHouseholds | undefined, eligibleTotal: number) {
  const eligibleHouseholds = month?.eligible ?? eligibleTotal;
  return {
    eligible_households: eligibleHouseholds,
    uncovered_eligible_households: eligibleHouseholds - (month?.eligible_receiving ?? 0),
    release: month?.release ?? null,
    release_later_than_period: month?.release_later_than_period ?? false,
  };
}

/**
 * Households receiving, stacking and eligible-receiving per month of the window, and receiving
 * each program (from the coverage months, each household in its effective area), with the
 * eligible households: of each month's release in force where the city holds releases (each
 * household where that release placed it), else of the register as it stands. The household
 * half of the trend, without the receipts.
 */
async function monthlyHouseholds(ctx: Context, area: AnalysisArea, months: WindowMonths, window: AnalysisWindow) {
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
  type Month = {
    receiving: number;
    stacked: number;
    eligible_receiving: number;
    eligible?: number;
    release?: string;
    release_later_than_period?: boolean;
  };
  const byPeriod = new Map<string, Month>();
  const byProgram = new Map<string, Record<string, number>>();
  const monthOf = (period: string) => {
    const month = byPeriod.get(period) ?? { receiving: 0, stacked: 0, eligible_receiving: 0 };
    byPeriod.set(period, month);
    return month;
  };
  for (const set of sets) {
    const month = monthOf(set.period);
    month.receiving += set.households;
    if (set.stacked) month.stacked += set.households;
    if (set.eligible) month.eligible_receiving += set.households;
    const counts = byProgram.get(set.period) ?? {};
    for (const code of set.programs) counts[code] = (counts[code] ?? 0) + set.households;
    byProgram.set(set.period, counts);
  }

  const inForce = releasesInForce(await heldReleases(ctx, kabkota), monthsOf(window));
  if (inForce.size) {
    const releaseIds = sqlArray([...new Set([...inForce.values()].map(({ release }) => release.id))], "int");
    const inReleaseArea = inArea(area, sql`rh.kelurahan_code`, sql`rh.rt_code`);
    const eligibleOfRelease = await queryRows<{ release_id: number; eligible: number }>(
      ctx.db,
      sql`SELECT rh.release_id::int AS release_id, count(*) FILTER (WHERE ${eligible(maxDesil, sql`rh`)})::int AS eligible
          FROM dtks_release_household rh
          WHERE rh.kabkota_code = ${kabkota} AND rh.release_id = ANY (${releaseIds}) AND ${inReleaseArea}
          GROUP BY rh.release_id`,
    );
    const periodRelease = sql.join(
      [...inForce].map(([period, { release }]) => sql`(${period}::text, ${release.id}::bigint)`),
      sql`, `,
    );
    const receivingOfRelease = await queryRows<{ period: string; eligible_receiving: number }>(
      ctx.db,
      sql`SELECT m.period, count(*)::int AS eligible_receiving
          FROM ${monthRows(months, "coverage_month_household")} m
          JOIN (VALUES ${periodRelease}) f(period, release_id) ON f.period = m.period
          JOIN dtks_release_household rh
            ON rh.kabkota_code = ${kabkota} AND rh.release_id = f.release_id AND rh.household_id = m.household_id
          WHERE ${eligible(maxDesil, sql`rh`)} AND ${inReleaseArea}
          GROUP BY m.period`,
    );
    const eligibleOf = new Map(eligibleOfRelease.map((row) => [row.release_id, row.eligible]));
    const receivingOf = new Map(receivingOfRelease.map((row) => [row.period, row.eligible_receiving]));
    for (const [period, { release, later_than_period }] of inForce) {
      Object.assign(monthOf(period), {
        eligible: eligibleOf.get(release.id) ?? 0,
        eligible_receiving: receivingOf.get(period) ?? 0,
        release: release.name,
        release_later_than_period: later_than_period,
      });
    }
  }
  const households = [...byPeriod].map(([period, month]) => ({ period, ...month }));
  return {
    eligibleTotal: base?.eligible ?? 0,
    basis: (inForce.size ? "rilis" : "register") as EligibleBasis,
    households,
    byProgram,
  };
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
  eligible_basis: EligibleBasis;
  points: Array<
    Pick<
      TrendPoint,
      | "period"
      | "receiving_households"
      | "stacked_households"
      | "eligible_households"
      | "uncovered_eligible_households"
      | "release"
      | "release_later_than_period"
    >
  >;
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
    const { eligibleTotal, basis, households } = await monthlyHouseholds(ctx, area, months, window);
    const householdsOf = new Map(households.map((row) => [row.period, row]));
    return {
      code: area.code,
      window,
      eligible_households: eligibleTotal,
      eligible_basis: basis,
      points: monthsOf(window).map((period) => {
        const h = householdsOf.get(period);
        return {
          period,
          receiving_households: h?.receiving ?? 0,
          stacked_households: h?.stacked ?? 0,
          ...eligibleOfMonth(h, eligibleTotal),
        };
      }),
    };
  },
);
