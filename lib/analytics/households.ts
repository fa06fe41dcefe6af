import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { coverageSource } from "./coverage-cache";
import { householdRowSchema, type HouseholdRow, type ListedHousehold } from "./households.schema";
import { analysisArea, analysisVerb, inArea } from "./scope";
import { resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export type { ListedHousehold } from "./households.schema";

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

export interface HouseholdPage {
  code: string;
  window: AnalysisWindow;
  list: HouseholdList;
  page: number;
  page_size: number;
  total: number;
  households: ListedHousehold[];
}

// `c` is the window's row of a household (coverage-cache.ts, `householdRowsOf`), `h` the household.
const LIST_FILTER: Record<HouseholdList, SQL> = {
  stacked: sql`c.stacked`,
  conflicting: sql`c.conflicting`,
  uncovered: sql`c.eligible AND c.program_codes IS NULL`,
  // households_with_errors: a receipt deceased, nonaktif or paid twice; an invalid NIK is data quality.
  errors: sql`c.deceased + c.nonaktif + c.paid_twice > 0`,
};

const ORDER: Record<HouseholdSort, SQL> = {
  wilayah: sql`h.effective_kelurahan_code, h.effective_rt_code NULLS LAST, h.dtks_id`,
  desil: sql`h.desil NULLS LAST, h.effective_kelurahan_code, h.dtks_id`,
  program: sql`c.programs DESC, h.effective_kelurahan_code, h.dtks_id`,
  kesalahan: sql`c.deceased + c.nonaktif + c.paid_twice DESC, h.effective_kelurahan_code, h.dtks_id`,
};

/**
 * The households behind a count — stacked, conflicting, uncovered or with inclusion errors in
 * the window — a page at a time, optionally only those that received a program or have a desil.
 * Read from the window's household rows in the coverage cache (filled once per window and data
 * version), so a page of the whole city reads one row per household instead of every receipt.
 * Null when the area is unknown.
 */
export const listHouseholds = analysisVerb(
  async (ctx: Context, input: HouseholdListQuery): Promise<HouseholdPage | null> => {
    const area = await analysisArea(ctx, input.code);
    if (!area) return null;
    const window = await resolveWindow({
      ctx,
      input: { kabkotaCode: area.kabkotaCode, from: input.from, to: input.to },
    });
    const source = await coverageSource(ctx, area.kabkotaCode, window, "households");
    const filters = [LIST_FILTER[input.list], inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)];
    if (input.program) filters.push(sql`${input.program} = ANY (c.program_codes)`);
    if (input.desil !== undefined) filters.push(sql`h.desil = ${input.desil}`);
    const pageSize = input.pageSize ?? PAGE_SIZE;
    const query = (select: SQL) => sql`
      ${select}
      FROM ${source.households} c
      JOIN household h ON h.kabkota_code = ${area.kabkotaCode} AND h.id = c.household_id
      WHERE ${sql.join(filters, sql` AND `)}`;
    const select = sql`${query(sql`
      SELECT h.id::int AS id, h.dtks_id, h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code,
             h.desil, h.status, h.verval_status, c.eligible, coalesce(c.program_codes, '{}') AS programs, c.persons,
             c.deceased, c.nonaktif, 0 AS not_in_register, c.invalid_nik, c.paid_twice,
             count(*) OVER ()::int AS total`)}
      ORDER BY ${ORDER[input.sort]}
      LIMIT ${pageSize} OFFSET ${(input.page - 1) * pageSize}`;
    // A page leaves as the API's JSON and is parsed; an export reads chunks of thousands of rows
    // (written as CSV) and is only typed.
    const rows =
      input.pageSize === undefined
        ? await queryRows(ctx.db, select, householdRowSchema)
        : await queryRows<HouseholdRow>(ctx.db, select);
    // Past the last page the window count has no row to ride on: count on its own.
    const total =
      rows[0]?.total ??
      (input.page > 1
        ? ((await queryRows<{ n: number }>(ctx.db, query(sql`SELECT count(*)::int AS n`)))[0]?.n ?? 0)
        : 0);
    return {
      code: area.code,
      window,
      list: input.list,
      page: input.page,
      page_size: pageSize,
      total,
      households: rows.map(
        ({ total: _total, deceased, nonaktif, not_in_register, invalid_nik, paid_twice, ...household }) => ({
          ...household,
          errors: { deceased, nonaktif, not_in_register, invalid_nik, paid_twice },
        }),
      ),
    };
  },
);
