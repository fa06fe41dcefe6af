import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import {
  addMonths,
  analysisArea,
  analysisVerb,
  childOf,
  coverageMonths,
  eligible,
  eligibleMaxDesil,
  heldReleases,
  inArea,
  maskPrograms,
  monthRows,
  pageParam,
  type AnalysisArea,
  type AnalysisWindow,
  type HeldRelease,
} from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

/** A desil as the matrix shows it, or where a household stands outside one release. */
export type DesilKey = `${number}` | "tanpa" | "masuk" | "keluar";

export interface TransitionCell {
  /** Desil 1–10 in the earlier release, "tanpa" without one, "masuk" when it lists no such household. */
  from: DesilKey;
  /** Desil 1–10 in the later release, "tanpa" without one, "keluar" when it no longer lists the household. */
  to: DesilKey;
  households: number;
}

/** Gained and lost eligibility, and the two counts that ask for action, over one area or one child area. */
export interface EligibilityChange {
  /** Eligible in the later release and not in the earlier (or new to the register). */
  gained: number;
  /** Eligible in the earlier release and not in the later (or gone from it). */
  lost: number;
  /** Paid a program after the later release whose desil rule it no longer meets (null: no lists after it yet). */
  lost_still_paid: number | null;
  /** Gained eligibility and received nothing after the later release (null: no lists after it yet). */
  gained_unreached: number | null;
}

export interface ProgramTransition extends EligibilityChange {
  code: string;
  name: string;
  /** The program's desil rule: eligible at or below it (the city's eligible desil where it has none). */
  max_desil: number;
}

export interface ReleaseTransitions {
  code: string;
  name: string;
  level: AnalysisArea["level"];
  kabkota_code: string;
  from: HeldRelease;
  to: HeldRelease;
  /** The months after the later release that payments are read from: to the month before the next release, or the latest list. */
  window_after: AnalysisWindow | null;
  households: { from: number; to: number; masuk: number; keluar: number; naik: number; turun: number; tetap: number };
  eligible: { from: number; to: number } & EligibilityChange;
  matrix: TransitionCell[];
  programs: ProgramTransition[];
  /** The area's children (kelurahan of a city or kecamatan, RT of a kelurahan) with their changes. */
  areas: Array<{ code: string | null; name: string } & EligibilityChange>;
}

const releaseName = (field: string) =>
  z
    .string({ error: `${field} harus nama rilis, misalnya 2025-Q3` })
    .trim()
    .min(1, { error: `${field} harus nama rilis, misalnya 2025-Q3` })
    .max(40, { error: `${field} paling panjang 40 karakter` });

export const releaseComparisonParams = z.object({
  code: areaCodeParam,
  from: releaseName("from"),
  to: releaseName("to"),
});
export type ReleaseComparison = z.infer<typeof releaseComparisonParams>;

export const RELEASE_LISTS = ["dicabut_masih_dibayar", "layak_belum_menerima"] as const;
export type ReleaseList = (typeof RELEASE_LISTS)[number];
export const RELEASE_LIST_PAGE_SIZE = 50;

export const releaseListParams = releaseComparisonParams.extend({
  list: z.enum(RELEASE_LISTS, { error: `list harus salah satu dari ${RELEASE_LISTS.join(", ")}` }),
  page: pageParam,
});
export type ReleaseListQuery = z.infer<typeof releaseListParams>;

/** Two releases asked for by name, refused naming the parameter when the city holds no such release. */
class UnknownRelease extends UserError {
  readonly fields: Record<string, string>;
  constructor(field: "from" | "to", name: string, held: HeldRelease[]) {
    const known = held.length ? held.map((r) => r.name).join(", ") : "belum ada rilis yang diimpor";
    super(`Rilis ${name} tidak ada (${known}).`);
    this.fields = { [field]: `rilis ${name} tidak ada; yang ada: ${known}` };
  }
}

/** The months after `to` whose payments count: from its month to the month before the next release, or to the latest list. */
async function windowAfter(
  ctx: Context,
  kabkotaCode: string,
  releases: HeldRelease[],
  to: HeldRelease,
): Promise<AnalysisWindow | null> {
  const start = to.release_date.slice(0, 7);
  const next = releases.find((r) => r.release_date.slice(0, 7) > start);
  const [latest] = await queryRows<{ period: string | null }>(
    ctx.db,
    sql`SELECT max(period) AS period FROM aid_receipt WHERE kabkota_code = ${kabkotaCode}`,
  );
  const until = [next ? addMonths(next.release_date.slice(0, 7), -1) : null, latest?.period ?? null]
    .filter((p): p is string => p !== null)
    .sort()[0];
  return until && until >= start ? { from: start, to: until } : null;
}

interface Comparison {
  area: AnalysisArea;
  from: HeldRelease;
  to: HeldRelease;
  window: AnalysisWindow | null;
  maxDesil: number;
  /** One row per household of the area listed by either release (see `transitionRows`). */
  rows: SQL;
}

async function comparison(ctx: Context, input: ReleaseComparison): Promise<Comparison | null> {
  const area = await analysisArea(ctx, input.code);
  if (!area) return null;
  const releases = await heldReleases(ctx, area.kabkotaCode);
  const from = releases.find((r) => r.name === input.from);
  if (!from) throw new UnknownRelease("from", input.from, releases);
  const to = releases.find((r) => r.name === input.to);
  if (!to) throw new UnknownRelease("to", input.to, releases);
  const window = await windowAfter(ctx, area.kabkotaCode, releases, to);
  const maxDesil = await eligibleMaxDesil(ctx);
  const paid = window
    ? sql`SELECT m.household_id, bit_or(m.program_mask) AS mask
          FROM ${monthRows(await coverageMonths(ctx, area.kabkotaCode, window), "coverage_month_household", { withPeriod: false })} m
          GROUP BY m.household_id`
    : sql`SELECT NULL::bigint AS household_id, 0::bigint AS mask WHERE false`;
  return { area, from, to, window, maxDesil, rows: transitionRows(area, from, to, maxDesil, paid) };
}

/**
 * Eligible for a program `p` (its desil rule, else the city's) by the release fields of side
 * `side` of a transition row; false, never null, where that release does not list the household.
 */
const eligibleForProgram = (side: "from" | "to", maxDesil: number) =>
  sql.raw(
    `coalesce(t.status_${side} = 'aktif' AND t.verval_${side} = 'terverifikasi' AND t.desil_${side} <= coalesce(p.max_desil, ${maxDesil}), false)`,
  );

/**
 * One row per household of the area that either release lists, placed where the later release
 * places it (else the earlier): both sides' desil, status, verval and eligibility, the programs
 * it was paid in the window after the later release (`paid`, null when none), and of those the
 * ones whose desil rule it met in the earlier release and no longer meets (`lost_paid`).
 */
function transitionRows(area: AnalysisArea, from: HeldRelease, to: HeldRelease, maxDesil: number, paid: SQL): SQL {
  const kabkota = area.kabkotaCode;
  const side = (release: HeldRelease) =>
    sql`(SELECT * FROM dtks_release_household WHERE kabkota_code = ${kabkota} AND release_id = ${release.id})`;
  return sql`(
    WITH pair AS (
      SELECT coalesce(b.household_id, a.household_id) AS household_id,
             a.household_id IS NOT NULL AS in_from, b.household_id IS NOT NULL AS in_to,
             a.desil AS desil_from, b.desil AS desil_to,
             a.status AS status_from, b.status AS status_to,
             a.verval_status AS verval_from, b.verval_status AS verval_to,
             coalesce(${eligible(maxDesil, sql`a`)}, false) AS eligible_from,
             coalesce(${eligible(maxDesil, sql`b`)}, false) AS eligible_to,
             coalesce(b.kelurahan_code, a.kelurahan_code) AS kelurahan_code,
             CASE WHEN b.household_id IS NOT NULL THEN b.rt_code ELSE a.rt_code END AS rt_code
      FROM ${side(from)} a FULL JOIN ${side(to)} b ON b.household_id = a.household_id
    ), paid AS (${paid})
    SELECT t.*, CASE WHEN pd.mask IS NOT NULL AND pd.mask <> 0 THEN ${maskPrograms(sql`pd.mask`)} END AS paid,
           (SELECT array_agg(p.code ORDER BY p.code) FROM program p
            WHERE p.code = ANY (${maskPrograms(sql`pd.mask`)})
              AND ${eligibleForProgram("from", maxDesil)} AND NOT ${eligibleForProgram("to", maxDesil)}) AS lost_paid
    FROM pair t LEFT JOIN paid pd ON pd.household_id = t.household_id
    WHERE ${inArea(area, sql`t.kelurahan_code`, sql`t.rt_code`)}
  )`;
}

/** The counts of EligibilityChange over a group of transition rows `t`. */
function changeColumns(window: AnalysisWindow | null): SQL {
  const afterRelease = (count: SQL) => (window ? count : sql`NULL::int`);
  return sql`
    count(*) FILTER (WHERE t.eligible_to AND NOT t.eligible_from)::int AS gained,
    count(*) FILTER (WHERE t.eligible_from AND NOT t.eligible_to)::int AS lost,
    ${afterRelease(sql`count(*) FILTER (WHERE t.lost_paid IS NOT NULL)::int`)} AS lost_still_paid,
    ${afterRelease(sql`count(*) FILTER (WHERE t.eligible_to AND NOT t.eligible_from AND t.paid IS NULL)::int`)} AS gained_unreached`;
}

const desilKey = (desil: string, present: string, absent: DesilKey) =>
  sql.raw(`CASE WHEN NOT ${present} THEN '${absent}' ELSE coalesce(${desil}::text, 'tanpa') END`);

/**
 * What changed between two releases for an area: the desil matrix (from × to, with masuk and
 * keluar), eligibility gained and lost in all and per program with a desil rule, the households
 * that lost eligibility but are still paid and those that gained it and received nothing in the
 * months after the later release, and the same per child area. Null for an area unknown or
 * outside the scope; a release the city does not hold is refused naming its parameter.
 */
export const releaseTransitions = analysisVerb(
  async (ctx: Context, input: ReleaseComparison): Promise<ReleaseTransitions | null> => {
    const found = await comparison(ctx, input);
    if (!found) return null;
    const { area, from, to, window, maxDesil, rows } = found;
    const matrix = await queryRows<TransitionCell>(
      ctx.db,
      sql`SELECT ${desilKey("t.desil_from", "t.in_from", "masuk")} AS "from",
                 ${desilKey("t.desil_to", "t.in_to", "keluar")} AS "to", count(*)::int AS households
          FROM ${rows} t GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const [totals] = await queryRows<
      ReleaseTransitions["households"] & EligibilityChange & { eligible_from: number; eligible_to: number }
    >(
      ctx.db,
      sql`SELECT count(*) FILTER (WHERE t.in_from)::int AS "from", count(*) FILTER (WHERE t.in_to)::int AS "to",
                 count(*) FILTER (WHERE NOT t.in_from)::int AS masuk, count(*) FILTER (WHERE NOT t.in_to)::int AS keluar,
                 count(*) FILTER (WHERE t.desil_to > t.desil_from)::int AS naik,
                 count(*) FILTER (WHERE t.desil_to < t.desil_from)::int AS turun,
                 count(*) FILTER (WHERE t.desil_to = t.desil_from)::int AS tetap,
                 count(*) FILTER (WHERE t.eligible_from)::int AS eligible_from,
                 count(*) FILTER (WHERE t.eligible_to)::int AS eligible_to,
                 ${changeColumns(window)}
          FROM ${rows} t`,
    );
    const programs = await queryRows<ProgramTransition>(
      ctx.db,
      sql`SELECT p.code, p.name, coalesce(p.max_desil, ${maxDesil})::int AS max_desil,
                 count(*) FILTER (WHERE ${eligibleForProgram("to", maxDesil)} AND NOT ${eligibleForProgram("from", maxDesil)})::int AS gained,
                 count(*) FILTER (WHERE ${eligibleForProgram("from", maxDesil)} AND NOT ${eligibleForProgram("to", maxDesil)})::int AS lost,
                 ${window ? sql`count(*) FILTER (WHERE p.code = ANY (t.lost_paid))::int` : sql`NULL::int`} AS lost_still_paid,
                 ${window ? sql`count(*) FILTER (WHERE ${eligibleForProgram("to", maxDesil)} AND NOT ${eligibleForProgram("from", maxDesil)} AND NOT coalesce(p.code = ANY (t.paid), false))::int` : sql`NULL::int`} AS gained_unreached
          FROM program p CROSS JOIN ${rows} t
          WHERE p.max_desil IS NOT NULL AND p.active
          GROUP BY p.code, p.name, p.max_desil ORDER BY p.code`,
    );
    const child = childOf(area, sql`t.kelurahan_code`, sql`t.rt_code`);
    const areas = await queryRows<{ code: string | null; name: string } & EligibilityChange>(
      ctx.db,
      sql`SELECT c.code, coalesce(a.name, 'RT tidak diketahui') AS name, c.gained, c.lost, c.lost_still_paid, c.gained_unreached
          FROM (SELECT ${child} AS code, ${changeColumns(window)} FROM ${rows} t GROUP BY 1) c
          LEFT JOIN area a ON a.code = c.code
          ORDER BY c.code NULLS LAST`,
    );
    const {
      from: fromCount,
      to: toCount,
      masuk,
      keluar,
      naik,
      turun,
      tetap,
      eligible_from,
      eligible_to,
      ...change
    } = totals!;
    return {
      code: area.code,
      name: area.name,
      level: area.level,
      kabkota_code: area.kabkotaCode,
      from,
      to,
      window_after: window,
      households: { from: fromCount, to: toCount, masuk, keluar, naik, turun, tetap },
      eligible: { from: eligible_from, to: eligible_to, ...change },
      matrix,
      programs,
      areas,
    };
  },
);

export interface ReleaseListedHousehold {
  id: number;
  dtks_id: string;
  kelurahan_code: string | null;
  rt_code: string | null;
  desil_from: number | null;
  desil_to: number | null;
  /** Present in the later release (else it is "keluar"), and in the earlier (else "masuk"). */
  in_to: boolean;
  in_from: boolean;
  /** The programs paid after the later release (for `dicabut_masih_dibayar`: those whose desil rule it no longer meets). */
  programs: string[];
}

export interface ReleaseListPage {
  code: string;
  from: string;
  to: string;
  list: ReleaseList;
  window_after: AnalysisWindow | null;
  page: number;
  page_size: number;
  total: number;
  households: ReleaseListedHousehold[];
}

const LIST_FILTER: Record<ReleaseList, SQL> = {
  dicabut_masih_dibayar: sql`t.lost_paid IS NOT NULL`,
  layak_belum_menerima: sql`t.eligible_to AND NOT t.eligible_from AND t.paid IS NULL`,
};

/**
 * The households behind the two counts that ask for action, a page at a time: lost eligibility
 * for a program and still paid it after the later release (to suspend or check in the field), or
 * became eligible and received nothing since (to reach). No person in them, as on every list.
 */
export const releaseHouseholds = analysisVerb(
  async (ctx: Context, input: ReleaseListQuery): Promise<ReleaseListPage | null> => {
    const found = await comparison(ctx, input);
    if (!found) return null;
    const { area, window, rows } = found;
    const offset = (input.page - 1) * RELEASE_LIST_PAGE_SIZE;
    const households = window
      ? await queryRows<ReleaseListedHousehold & { total: number }>(
          ctx.db,
          sql`SELECT h.id::int AS id, h.dtks_id, t.kelurahan_code, t.rt_code,
                     t.desil_from::int AS desil_from, t.desil_to::int AS desil_to, t.in_from, t.in_to,
                     coalesce(${input.list === "dicabut_masih_dibayar" ? sql`t.lost_paid` : sql`t.paid`}, '{}') AS programs,
                     count(*) OVER ()::int AS total
              FROM ${rows} t JOIN household h ON h.kabkota_code = ${area.kabkotaCode} AND h.id = t.household_id
              WHERE ${LIST_FILTER[input.list]}
              ORDER BY t.kelurahan_code, t.rt_code NULLS LAST, h.dtks_id
              LIMIT ${RELEASE_LIST_PAGE_SIZE} OFFSET ${offset}`,
        )
      : [];
    return {
      code: area.code,
      from: input.from,
      to: input.to,
      list: input.list,
      window_after: window,
      page: input.page,
      page_size: RELEASE_LIST_PAGE_SIZE,
      total: households[0]?.total ?? 0,
      households: households.map(({ total: _total, ...household }) => household),
    };
  },
);
