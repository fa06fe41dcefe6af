import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import type { Context } from "@/lib/context";

import { COVERAGE_COLUMNS, coverageColumnSum, coverageSource, type CoverageSource } from "./coverage-cache";
import { analysisArea, analysisVerb, childOf, inArea, UNKNOWN_RT, type AnalysisArea } from "./scope";
import { aidSpreadRowSchema, countRowSchema, summaryAreaSchema, type InclusionErrors } from "./summary.schema";
import { monthsOf, resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export type { InclusionErrors } from "./summary.schema";

/** The counts of one area for one window (snake_case: they are the API's contract). */
export interface CoverageCounts {
  households: number;
  persons: number;
  poor_persons: number;
  eligible_households: number;
  receiving_households: number;
  stacked_households: number;
  conflicting_households: number;
  uncovered_eligible_households: number;
  never_covered_eligible_households: number;
  /** Households with at least one receipt of the window that is deceased, nonaktif or paid twice. */
  households_with_errors: number;
  /** Receipts of the window attributed here (matched or not). */
  receipts: number;
  /** Receipts with an inclusion error, per kind; `invalid_nik` is data quality, not an inclusion error. */
  inclusion_errors: InclusionErrors;
  /** Rupiah of the window's receipts attributed here (matched or not; missing nominal counts 0). */
  aid_amount: number;
  receipts_without_amount: number;
  /** Rupiah of the area's households' matched receipts ÷ receiving households ÷ months; null when nobody receives. */
  aid_per_receiving_household_month: number | null;
  /** Share (0–1) of that rupiah received by the top ceil(10 %) of receiving households; null when nobody receives. */
  aid_top10_share: number | null;
}

export interface AreaCounts extends CoverageCounts {
  /** null for the "RT tidak diketahui" row. */
  code: string | null;
  name: string;
  level: AreaLevel;
  population: number | null;
}

export interface AreaSummary extends AreaCounts {
  code: string;
  window: AnalysisWindow;
  children: AreaCounts[];
}

const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = {
  provinsi: "kabkota",
  kabkota: "kecamatan",
  kecamatan: "kelurahan",
  kelurahan: "rt",
  rt: null,
};

const ZERO: CoverageCounts = {
  households: 0,
  persons: 0,
  poor_persons: 0,
  eligible_households: 0,
  receiving_households: 0,
  stacked_households: 0,
  conflicting_households: 0,
  uncovered_eligible_households: 0,
  never_covered_eligible_households: 0,
  households_with_errors: 0,
  receipts: 0,
  inclusion_errors: { deceased: 0, nonaktif: 0, not_in_register: 0, invalid_nik: 0, paid_twice: 0 },
  aid_amount: 0,
  receipts_without_amount: 0,
  aid_per_receiving_household_month: null,
  aid_top10_share: null,
};

/** What the receiving households of an area got in rupiah: their sum, their number, the top 10 %'s sum. */
interface AidSpread {
  matched: number;
  receiving: number;
  top: number;
}

/**
 * The rupiah spread of each child and of the whole (`child` and `where` as in `sumCoverage`):
 * households ranked by what they received within each area, so the top 10 % is an area's own,
 * never a sum of its children's.
 */
async function aidSpread(
  ctx: Context,
  source: CoverageSource,
  { child, where }: { child: SQL; where: SQL },
): Promise<{ total: AidSpread | null; byChild: Map<string | null, AidSpread> }> {
  // Households share a few amounts (a program's rupiah times its months): the window keeps how
  // many got each, and both rankings run over those counts, not over every household.
  const rows = await queryRows(
    ctx.db,
    sql`
      WITH a AS MATERIALIZED (SELECT ${child} AS child, c.amount, sum(c.households) AS n FROM ${source.amounts} c WHERE ${where} GROUP BY 1, 2)
      SELECT false AS total, s.key AS child, s.matched, s.receiving, s.top
      FROM (${spreadOfCounts(sql`(SELECT a.child AS key, a.amount, a.n FROM a)`)}) s
      UNION ALL
      SELECT true, NULL, s.matched, s.receiving, s.top
      FROM (${spreadOfCounts(sql`(SELECT true AS key, a.amount, sum(a.n) AS n FROM a GROUP BY a.amount)`)}) s`,
    aidSpreadRowSchema,
  );
  const byChild = new Map<string | null, AidSpread>();
  let total: AidSpread | null = null;
  for (const { total: isTotal, child: code, ...spread } of rows) {
    if (isTotal) total = spread;
    else byChild.set(code, spread);
  }
  return { total, byChild };
}

/**
 * Per `key` (an expression of `r`, a row of `rows`, which have an `amount`): the rupiah of its
 * receiving households (`matched`), how many they are, and what the top ceil(10 %) of them,
 * ranked within the key, received (`top`).
 */
export function spreadBy(rows: SQL, key: SQL): SQL {
  return spreadOfCounts(sql`(SELECT ${key} AS key, r.amount, count(*) AS n FROM ${rows} r GROUP BY 1, 2)`);
}

/**
 * `spreadBy` over `counts`: rows of `key`, `amount` and `n`, the households of the key that got
 * the amount. Ranked by amount (a household without one first, as it always was), the top
 * ceil(10 %) takes whole groups while they fit and a part of the group the cut falls in: the
 * same sum as ranking every household, over a few hundred rows instead of a row per household
 * (at a million households that ranking was 0.54 s of a 0.56 s cached city summary).
 */
function spreadOfCounts(counts: SQL): SQL {
  return sql`
    SELECT t.key, coalesce(sum(t.n * t.amount), 0)::float8 AS matched, sum(t.n)::int AS receiving,
           coalesce(sum(t.amount * greatest(0, least(t.n, t.top_count - (t.ranked - t.n)))), 0)::float8 AS top
    FROM (
      SELECT d.key, d.amount, d.n::bigint AS n,
             sum(d.n) OVER (PARTITION BY d.key ORDER BY d.amount DESC ROWS UNBOUNDED PRECEDING)::bigint AS ranked,
             ((sum(d.n) OVER (PARTITION BY d.key))::bigint + 9) / 10 AS top_count
      FROM ${counts} d
    ) t
    GROUP BY t.key`;
}

/** The per-month and top-10 % rupiah figures of an area's spread over a window of `months` months. */
export function aidFigures(
  spread: AidSpread | null | undefined,
  months: number,
): Pick<CoverageCounts, "aid_per_receiving_household_month" | "aid_top10_share"> {
  if (!spread || spread.receiving === 0) return { aid_per_receiving_household_month: null, aid_top10_share: null };
  return {
    aid_per_receiving_household_month: Math.round(spread.matched / spread.receiving / months),
    aid_top10_share: spread.matched > 0 ? Math.round((spread.top / spread.matched) * 10_000) / 10_000 : null,
  };
}

/**
 * Sums a window's kelurahan × RT counts (`source.rows`, as `c`) over the rows `where` keeps, per
 * `child` (an expression of `c.kelurahan_code` and `c.rt_code`) and in total: the one way an
 * area's counts are added up, for the summary, the wall screen and the map's area tiles alike.
 */
export async function sumCoverage(
  ctx: Context,
  source: CoverageSource,
  { child, where }: { child: SQL; where: SQL },
): Promise<{ total: CoverageCounts; counts: Map<string | null, CoverageCounts> }> {
  const rows = await queryRows(
    ctx.db,
    sql`
      SELECT GROUPING(child) = 1 AS total, child,
             ${sql.raw(COVERAGE_COLUMNS.map((column) => `${coverageColumnSum(column)} AS ${column}`).join(", "))}
      FROM (SELECT ${child} AS child, c.* FROM ${source.rows} c WHERE ${where}) counts
      GROUP BY GROUPING SETS ((child), ())`,
    countRowSchema,
  );
  const spread = await aidSpread(ctx, source, { child, where });
  const months = monthsOf(source.window).length;
  const counts = new Map<string | null, CoverageCounts>();
  let total: CoverageCounts = ZERO;
  for (const row of rows) {
    const {
      total: isTotal,
      child: code,
      deceased,
      nonaktif,
      not_in_register,
      invalid_nik,
      paid_twice,
      ...values
    } = row;
    const merged: CoverageCounts = {
      ...values,
      inclusion_errors: { deceased, nonaktif, not_in_register, invalid_nik, paid_twice },
      ...aidFigures(isTotal ? spread.total : spread.byChild.get(code), months),
    };
    if (isTotal) total = merged;
    else counts.set(code, merged);
  }
  return { total, counts };
}

/**
 * The counts of an area and of each of its children (or, with `byKelurahan`, of each kelurahan
 * under it): sums of the window's kelurahan × RT counts.
 */
async function countByChild(ctx: Context, area: AnalysisArea, window: AnalysisWindow, byKelurahan = false) {
  const source = await coverageSource(ctx, area.kabkotaCode, window);
  const kelurahan = sql`c.kelurahan_code`;
  const rt = sql`c.rt_code`;
  return sumCoverage(ctx, source, {
    child: byKelurahan ? kelurahan : childOf(area, kelurahan, rt),
    where: inArea(area, kelurahan, rt),
  });
}

/**
 * The coverage counts of an area (kota, kecamatan, kelurahan or RT) for a window, with the same
 * counts for every child area. Every area under it appears, with zeros where nothing is; a
 * child code found in the data but missing from the boundaries appears too, and at kelurahan
 * level the "RT tidak diketahui" row holds households without an RT and unmatched receipts, so
 * the children always sum to their parent. Null when the area is unknown.
 */
export const areaSummary = analysisVerb(async (ctx: Context, input: AreaQuery): Promise<AreaSummary | null> => {
  const area = await analysisArea(ctx, input.code);
  if (!area) return null;
  const window = await resolveWindow({ ctx, input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to } });
  const { total, counts } = await countByChild(ctx, area, window);
  const childLevel = CHILD_LEVEL[area.level];
  const areas = await queryRows(
    ctx.db,
    sql`SELECT code, name, population FROM area WHERE parent_code = ${area.code} OR code = ${area.code} ORDER BY code`,
    summaryAreaSchema,
  );
  const known = new Map(areas.map((a) => [a.code, a]));
  const children: AreaCounts[] = [];
  if (childLevel) {
    const codes = new Set([
      ...areas.filter((a) => a.code !== area.code).map((a) => a.code),
      ...[...counts.keys()].filter((c): c is string => c !== null),
    ]);
    for (const code of [...codes].sort()) {
      const meta = known.get(code);
      children.push({
        code,
        name: meta?.name ?? `${code} (tanpa batas wilayah)`,
        level: childLevel,
        population: meta?.population ?? null,
        ...(counts.get(code) ?? ZERO),
      });
    }
    const unknown = counts.get(null);
    if (unknown) children.push({ ...UNKNOWN_RT, level: childLevel, population: null, ...unknown });
  }
  return {
    code: area.code,
    name: area.name,
    level: area.level,
    population: known.get(area.code)?.population ?? null,
    window,
    ...total,
    children,
  };
});

/**
 * The window's counts of every kelurahan under an area (a kabupaten/kota or a kecamatan), with
 * zeros where nothing is: the wall screen's choropleths. Null when the area is unknown or
 * outside the actor's scope.
 */
export const kelurahanCounts = analysisVerb(
  async (
    ctx: Context,
    input: AreaQuery,
  ): Promise<{ code: string; window: AnalysisWindow; kelurahan: AreaCounts[] } | null> => {
    const area = await analysisArea(ctx, input.code);
    if (!area || (area.level !== "kabkota" && area.level !== "kecamatan")) return null;
    const window = await resolveWindow({
      ctx,
      input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to },
    });
    const { counts } = await countByChild(ctx, area, window, true);
    const areas = await queryRows(
      ctx.db,
      sql`SELECT code, name, population FROM area WHERE level = 'kelurahan' AND code LIKE ${`${area.code}.%`} ORDER BY code`,
      summaryAreaSchema,
    );
    return {
      code: area.code,
      window,
      kelurahan: areas.map((a) => ({
        code: a.code,
        name: a.name,
        level: "kelurahan" as const,
        population: a.population,
        ...(counts.get(a.code) ?? ZERO),
      })),
    };
  },
);
