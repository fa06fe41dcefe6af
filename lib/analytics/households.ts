import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { householdFacts, receiptFacts } from "./facts";
import { analysisArea, eligibleMaxDesil, analysisVerb } from "./scope";
import type { InclusionErrors } from "./summary";
import { type AnalysisWindow, resolveWindow, type AreaQuery } from "./window";

export const HOUSEHOLD_LISTS = ["stacked", "conflicting", "uncovered", "errors"] as const;
export type HouseholdList = (typeof HOUSEHOLD_LISTS)[number];
export const HOUSEHOLD_SORTS = ["wilayah", "desil", "program", "kesalahan"] as const;
export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];
export const PAGE_SIZE = 50;

export interface HouseholdListQuery extends AreaQuery {
  list: HouseholdList;
  page: number;
  sort: HouseholdSort;
  program?: string;
  desil?: number;
  /** Rows per page: PAGE_SIZE unless an export asks for the whole list. */
  pageSize?: number;
}

/** A row of a household list: no person in it (no name, NIK, No. KK or address), for every role alike. */
export interface ListedHousehold {
  id: number;
  dtks_id: string;
  kelurahan_code: string | null;
  rt_code: string | null;
  desil: number | null;
  status: string;
  verval_status: string;
  eligible: boolean;
  programs: string[];
  persons: number;
  /** Inclusion errors among the household's receipts of the window. */
  errors: InclusionErrors;
}

export interface HouseholdPage {
  code: string;
  window: AnalysisWindow;
  list: HouseholdList;
  page: number;
  page_size: number;
  total: number;
  households: ListedHousehold[];
}

const LIST_FILTER: Record<HouseholdList, SQL> = {
  stacked: sql`cardinality(f.programs) >= 2`,
  conflicting: sql`f.conflicting`,
  uncovered: sql`f.eligible AND f.programs IS NULL`,
  errors: sql`e.household_id IS NOT NULL`,
};

const ORDER: Record<HouseholdSort, SQL> = {
  wilayah: sql`f.effective_kelurahan_code, f.effective_rt_code NULLS LAST, f.dtks_id`,
  desil: sql`f.desil NULLS LAST, f.effective_kelurahan_code, f.dtks_id`,
  program: sql`cardinality(f.programs) DESC NULLS LAST, f.effective_kelurahan_code, f.dtks_id`,
  kesalahan: sql`coalesce(e.any_error, 0) DESC, f.effective_kelurahan_code, f.dtks_id`,
};

/**
 * The households behind a count — stacked, conflicting, uncovered or with inclusion errors in
 * the window — a page at a time, optionally only those that received a program or have a desil.
 * Null when the area is unknown.
 */
export const listHouseholds = analysisVerb(async (ctx: Context, input: HouseholdListQuery): Promise<HouseholdPage | null> => {
  const area = await analysisArea(ctx, input.code);
  if (!area) return null;
  const window = await resolveWindow({ ctx, input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to } });
  const filters = [LIST_FILTER[input.list]];
  if (input.program) filters.push(sql`${input.program} = ANY (f.programs)`);
  if (input.desil !== undefined) filters.push(sql`f.desil = ${input.desil}`);
  const maxDesil = await eligibleMaxDesil(ctx);
  const pageSize = input.pageSize ?? PAGE_SIZE;
  const query = (select: SQL) => sql`
      WITH f AS (${householdFacts(area, window, maxDesil)}),
      e AS (
        SELECT household_id,
               count(*) FILTER (WHERE deceased)::int AS deceased, count(*) FILTER (WHERE nonaktif)::int AS nonaktif,
               0 AS not_in_register, count(*) FILTER (WHERE invalid_nik)::int AS invalid_nik,
               count(*) FILTER (WHERE paid_twice)::int AS paid_twice,
               count(*) FILTER (WHERE deceased OR nonaktif OR invalid_nik OR paid_twice)::int AS any_error
        FROM (${receiptFacts(area, window)}) r
        WHERE household_id IS NOT NULL
        GROUP BY household_id
        HAVING count(*) FILTER (WHERE deceased OR nonaktif OR invalid_nik OR paid_twice) > 0
      )
      ${select}
      FROM f LEFT JOIN e ON e.household_id = f.id
      WHERE ${sql.join(filters, sql` AND `)}`;
  const rows = await queryRows<ListedHousehold & { total: number }>(
    ctx.db,
    sql`${query(sql`
      SELECT f.id::int AS id, f.dtks_id, f.effective_kelurahan_code AS kelurahan_code, f.effective_rt_code AS rt_code,
             f.desil, f.status, f.verval_status, f.eligible, coalesce(f.programs, '{}') AS programs, f.persons::int AS persons,
             json_build_object('deceased', coalesce(e.deceased, 0), 'nonaktif', coalesce(e.nonaktif, 0), 'not_in_register', 0,
                               'invalid_nik', coalesce(e.invalid_nik, 0), 'paid_twice', coalesce(e.paid_twice, 0)) AS errors,
             count(*) OVER ()::int AS total`)}
      ORDER BY ${ORDER[input.sort]}
      LIMIT ${pageSize} OFFSET ${(input.page - 1) * pageSize}`,
  );
  // Past the last page the window count has no row to ride on: count on its own.
  const total = rows[0]?.total ?? (input.page > 1 ? ((await queryRows<{ n: number }>(ctx.db, query(sql`SELECT count(*)::int AS n`)))[0]?.n ?? 0) : 0);
  return {
    code: area.code,
    window,
    list: input.list,
    page: input.page,
    page_size: pageSize,
    total,
    households: rows.map(({ total: _total, ...household }) => ({
      ...household,
      errors: typeof household.errors === "string" ? (JSON.parse(household.errors) as InclusionErrors) : household.errors,
    })),
  };
});
