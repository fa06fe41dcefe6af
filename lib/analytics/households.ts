import { sql, type SQL } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import { can, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";

import { coverageSource } from "./coverage-cache";
import { householdRowSchema, type HouseholdRow, type ListedHousehold } from "./households.schema";
import { analysisArea, analysisVerb, inArea } from "./scope";
import { resolveWindow, type AnalysisWindow, type AreaQuery } from "./window";

export type { ListedHousehold } from "./households.schema";

/** The lists behind the counts, and `all`: every household of the area (an RT's visit list). */
export const HOUSEHOLD_LISTS = ["stacked", "conflicting", "uncovered", "errors", "all"] as const;
export type HouseholdList = (typeof HOUSEHOLD_LISTS)[number];
export const HOUSEHOLD_SORTS = ["wilayah", "desil", "program", "kesalahan", "alamat"] as const;
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
  all: sql`true`,
};

const ORDER: Record<HouseholdSort, SQL> = {
  wilayah: sql`h.effective_kelurahan_code, h.effective_rt_code NULLS LAST, h.dtks_id`,
  desil: sql`h.desil NULLS LAST, h.effective_kelurahan_code, h.dtks_id`,
  program: sql`c.programs DESC, h.effective_kelurahan_code, h.dtks_id`,
  kesalahan: sql`c.deceased + c.nonaktif + c.paid_twice DESC, h.effective_kelurahan_code, h.dtks_id`,
  // The order a visitor walks: RT by RT, then the address as written.
  alamat: sql`h.effective_kelurahan_code, h.effective_rt_code NULLS LAST, h.address NULLS LAST, h.dtks_id`,
};

/**
 * The visit fields (households.schema.ts) for a role that may see persons: the head of household
 * is the member recorded as such, else the first member recorded.
 */
const VISIT_COLUMNS = sql`,
  (SELECT p.name FROM person p WHERE p.kabkota_code = h.kabkota_code AND p.household_id = h.id
   ORDER BY p.relation = 'kepala keluarga' DESC NULLS LAST, p.id LIMIT 1) AS head_name,
  h.address, h.rw, h.rt, h.location_status, c.stacked`;

/**
 * The households behind a count — stacked, conflicting, uncovered or with inclusion errors in
 * the window — or all of an area, a page at a time, optionally only those that received a
 * program or have a desil; with the visit fields for a role that may see persons, and then
 * logged.
 * Read from the window's household rows in the coverage cache (filled once per window and data
 * version), so a page of the whole city reads one row per household instead of every receipt.
 * Null when the area is unknown.
 */
export async function listHouseholds({
  ctx,
  input,
}: {
  ctx: Context;
  input: HouseholdListQuery;
}): Promise<HouseholdPage | null> {
  const page = await readHouseholdPage({ ctx, input });
  // A page that names persons is a read of persons: logged, without a name.
  if (page?.households.some((h) => h.visit)) {
    await recordAudit(ctx, {
      action: "household_list_read",
      entity: "household_list",
      entityId: input.list,
      areaCode: page.code,
      detail: { list: input.list, page: input.page, rows: page.households.length, window: page.window },
    });
  }
  return page;
}

/** Where a list's rows come from: the area, the window, and its households with their filters. */
async function listSource(ctx: Context, input: Omit<HouseholdListQuery, "page" | "pageSize" | "sort">) {
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
  const query = (select: SQL, only?: SQL) => sql`
    ${select}
    FROM ${source.households} c
    JOIN household h ON h.kabkota_code = ${area.kabkotaCode} AND h.id = c.household_id
    WHERE ${sql.join(only ? [...filters, only] : filters, sql` AND `)}`;
  return { code: area.code, window, query };
}

/**
 * The ids of a list's first `limit` households in its order, and how many it holds: what an
 * export reads once, before it reads the rows a chunk of ids at a time (`readHouseholdPage`'s
 * `householdIds`). Sorting the list once spares sorting it again for every chunk, as pages
 * past an OFFSET would (a city of a million households: seconds per chunk).
 */
export const readHouseholdOrder = analysisVerb(
  async (
    ctx: Context,
    input: Omit<HouseholdListQuery, "page" | "pageSize"> & { limit: number },
  ): Promise<{ code: string; window: AnalysisWindow; total: number; ids: number[] } | null> => {
    const list = await listSource(ctx, input);
    if (!list) return null;
    const rows = await queryRows<{ id: number; total: number }>(
      ctx.db,
      sql`${list.query(sql`SELECT h.id::int AS id, count(*) OVER ()::int AS total`)}
          ORDER BY ${ORDER[input.sort]} LIMIT ${input.limit}`,
    );
    return { code: list.code, window: list.window, total: rows[0]?.total ?? 0, ids: rows.map((row) => row.id) };
  },
);

/**
 * A page of a list without logging it: listHouseholds logs a page that names persons, an export
 * logs the export once for all its chunks. Given `householdIds` (a run of `readHouseholdOrder`'s),
 * the page is those households of the list, in its order, and its `total` is 0: the order
 * counted the list already.
 */
export const readHouseholdPage = analysisVerb(
  async (
    ctx: Context,
    input: HouseholdListQuery & { householdIds?: readonly number[] },
  ): Promise<HouseholdPage | null> => {
    const list = await listSource(ctx, input);
    if (!list) return null;
    const { query, window } = list;
    const only = input.householdIds ? sql`h.id = ANY (${sqlArray(input.householdIds, "int")})` : undefined;
    const pageSize = input.pageSize ?? PAGE_SIZE;
    const visits = can(ctx.actor, "person_details");
    const select = sql`${query(
      sql`
      SELECT h.id::int AS id, h.dtks_id, h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code,
             h.desil, h.status, h.verval_status, c.eligible, coalesce(c.program_codes, '{}') AS programs, c.persons,
             c.deceased, c.nonaktif, 0 AS not_in_register, c.invalid_nik, c.paid_twice,
             ${only ? sql`0` : sql`count(*) OVER ()`}::int AS total ${visits ? VISIT_COLUMNS : sql``}`,
      only,
    )}
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
      code: list.code,
      window,
      list: input.list,
      page: input.page,
      page_size: pageSize,
      total,
      households: rows.map(
        ({
          total: _total,
          deceased,
          nonaktif,
          not_in_register,
          invalid_nik,
          paid_twice,
          head_name,
          address,
          rw,
          rt,
          location_status,
          stacked,
          ...household
        }) => ({
          ...household,
          errors: { deceased, nonaktif, not_in_register, invalid_nik, paid_twice },
          ...(location_status === undefined
            ? {}
            : {
                visit: {
                  head_name: head_name ?? null,
                  address: address ?? null,
                  rw: rw ?? null,
                  rt: rt ?? null,
                  location_status,
                  stacked: stacked ?? false,
                },
              }),
        }),
      ),
    };
  },
);
