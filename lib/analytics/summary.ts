import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import type { Context } from "@/lib/context";
import { householdFacts, receiptRows } from "./facts";
import { type AnalysisArea, analysisArea, eligibleMaxDesil, UNKNOWN_RT, analysisVerb } from "./scope";
import { type AnalysisWindow, resolveWindow, type AreaQuery } from "./window";

export interface InclusionErrors {
  deceased: number;
  nonaktif: number;
  not_in_register: number;
  invalid_nik: number;
  paid_twice: number;
}

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
  /** Receipts of the window attributed here (matched or not). */
  receipts: number;
  inclusion_errors: InclusionErrors;
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

const CHILD_LEVEL: Record<AreaLevel, AreaLevel | null> = { provinsi: "kabkota", kabkota: "kecamatan", kecamatan: "kelurahan", kelurahan: "rt", rt: null };

const ZERO: CoverageCounts = {
  households: 0, persons: 0, poor_persons: 0, eligible_households: 0, receiving_households: 0, stacked_households: 0,
  conflicting_households: 0, uncovered_eligible_households: 0, never_covered_eligible_households: 0, receipts: 0,
  inclusion_errors: { deceased: 0, nonaktif: 0, not_in_register: 0, invalid_nik: 0, paid_twice: 0 },
};

type HouseholdRow = Omit<CoverageCounts, "receipts" | "inclusion_errors"> & { total: boolean; child: string | null };
type ReceiptRow = InclusionErrors & { total: boolean; child: string | null; receipts: number };

/** Household and receipt counts of an area and each of its children, in two set-based queries. */
async function countByChild(ctx: Context, area: AnalysisArea, window: AnalysisWindow) {
  const maxDesil = await eligibleMaxDesil(ctx);
  const households = await queryRows<HouseholdRow>(
    ctx.db,
    sql`
      WITH facts AS (${householdFacts(area, window, maxDesil)})
      SELECT GROUPING(child) = 1 AS total, child,
             count(*)::int AS households,
             coalesce(sum(persons), 0)::int AS persons,
             coalesce(sum(poor_persons), 0)::int AS poor_persons,
             count(*) FILTER (WHERE eligible)::int AS eligible_households,
             count(*) FILTER (WHERE programs IS NOT NULL)::int AS receiving_households,
             count(*) FILTER (WHERE cardinality(programs) >= 2)::int AS stacked_households,
             count(*) FILTER (WHERE conflicting)::int AS conflicting_households,
             count(*) FILTER (WHERE eligible AND programs IS NULL)::int AS uncovered_eligible_households,
             count(*) FILTER (WHERE eligible AND NOT received_ever)::int AS never_covered_eligible_households
      FROM facts GROUP BY GROUPING SETS ((child), ())`,
  );
  const receipts = await queryRows<ReceiptRow>(
    ctx.db,
    sql`
      WITH facts AS MATERIALIZED (${receiptRows(area, window)}),
      -- Paid twice per child: receipts beyond the first of each payee, program and period.
      repeats AS (
        SELECT child, count(*) - 1 AS extra FROM facts WHERE payee IS NOT NULL
        GROUP BY child, payee, program_code, period HAVING count(*) > 1
      ),
      flags AS (
        SELECT GROUPING(child) = 1 AS total, child,
               count(*)::int AS receipts,
               count(*) FILTER (WHERE deceased)::int AS deceased,
               count(*) FILTER (WHERE nonaktif)::int AS nonaktif,
               count(*) FILTER (WHERE not_in_register)::int AS not_in_register,
               count(*) FILTER (WHERE invalid_nik)::int AS invalid_nik
        FROM facts GROUP BY GROUPING SETS ((child), ())
      ),
      twice AS (
        SELECT GROUPING(child) = 1 AS total, child, sum(extra)::int AS paid_twice
        FROM repeats GROUP BY GROUPING SETS ((child), ())
      )
      SELECT f.*, coalesce(t.paid_twice, 0) AS paid_twice
      FROM flags f LEFT JOIN twice t ON t.total = f.total AND t.child IS NOT DISTINCT FROM f.child`,
  );
  const counts = new Map<string | null, CoverageCounts>();
  let total: CoverageCounts = ZERO;
  const slot = (row: { total: boolean; child: string | null }) => (row.total ? null : row.child);
  for (const row of households) {
    const { total: isTotal, child: _child, ...values } = row;
    const merged = { ...ZERO, ...values };
    if (isTotal) total = merged;
    else counts.set(slot(row), merged);
  }
  for (const row of receipts) {
    const { total: isTotal, child: _child, receipts: n, ...errors } = row;
    if (isTotal) total = { ...total, receipts: n, inclusion_errors: errors };
    else counts.set(slot(row), { ...(counts.get(slot(row)) ?? ZERO), receipts: n, inclusion_errors: errors });
  }
  return { total, counts };
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
  const areas = await queryRows<{ code: string; name: string; population: number | null }>(
    ctx.db,
    sql`SELECT code, name, population FROM area WHERE parent_code = ${area.code} OR code = ${area.code} ORDER BY code`,
  );
  const known = new Map(areas.map((a) => [a.code, a]));
  const children: AreaCounts[] = [];
  if (childLevel) {
    const codes = new Set([...areas.filter((a) => a.code !== area.code).map((a) => a.code), ...[...counts.keys()].filter((c): c is string => c !== null)]);
    for (const code of [...codes].sort()) {
      const meta = known.get(code);
      children.push({ code, name: meta?.name ?? `${code} (tanpa batas wilayah)`, level: childLevel, population: meta?.population ?? null, ...(counts.get(code) ?? ZERO) });
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
