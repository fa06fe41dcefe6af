import { sql, type SQL } from "drizzle-orm";

import { eventLoopPass, hasErrorCode, queryRows, sqlArray, withLocalSettings } from "@/db/engine";
import { analyzeChangedTables, analyzeKeyedTable, analyzeNewKeys, statisticsLagBehind } from "@/db/statistics";
import type { Context } from "@/lib/context";

import { currentDataVersion } from "./data-version";
import {
  CACHED_BASE_COLUMNS,
  conflicting,
  householdBase,
  receiptRows,
  stacked,
  withPaidTwice,
  withPrograms,
} from "./facts";
import {
  CONDITIONAL_HOUSEHOLD_CLASSES,
  OTHER_HOUSEHOLD_CLASS,
  type ConditionalHouseholdClass,
  type HouseholdClass,
} from "./household-classes";
import { analysisVerb, eligibleMaxDesil, isLastAttempt, sharedPreparation, type AnalysisArea } from "./scope";
import { addMonths, MAX_WINDOW_MONTHS, monthsOf, resolveWindow, type AnalysisWindow } from "./window";

/** The count columns of a coverage row, in the order the rollup table and the summary use them. */
export const COVERAGE_COLUMNS = [
  "households",
  "persons",
  "poor_persons",
  "eligible_households",
  "receiving_households",
  "stacked_households",
  "conflicting_households",
  "uncovered_eligible_households",
  "never_covered_eligible_households",
  "households_with_errors",
  "receipts",
  "deceased",
  "nonaktif",
  "not_in_register",
  "invalid_nik",
  "paid_twice",
  "aid_amount",
  "receipts_without_amount",
] as const;
export type CoverageColumn = (typeof COVERAGE_COLUMNS)[number];

/**
 * The SQL sum of a coverage column: rupiah as float8 (exact far beyond any city's aid, and a
 * number, not a string, from both drivers), counts as int.
 */
export function coverageColumnSum(column: CoverageColumn, expression = column): string {
  return `coalesce(sum(${expression}), 0)::${column === "aid_amount" ? "float8" : "int"}`;
}

/**
 * The receipt columns of a coverage row, summed over months (coverage_month_rt), in
 * COVERAGE_COLUMNS order (`amount` is the row's `aid_amount`).
 */
const RECEIPT_COLUMNS = [
  "receipts",
  "deceased",
  "nonaktif",
  "not_in_register",
  "invalid_nik",
  "paid_twice",
  "amount",
  "receipts_without_amount",
] as const;

/**
 * A relation of `householdBase` rows summed per kelurahan × RT: `kelurahan_code, rt_code,
 * households, persons, poor_persons, eligible_households, never_covered_eligible_households`
 * (coverage_base_rt; migration 0037 sums the bases stored before it alike).
 */
function baseByRt(base: SQL): SQL {
  return sql`
    SELECT h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code, count(*)::int AS households,
           coalesce(sum(h.persons), 0)::int AS persons, coalesce(sum(h.poor_persons), 0)::int AS poor_persons,
           count(*) FILTER (WHERE h.eligible)::int AS eligible_households,
           count(*) FILTER (WHERE h.eligible AND NOT h.received_ever)::int AS never_covered_eligible_households
    FROM (${base}) h GROUP BY 1, 2`;
}

/**
 * The coverage counts of a whole kabupaten/kota for a window, one row per kelurahan × RT:
 * `kelurahan_code, rt_code` and COVERAGE_COLUMNS. This is the definition every summary sums
 * (README, "Coverage analytics"): households in their effective area, receipts in their
 * household's, an unmatched receipt in the kelurahan its list names with no RT. `baseRts` is the
 * window's `householdBase` of the whole kabupaten/kota summed per kelurahan × RT (`baseByRt`),
 * `receiving` its households that received any in the window, grouped (`receivingHouseholdGroups`),
 * `receiptCounts` its months' receipt counts per kelurahan × RT (`kelurahan_code, rt_code` and
 * RECEIPT_COLUMNS, several rows of one RT allowed).
 *
 * What a household is whatever the window is counted over every household; what it received,
 * over the receiving ones only (a month's are about half the city's, or fewer): an eligible
 * household is uncovered unless it is among them, so those subtract from the eligible.
 */
function coverageByRt({
  baseRts,
  receiving,
  receiptCounts,
}: {
  baseRts: SQL;
  receiving: SQL;
  receiptCounts: SQL;
}): SQL {
  return sql`
    WITH parts AS (
      SELECT b.kelurahan_code, b.rt_code, b.households, b.persons, b.poor_persons, b.eligible_households,
             0 AS receiving_households, 0 AS stacked_households, 0 AS conflicting_households,
             b.eligible_households AS uncovered_eligible_households, b.never_covered_eligible_households,
             0 AS households_with_errors,
             0 AS receipts, 0 AS deceased, 0 AS nonaktif, 0 AS not_in_register, 0 AS invalid_nik, 0 AS paid_twice,
             0 AS aid_amount, 0 AS receipts_without_amount
      FROM ${baseRts} b
      UNION ALL
      SELECT h.kelurahan_code, h.rt_code, 0, 0, 0, 0,
             sum(h.households),
             sum(h.households) FILTER (WHERE h.stacked),
             sum(h.households) FILTER (WHERE h.conflicting),
             -sum(h.households) FILTER (WHERE h.eligible),
             0,
             sum(h.households) FILTER (WHERE h.with_errors),
             0, 0, 0, 0, 0, 0, 0, 0
      FROM ${receiving} h GROUP BY 1, 2
      UNION ALL
      SELECT r.kelurahan_code, r.rt_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             ${sql.raw(RECEIPT_COLUMNS.map((column) => `r.${column}`).join(", "))}
      FROM ${receiptCounts} r
    )
    SELECT kelurahan_code, rt_code,
           ${sql.raw(COVERAGE_COLUMNS.map((column) => `${coverageColumnSum(column)} AS ${column}`).join(", "))}
    FROM parts GROUP BY kelurahan_code, rt_code`;
}

/**
 * What the receiving households of the window received in rupiah, per effective kelurahan × RT
 * and amount: `kelurahan_code, rt_code, amount, households` (see coverage_window_amount).
 * `receiving` as `receivingHouseholdGroups` gives it.
 */
function amountCountsByRt(receiving: SQL): SQL {
  return sql`
    SELECT h.kelurahan_code, h.rt_code, h.amount, sum(h.households)::int AS households
    FROM ${receiving} h
    GROUP BY 1, 2, 3`;
}

/** Receiving households (`receivingHouseholdGroups`) per kelurahan × RT and exact set of programs received in the window. */
function combinationsByRt(receiving: SQL): SQL {
  return sql`
    SELECT h.kelurahan_code, h.rt_code, h.programs, h.stacked, h.conflicting, sum(h.households)::int AS households
    FROM ${receiving} h
    GROUP BY 1, 2, 3, 4, 5`;
}

/**
 * The households of the window's base that received any in it, counted per group of what the
 * counts tell apart: `kelurahan_code, rt_code` (effective), `eligible, programs, stacked,
 * conflicting, with_errors` (an inclusion error among its receipts), `amount` (rupiah) and
 * `households`. From the window's `householdSums` and base (`facts`, when they are at hand).
 *
 * Grouped before anything reads them: at a million households half a million receiving ones
 * make some 30,000 groups, which every count then sums instead of the households themselves,
 * and the programs are spelled out once per group, not per household.
 */
function receivingHouseholdGroups(months: WindowMonths, facts?: { sums: SQL; households: SQL }): SQL {
  // `e` a household's sums, `h` its base (the facts hold it too), `w` its programs.
  const sums = facts?.sums ?? sql`(${householdSums(months)})`;
  const base = facts?.households ?? sql`(${months.base})`;
  return sql`
    WITH g AS MATERIALIZED (
      SELECT h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code, h.eligible, e.program_mask,
             e.deceased + e.nonaktif + e.paid_twice > 0 AS with_errors, e.amount, count(*)::int AS households
      FROM ${sums} e JOIN ${base} h ON h.id = e.household_id
      GROUP BY 1, 2, 3, 4, 5, 6),
    w AS MATERIALIZED (${programsOfMasks(sql`SELECT DISTINCT program_mask AS mask FROM g`)})
    SELECT g.kelurahan_code, g.rt_code, g.eligible, w.programs, w.stacked, w.conflicting, g.with_errors, g.amount, g.households
    FROM g JOIN w ON w.mask = g.program_mask`;
}

/** The columns of `householdRowsOf`, as coverage_household stores them. */
const HOUSEHOLD_ROW_COLUMNS = [
  "household_id",
  "kelas",
  "programs",
  "program_codes",
  "eligible",
  "stacked",
  "conflicting",
  "persons",
  "deceased",
  "nonaktif",
  "invalid_nik",
  "paid_twice",
  "error_receipts",
] as const;

/**
 * The most pressing class a row meets, in HOUSEHOLD_CLASSES order:
 * `CASE WHEN <when(kesalahan)> THEN 'kesalahan' … ELSE 'lainnya' END`.
 */
export function mostPressingClass(when: (kelas: ConditionalHouseholdClass) => SQL): SQL {
  // The classes are HOUSEHOLD_CLASSES, never input: safe to write as literals.
  const literal = (kelas: HouseholdClass) => sql.raw(`'${kelas}'`);
  const branches = CONDITIONAL_HOUSEHOLD_CLASSES.map((kelas) => sql`WHEN ${when(kelas)} THEN ${literal(kelas)}`);
  return sql`CASE ${sql.join(branches, sql` `)} ELSE ${literal(OTHER_HOUSEHOLD_CLASS)} END`;
}

/** What puts a household (`h`, its `householdFacts`) in each class. */
const HOUSEHOLD_CLASS_CONDITIONS: Record<ConditionalHouseholdClass, SQL> = {
  kesalahan: sql`h.status = 'nonaktif' AND h.programs IS NOT NULL`,
  bertumpuk: sql`h.stacked`,
  belum_menerima: sql`h.eligible AND h.programs IS NULL`,
  menerima: sql`h.programs IS NOT NULL`,
};

/**
 * One row per household of the window: its class (the map's points; HOUSEHOLD_CLASSES) with how
 * many programs it received, and what the household lists show and filter on: the programs
 * themselves, eligible, conflicting, persons, and the inclusion errors among its receipts
 * (`error_receipts`: receipts with at least one). `households` is the window's
 * `householdFacts` of the whole kabupaten/kota, `sums` its `householdSums` (a household's
 * receipts all fall in its own area, so its errors are the same counted city-wide as in any
 * area holding it).
 */
function householdRowsOf(households: SQL, sums: SQL): SQL {
  return sql`
    SELECT h.id AS household_id,
           ${mostPressingClass((kelas) => HOUSEHOLD_CLASS_CONDITIONS[kelas])} AS kelas,
           coalesce(cardinality(h.programs), 0)::smallint AS programs,
           h.programs AS program_codes, h.eligible, h.stacked, h.conflicting, h.persons::int AS persons,
           coalesce(e.deceased, 0) AS deceased, coalesce(e.nonaktif, 0) AS nonaktif,
           coalesce(e.invalid_nik, 0) AS invalid_nik, coalesce(e.paid_twice, 0) AS paid_twice,
           coalesce(e.error_receipts, 0) AS error_receipts
    FROM ${households} h
    LEFT JOIN ${sums} e ON e.household_id = h.id`;
}

/**
 * Programs in code order with their bit in a month's `program_mask` (bit 0 first). The program
 * table is part of the data version, so every month of one version numbers them alike.
 */
const PROGRAM_BITS = sql`(SELECT code, (row_number() OVER (ORDER BY code) - 1)::int AS bit FROM program)`;

/** The programs of a `program_mask` expression, as text[] in code order. */
export function maskPrograms(mask: SQL): SQL {
  return sql`ARRAY(SELECT b.code FROM ${PROGRAM_BITS} b WHERE ${mask} & (1::bigint << b.bit) <> 0 ORDER BY b.code)`;
}

/** The bits of a bigint mask, one per program, keeping the sign bit clear. */
const MAX_PROGRAMS = 63;

/** The household columns of a month, additive over months (coverage_month_household). */
const HOUSEHOLD_SUM_COLUMNS = ["deceased", "nonaktif", "invalid_nik", "paid_twice", "error_receipts"] as const;

/**
 * One row per month and household that received anything in it: `period, household_id,
 * program_mask`, HOUSEHOLD_SUM_COLUMNS and `amount` (rupiah, missing nominal as 0). `receipts` is
 * the months' `receiptFacts` of the whole kabupaten/kota; `paid_twice` ranks within a payee,
 * program and period, so it too adds up over months.
 */
function monthHouseholdsOf(receipts: SQL): SQL {
  return sql`
    SELECT r.period, r.household_id, bit_or(1::bigint << b.bit) AS program_mask,
           count(*) FILTER (WHERE r.deceased)::int AS deceased, count(*) FILTER (WHERE r.nonaktif)::int AS nonaktif,
           count(*) FILTER (WHERE r.invalid_nik)::int AS invalid_nik, count(*) FILTER (WHERE r.paid_twice)::int AS paid_twice,
           count(*) FILTER (WHERE r.deceased OR r.nonaktif OR r.invalid_nik OR r.paid_twice)::int AS error_receipts,
           coalesce(sum(r.amount), 0)::bigint AS amount
    FROM ${receipts} r JOIN ${PROGRAM_BITS} b ON b.code = r.program_code
    WHERE r.household_id IS NOT NULL
    GROUP BY r.period, r.household_id`;
}

/** Months' receipts per kelurahan × RT: `period, kelurahan_code, rt_code` and RECEIPT_COLUMNS (see `monthHouseholdsOf`). */
function monthRtOf(receipts: SQL): SQL {
  return sql`
    SELECT r.period, r.kelurahan_code, r.rt_code, count(*)::int AS receipts,
           count(*) FILTER (WHERE r.deceased)::int AS deceased, count(*) FILTER (WHERE r.nonaktif)::int AS nonaktif,
           count(*) FILTER (WHERE r.not_in_register)::int AS not_in_register,
           count(*) FILTER (WHERE r.invalid_nik)::int AS invalid_nik, count(*) FILTER (WHERE r.paid_twice)::int AS paid_twice,
           coalesce(sum(r.amount), 0)::bigint AS amount, count(*) FILTER (WHERE r.amount IS NULL)::int AS receipts_without_amount
    FROM ${receipts} r GROUP BY r.period, r.kelurahan_code, r.rt_code`;
}

/**
 * What a window is assembled from: its households' `householdBase` (stored in coverage_base, or
 * rarely computed on the spot), and its months: those stored (coverage_month ids) and, rarely,
 * those counted on the spot because another transaction was storing them (their receipts, as
 * `receiptFacts`).
 */
export interface WindowMonths {
  /** Every stored month is of this kabupaten/kota: each read of them says so (a router query under Citus). */
  kabkota: string;
  base: SQL;
  /** The base summed per kelurahan × RT (`baseByRt`): stored with it, or computed on the spot. */
  baseRts: SQL;
  /** Every stored month of the window (coverage_month ids). */
  stored: number[];
  /**
   * The stored quarters and years (coverage_span ids) that cover whole parts of the window, and
   * the stored months none of them covers: together, the window's household rows in fewer rows.
   */
  spans: { ids: number[]; unspannedMonths: number[] };
  counted: Array<{ period: string; receipts: SQL }>;
}

/** Where a quarter's or a year's rows of each month table are kept, summed (coverage_span). */
const SPAN_TABLES = {
  coverage_month_household: "coverage_span_household",
  coverage_month_rt: "coverage_span_rt",
} as const;

/**
 * One relation of every month's rows of a window, stored or counted, each with its `period`:
 * of `coverage_month_household` (`household_id, program_mask` and HOUSEHOLD_SUM_COLUMNS) or of
 * `coverage_month_rt` (`kelurahan_code, rt_code` and RECEIPT_COLUMNS).
 */
export function monthRows(
  months: WindowMonths,
  table: "coverage_month_household" | "coverage_month_rt",
  { withPeriod = true }: { withPeriod?: boolean } = {},
): SQL {
  const columns =
    table === "coverage_month_household"
      ? ["household_id", "program_mask", ...HOUSEHOLD_SUM_COLUMNS, "amount"]
      : ["kelurahan_code", "rt_code", ...RECEIPT_COLUMNS];
  const list = sql.raw(columns.map((column) => `t.${column}`).join(", "));
  const ofMonths = (ids: number[]) =>
    sql`t.kabkota_code = ${months.kabkota} AND t.month_id = ANY (${sqlArray(ids, "int")})`;
  // The period only when asked for: a window's sums need no join to coverage_month, and sum a
  // quarter's or a year's household rows (coverage_span) where one covers their months.
  const stored = withPeriod
    ? sql`SELECT cm.period, ${list} FROM ${sql.raw(table)} t
          JOIN coverage_month cm ON cm.kabkota_code = t.kabkota_code AND cm.id = t.month_id
          WHERE ${ofMonths(months.stored)}`
    : sql.join(
        [
          // A branch only where there are rows to read: the planner then knows what a grouping over
          // one table yields, where a UNION ALL leaves it guessing 200 groups (0.7 s of a cold window
          // over two months at a million households, spent in a parallel plan for few rows).
          ...(months.spans.unspannedMonths.length > 0 || months.spans.ids.length === 0
            ? [sql`SELECT ${list} FROM ${sql.raw(table)} t WHERE ${ofMonths(months.spans.unspannedMonths)}`]
            : []),
          ...(months.spans.ids.length > 0
            ? [
                sql`SELECT ${list} FROM ${sql.raw(SPAN_TABLES[table])} t
                    WHERE t.kabkota_code = ${months.kabkota} AND t.span_id = ANY (${sqlArray(months.spans.ids, "int")})`,
              ]
            : []),
        ],
        sql` UNION ALL `,
      );
  const counted = months.counted.map(({ receipts }) => {
    const rows = table === "coverage_month_household" ? monthHouseholdsOf(receipts) : monthRtOf(receipts);
    return withPeriod ? sql`SELECT t.period, ${list} FROM (${rows}) t` : sql`SELECT ${list} FROM (${rows}) t`;
  });
  return sql`(${sql.join([stored, ...counted], sql` UNION ALL `)})`;
}

/** Each household's months of the window summed: `household_id, program_mask` (ORed), HOUSEHOLD_SUM_COLUMNS and `amount`. */
function householdSums(months: WindowMonths): SQL {
  const parts = months.spans.ids.length + months.spans.unspannedMonths.length + months.counted.length;
  // A month, a quarter or a year holds one row per household already: a window of one of them has
  // nothing to OR or sum (at a million households the grouping was a second of a cold window).
  if (parts === 1)
    return sql`SELECT m.household_id, m.program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `m.${column}`).join(", "))}, m.amount
      FROM ${monthRows(months, "coverage_month_household", { withPeriod: false })} m`;
  return sql`
    SELECT m.household_id, bit_or(m.program_mask) AS program_mask,
           ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `sum(m.${column})::int AS ${column}`).join(", "))},
           sum(m.amount)::bigint AS amount
    FROM ${monthRows(months, "coverage_month_household", { withPeriod: false })} m
    GROUP BY m.household_id`;
}

/**
 * The programs of each household in `sums` as `withPrograms` takes them: `id, programs, stacked,
 * conflicting`, spelled out once per distinct set of programs, not per household.
 */
function programsOfSums(sums: SQL): SQL {
  // Both materialized: otherwise the planner spells out each household's mask, not each distinct one.
  return sql`
    WITH s AS MATERIALIZED (SELECT x.household_id, x.program_mask FROM ${sums} x),
    masks AS MATERIALIZED (${programsOfMasks(sql`SELECT DISTINCT program_mask AS mask FROM s`)})
    SELECT s.household_id AS id, masks.programs, masks.stacked, masks.conflicting FROM s JOIN masks ON masks.mask = s.program_mask`;
}

/** Each of a relation of distinct program masks (`mask`) spelled out: `mask, programs, stacked, conflicting`. */
function programsOfMasks(masks: SQL): SQL {
  return sql`
    SELECT d.mask, d.programs, ${stacked(sql`d.programs`)} AS stacked, ${conflicting(sql`d.programs`)} AS conflicting
    FROM (SELECT m.mask, ${maskPrograms(sql`m.mask`)} AS programs FROM (${masks}) m) d`;
}

/**
 * The windows kept per kabupaten/kota, the default window among them: any account may ask for
 * any window, and each one cached holds a row per household.
 */
export const MAX_CACHED_WINDOWS = 20;

/** Where a window's coverage comes from: the cached rows, or computed on the spot. */
export interface CoverageSource {
  /** The kabupaten/kota every row is of: a read joining the register to them filters it too. */
  kabkota: string;
  window: AnalysisWindow;
  /** A relation with `kelurahan_code, rt_code` and COVERAGE_COLUMNS. */
  rows: SQL;
  /** A relation with `kelurahan_code, rt_code, programs, stacked, conflicting, households`. */
  combinations: SQL;
  /** A relation with `kelurahan_code, rt_code, amount, households`: how many receiving households got each amount (see `amountCountsByRt`; a cached window unnests its arrays). */
  amounts: SQL;
  /** A relation with `household_id, kelas, programs` (see `householdRowsOf`). */
  householdClasses: SQL;
  /** A relation with every column of `householdRowsOf`, one row per household of the kabupaten/kota. */
  households: SQL;
  cached: boolean;
}

/** The kabupaten/kota itself as an analysis area: the cache holds whole kabupaten/kota. */
function cityArea(kabkota: string): AnalysisArea {
  return { code: kabkota, name: kabkota, level: "kabkota", kabkotaCode: kabkota, parentCode: null };
}

/** The rows of a cached window. */
function cachedWindow(kabkota: string, window: AnalysisWindow, id: number): CoverageSource {
  const ofWindow = sql`kabkota_code = ${kabkota} AND window_id = ${id}`;
  return {
    kabkota,
    window,
    rows: sql`(SELECT * FROM coverage_rollup WHERE ${ofWindow})`,
    combinations: sql`(SELECT * FROM coverage_combination WHERE ${ofWindow})`,
    amounts: sql`(SELECT kelurahan_code, rt_code, x.amount, x.households
                  FROM coverage_window_amount, unnest(amounts, households) AS x(amount, households) WHERE ${ofWindow})`,
    householdClasses: sql`(SELECT household_id, kelas, programs FROM coverage_household WHERE ${ofWindow})`,
    households: sql`(SELECT ${sql.raw(HOUSEHOLD_ROW_COLUMNS.join(", "))} FROM coverage_household WHERE ${ofWindow})`,
    cached: true,
  };
}

/**
 * The coverage of a kabupaten/kota for a window, computed once per data version and kept in
 * three tables: coverage_rollup (the kelurahan × RT counts), coverage_combination (the program
 * sets) and coverage_household (each household's class and list columns, stored only once
 * `need` asks for them: a list or the map; a summary needs the counts alone). Later summaries,
 * overlaps, map tiles and household lists of any area in that window read those rows instead of
 * every receipt. A window is assembled from its households' base and its months (coverage_base,
 * coverage_month…), each counted once per data version; what is not stored yet, the window
 * itself included, is stored first in transactions of its own (NeedsPreparation), so a long
 * window never holds the database in one piece, and requests of this process that want the same
 * part meanwhile wait for that one store (sharedPreparation). Runs in the caller's repeatable-read
 * transaction (analysisVerb), so the version read and the rows computed see the same data. When a
 * transaction of another process is filling the same window or month, that part is computed on
 * the spot. A change to what is cached ships with a migration
 * that empties coverage_window, coverage_month and coverage_base (as 0009 and 0014 do for windows).
 */
export async function coverageSource(
  ctx: Context,
  kabkota: string,
  window: AnalysisWindow,
  need: "counts" | "households" = "counts",
): Promise<CoverageSource> {
  const city = cityArea(kabkota);
  const { version } = await currentDataVersion(ctx);
  const [existing] = await queryRows<{ id: number; stale: boolean; households_stored: boolean }>(
    ctx.db,
    sql`SELECT id, used_at < now() - interval '1 minute' AS stale, households_stored FROM coverage_window
        WHERE kabkota_code = ${kabkota} AND data_version = ${version} AND window_from = ${window.from} AND window_to = ${window.to}`,
  );
  if (existing) {
    // Marked used at most once a minute, skipped while another transaction holds the row.
    if (existing.stale) {
      await unlessSerializationFails(ctx, (savepoint) =>
        savepoint.execute(sql`UPDATE coverage_window SET used_at = now()
          WHERE id IN (SELECT id FROM coverage_window WHERE id = ${existing.id} FOR UPDATE SKIP LOCKED)`),
      );
    }
    if (need === "counts" || existing.households_stored) return cachedWindow(kabkota, window, existing.id);
    if (!storesHere(ctx)) throw windowPreparation({ kabkota, version, window, need });
    const months = await windowMonths(ctx, { kabkota, version, window, city });
    if (await storeWindowHouseholds(ctx, { kabkota, id: existing.id, months }))
      return cachedWindow(kabkota, window, existing.id);
    return { ...cachedWindow(kabkota, window, existing.id), ...householdsOnTheSpot(months) };
  }

  if (!storesHere(ctx)) throw windowPreparation({ kabkota, version, window, need });
  const months = await windowMonths(ctx, { kabkota, version, window, city });
  const createdId = await fillWindow(ctx, { kabkota, version, window, months, households: need === "households" });
  if (createdId === null) {
    const receiving = sql`(${receivingHouseholdGroups(months)})`;
    return {
      kabkota,
      window,
      rows: sql`(${windowCoverageByRt(months, receiving)})`,
      combinations: sql`(${combinationsByRt(receiving)})`,
      amounts: sql`(${amountCountsByRt(receiving)})`,
      ...householdsOnTheSpot(months),
      cached: false,
    };
  }
  // Beyond MAX_CACHED_WINDOWS the least recently used go (never the one just filled, nor the
  // default window of this version); another transaction removing them first is as good. Older
  // versions' windows go with their months after a write (`dropStaleVersions`), not in a request.
  const byDefault = await resolveWindow({ ctx, input: { kabkotaCode: kabkota } });
  await unlessSerializationFails(ctx, async (savepoint) => {
    await savepoint.execute(
      deleteWindows(
        kabkota,
        sql`id IN (
          SELECT id FROM (
            SELECT id, row_number() OVER (
                     ORDER BY id = ${createdId} DESC,
                              (data_version = ${version} AND window_from = ${byDefault.from} AND window_to = ${byDefault.to}) DESC,
                              used_at DESC, id DESC
                   ) AS rank
            FROM coverage_window WHERE kabkota_code = ${kabkota}
          ) ranked
          WHERE rank > ${MAX_CACHED_WINDOWS}
        )`,
      ),
    );
  });
  return cachedWindow(kabkota, window, createdId);
}

/** Transactions that store a window (`storeWindow`), and so do not ask for it to be prepared. */
const windowStorers = new WeakSet<Context["db"]>();

/** Whether this transaction stores a window it lacks itself: a window's own, or a verb's last attempt. */
function storesHere(ctx: Context): boolean {
  return windowStorers.has(ctx.db) || isLastAttempt(ctx);
}

/**
 * A window (and its households, when `need` asks) stored in a transaction of its own before the
 * verb asks again; the requests of this process that want it meanwhile wait for that one store.
 */
function windowPreparation({
  kabkota,
  version,
  window,
  need,
}: {
  kabkota: string;
  version: number;
  window: AnalysisWindow;
  need: "counts" | "households";
}) {
  return sharedPreparation(`window ${kabkota} ${version} ${window.from} ${window.to} ${need}`, (outer) =>
    storeWindowAlone({ ctx: outer, input: { kabkota, window, need } }),
  );
}

/** Stores a window of a kabupaten/kota as `coverageSource` does, in the caller's transaction. */
async function storeWindow(
  ctx: Context,
  kabkota: string,
  window: AnalysisWindow,
  need: "counts" | "households",
): Promise<void> {
  windowStorers.add(ctx.db);
  await coverageSource(ctx, kabkota, window, need);
}

const storeWindowAlone = analysisVerb(
  (ctx: Context, input: { kabkota: string; window: AnalysisWindow; need: "counts" | "households" }) =>
    storeWindow(ctx, input.kabkota, input.window, input.need),
);

/** Deletes the windows of a kabupaten/kota that `condition` picks, with their rows, in one statement. */
function deleteWindows(kabkota: string, condition: SQL): SQL {
  return sql`
    WITH gone AS (DELETE FROM coverage_window WHERE kabkota_code = ${kabkota} AND ${condition} RETURNING id),
    rollup AS (DELETE FROM coverage_rollup WHERE kabkota_code = ${kabkota} AND window_id IN (SELECT id FROM gone)),
    combinations AS (DELETE FROM coverage_combination WHERE kabkota_code = ${kabkota} AND window_id IN (SELECT id FROM gone)),
    amounts AS (DELETE FROM coverage_window_amount WHERE kabkota_code = ${kabkota} AND window_id IN (SELECT id FROM gone))
    DELETE FROM coverage_household WHERE kabkota_code = ${kabkota} AND window_id IN (SELECT id FROM gone)`;
}

/** A window's household sums (`householdSums`) and facts (`withPrograms`), as relations. */
function windowFacts(months: WindowMonths): { sums: SQL; households: SQL } {
  const sums = sql`(${householdSums(months)})`;
  return { sums, households: sql`(${withPrograms(months.base, programsOfSums(sums))})` };
}

/** A window's household rows computed on the spot, for when another transaction is storing them. */
function householdsOnTheSpot(
  months: WindowMonths,
  { sums, households } = windowFacts(months),
): Pick<CoverageSource, "households" | "householdClasses"> {
  const householdRows = sql`(${householdRowsOf(households, sums)})`;
  return {
    households: householdRows,
    householdClasses: sql`(SELECT household_id, kelas, programs FROM ${householdRows} k)`,
  };
}

/** A month's receipts of the whole kabupaten/kota with their inclusion errors (`receiptFacts`). */
function monthReceipts(city: AnalysisArea, period: string): SQL {
  return sql`(${withPaidTwice(sql`(${receiptRows(city, { from: period, to: period })})`)})`;
}

/**
 * The base and months of a window at this data version. What is not stored yet is asked for
 * first (NeedsPreparation: the base and each month are counted in transactions of their own),
 * and so are the month tables' statistics when too many of its months are new to them
 * (`monthTablesToAnalyze`); on a verb's last attempt they are stored or taken here, or the months
 * computed on the spot when another transaction is storing them.
 */
async function windowMonths(
  ctx: Context,
  { kabkota, version, window, city }: { kabkota: string; version: number; window: AnalysisWindow; city: AnalysisArea },
): Promise<WindowMonths> {
  const [base] = await queryRows<{ id: number }>(
    ctx.db,
    sql`SELECT id FROM coverage_base WHERE kabkota_code = ${kabkota} AND data_version = ${version}`,
  );
  const stored = await storedWindowMonths(ctx, kabkota, version, window);
  const held = new Set(stored.map((month) => month.period));
  const missing = monthsOf(window).filter((period) => !held.has(period));
  if ((!base || missing.length > 0) && !isLastAttempt(ctx)) {
    throw sharedPreparation(
      `months ${kabkota} ${version} ${window.from} ${window.to} ${missing.join(",")}`,
      async (outer) => {
        await prepareMonths(outer, kabkota, missing);
        // Known to the statistics before the window is read, with no second preparation for it.
        await analyzeWindowMonths(outer, kabkota, window);
      },
    );
  }
  const maxDesil = await eligibleMaxDesil(ctx);
  const baseId = base?.id ?? (await fillBase(ctx, { kabkota, version, city, maxDesil }));
  const spans =
    missing.length > 0
      ? { ids: [], unspannedMonths: stored.map((month) => month.id) }
      : coveringSpans(window, stored, await storedSpans(ctx, { kabkota, version, window }));
  const months: WindowMonths = {
    kabkota,
    base: baseId === null ? householdBase(city, maxDesil) : cachedBase(kabkota, baseId),
    baseRts:
      baseId === null
        ? sql`(${baseByRt(householdBase(city, maxDesil))})`
        : sql`(SELECT * FROM coverage_base_rt WHERE kabkota_code = ${kabkota} AND base_id = ${baseId})`,
    stored: stored.map((month) => month.id),
    spans,
    counted: [],
  };
  const filled = missing.length > 0 ? await fillMonths(ctx, { kabkota, version, periods: missing, city }) : new Map();
  for (const period of missing) {
    const id = filled.get(period);
    if (id === undefined) months.counted.push({ period, receipts: monthReceipts(city, period) });
    else {
      months.stored.push(id);
      months.spans.unspannedMonths.push(id);
    }
  }
  const due = await monthTablesToAnalyze(ctx.db, kabkota, months.stored);
  if (due.length > 0) {
    // In a transaction of its own: in this one ANALYZE's lock would be held until it commits.
    if (!isLastAttempt(ctx)) {
      throw sharedPreparation(`statistics ${kabkota} ${version} ${window.from} ${window.to}`, (outer) =>
        analyzeWindowMonths(outer, kabkota, window),
      );
    }
    for (const table of due) await analyzeKeyedTable(ctx.db, table);
  }
  return months;
}

/**
 * The share of a window's months with rows that may be unknown to the statistics of a month
 * table (stored since they were taken) before they are taken again, before the window is read:
 * its other months plan its reads well enough. A month's list makes one month of the default
 * window's twelve new, and analyzing both tables for it was a third of the next city summary
 * (340 ms of a second on PGlite at 42k households); a write that changes everything makes every
 * month new.
 */
const UNKNOWN_MONTHS_SHARE = 0.25;

const MONTH_TABLES = ["coverage_month_household", "coverage_month_rt"] as const;
type MonthTable = (typeof MONTH_TABLES)[number];

/** The months of a window stored at data version `version`. */
function storedWindowMonths(
  ctx: Context,
  kabkota: string,
  version: number,
  window: AnalysisWindow,
): Promise<Array<{ id: number; period: string }>> {
  return queryRows<{ id: number; period: string }>(
    ctx.db,
    sql`SELECT id, period FROM coverage_month
        WHERE kabkota_code = ${kabkota} AND data_version = ${version} AND period BETWEEN ${window.from} AND ${window.to}`,
  );
}

/**
 * The month tables whose statistics do not know more than UNKNOWN_MONTHS_SHARE of the months of
 * `monthIds` that have rows there. A month without rows (no receipts, or none matched) is left
 * out: no analysis would make it known, and planned as empty it is planned right.
 */
async function monthTablesToAnalyze(db: Context["db"], kabkota: string, monthIds: number[]): Promise<MonthTable[]> {
  const due: MonthTable[] = [];
  for (const table of MONTH_TABLES) {
    const withRows = await queryRows<{ id: number }>(
      db,
      sql`SELECT v::float8 AS id FROM unnest(${sqlArray(monthIds, "bigint")}) v
          WHERE EXISTS (SELECT 1 FROM ${sql.identifier(table)} t WHERE t.kabkota_code = ${kabkota} AND t.month_id = v)`,
    );
    const ids = withRows.map((month) => month.id);
    if (await statisticsLagBehind(db, table, ids, { unknownShare: UNKNOWN_MONTHS_SHARE })) due.push(table);
  }
  return due;
}

/** Takes the statistics of the month tables `monthTablesToAnalyze` names for a window's months at the current data version. */
async function analyzeWindowMonths(ctx: Context, kabkota: string, window: AnalysisWindow): Promise<void> {
  const { version } = await currentDataVersion(ctx);
  const months = await storedWindowMonths(ctx, kabkota, version, window);
  const due = await monthTablesToAnalyze(
    ctx.db,
    kabkota,
    months.map((month) => month.id),
  );
  for (const table of due) await analyzeKeyedTable(ctx.db, table);
}

/** The span lengths stored, longest first: a year, then a quarter. */
const SPAN_LENGTHS = [12, 3] as const;

/** A stored quarter or year: its first month and length. */
interface StoredSpan {
  id: number;
  period_from: string;
  months: number;
}

/** The quarters and years of this data version stored inside the window. */
function storedSpans(
  ctx: Context,
  { kabkota, version, window }: { kabkota: string; version: number; window: AnalysisWindow },
): Promise<StoredSpan[]> {
  return queryRows<StoredSpan>(
    ctx.db,
    sql`SELECT id, period_from, months FROM coverage_span
        WHERE kabkota_code = ${kabkota} AND data_version = ${version} AND period_from BETWEEN ${window.from} AND ${window.to}`,
  );
}

/**
 * The fewest stored rows that make up a window whose months are all stored: each whole year in
 * it by its year span, each whole quarter left by its quarter span, each month left by itself
 * (a span missing, as while the warm-up is still storing them, leaves its months to themselves).
 */
export function coveringSpans(
  window: AnalysisWindow,
  stored: Array<{ id: number; period: string }>,
  spans: StoredSpan[],
): WindowMonths["spans"] {
  const monthId = new Map(stored.map((month) => [month.period, month.id]));
  const spanId = new Map(spans.map((span) => [`${span.period_from}/${span.months}`, span.id]));
  const ids: number[] = [];
  const unspannedMonths: number[] = [];
  let period = window.from;
  while (period <= window.to) {
    const whole = SPAN_LENGTHS.map((length) => ({ length, id: spanId.get(`${period}/${length}`) })).find(
      ({ length, id }) => id !== undefined && addMonths(period, length - 1) <= window.to,
    );
    if (whole) {
      ids.push(whole.id!);
      period = addMonths(period, whole.length);
      continue;
    }
    const id = monthId.get(period);
    if (id !== undefined) unspannedMonths.push(id);
    period = addMonths(period, 1);
  }
  return { ids, unspannedMonths };
}

/**
 * The programs with a list in each month of a window (any receipt of the kabupaten/kota, matched
 * or not): a month without a program's list is "no data" for it, not zero recipients.
 */
export async function programsListed(
  ctx: Context,
  kabkota: string,
  months: WindowMonths,
): Promise<Map<string, string[]>> {
  const counted = months.counted.map((month) => month.period);
  const rows = await queryRows<{ period: string; programs: string[] }>(
    ctx.db,
    sql`
      SELECT cm.period, ${maskPrograms(sql`cm.programs_listed`)} AS programs
      FROM coverage_month cm WHERE cm.kabkota_code = ${kabkota} AND cm.id = ANY (${sqlArray(months.stored, "int")})
      UNION ALL
      SELECT r.period, array_agg(DISTINCT r.program_code ORDER BY r.program_code)
      FROM aid_receipt r WHERE r.kabkota_code = ${kabkota} AND r.period = ANY (${sqlArray(counted, "text")})
      GROUP BY r.period`,
  );
  return new Map(rows.map((row) => [row.period, row.programs]));
}

/** The households of a stored base, as `householdBase` names its columns. */
function cachedBase(kabkota: string, id: number): SQL {
  return sql`SELECT household_id AS id, ${sql.raw(CACHED_BASE_COLUMNS.join(", "))} FROM coverage_base_household
             WHERE kabkota_code = ${kabkota} AND base_id = ${id}`;
}

/** Claims the base of a data version: its new row, or none when another transaction holds it. */
async function claimBase(
  savepoint: Context["db"],
  kabkota: string,
  version: number,
): Promise<{ id: number } | undefined> {
  const [created] = await queryRows<{ id: number }>(
    savepoint,
    sql`INSERT INTO coverage_base (kabkota_code, data_version) VALUES (${kabkota}, ${version})
        ON CONFLICT DO NOTHING RETURNING id`,
  );
  return created;
}

/** The statement storing households of a base from a relation of `householdBase` rows. */
function insertBaseHouseholds(kabkota: string, baseId: number, rows: SQL): SQL {
  return sql`
    INSERT INTO coverage_base_household (kabkota_code, base_id, household_id, ${sql.raw(CACHED_BASE_COLUMNS.join(", "))})
    SELECT ${kabkota}, ${baseId}, b.id, ${sql.raw(CACHED_BASE_COLUMNS.map((column) => `b.${column}`).join(", "))}
    FROM (${rows}) b`;
}

/**
 * Sums a stored base's households per kelurahan × RT (coverage_base_rt), once all of them are
 * stored: all of them, or those of `households` (a relation of its rows, as `cachedBase` gives them).
 */
async function storeBaseRts(
  savepoint: Context["db"],
  kabkota: string,
  baseId: number,
  households: SQL = cachedBase(kabkota, baseId),
): Promise<void> {
  await savepoint.execute(sql`
    INSERT INTO coverage_base_rt (kabkota_code, base_id, kelurahan_code, rt_code, households, persons, poor_persons,
                                  eligible_households, never_covered_eligible_households)
    SELECT ${kabkota}, ${baseId}, b.* FROM (${baseByRt(households)}) b`);
}

/** Claims the base of a data version and stores it, in a savepoint; its id, or null when another transaction holds it. */
async function fillBase(
  ctx: Context,
  { kabkota, version, city, maxDesil }: { kabkota: string; version: number; city: AnalysisArea; maxDesil: number },
): Promise<number | null> {
  const id = await unlessSerializationFails(ctx, async (savepoint) => {
    const created = await claimBase(savepoint, kabkota, version);
    if (!created) return null;
    await savepoint.execute(insertBaseHouseholds(kabkota, created.id, householdBase(city, maxDesil)));
    await storeBaseRts(savepoint, kabkota, created.id);
    await analyzeNewKeys(savepoint, "coverage_base_household", [created.id]);
    await analyzeNewKeys(savepoint, "coverage_base_rt", [created.id]);
    return created.id;
  });
  return id ?? null;
}

/** The months of a window of a kabupaten/kota at the current data version (see `windowMonths`). */
export async function coverageMonths(ctx: Context, kabkota: string, window: AnalysisWindow): Promise<WindowMonths> {
  const { version } = await currentDataVersion(ctx);
  return windowMonths(ctx, { kabkota, version, window, city: cityArea(kabkota) });
}

/**
 * How many months one transaction stores: a few, so each step costs about a second at 42k
 * households on PGlite while sharing the work every month repeats (the register's joins).
 */
export const MONTHS_PER_STEP = 4;

/**
 * Claims months and stores their rows, in a savepoint; the ids of the months this call stored, by
 * period. A month another transaction holds is left out (as are all, when one of them was
 * committed after this transaction's snapshot: a serialization failure).
 */
async function fillMonths(
  ctx: Context,
  { kabkota, version, periods, city }: { kabkota: string; version: number; periods: string[]; city: AnalysisArea },
): Promise<Map<string, number>> {
  const [programs] = await queryRows<{ count: number }>(ctx.db, sql`SELECT count(*)::int AS count FROM program`);
  if ((programs?.count ?? 0) > MAX_PROGRAMS) {
    throw new Error(`coverage_month holds at most ${MAX_PROGRAMS} programs as bits; there are ${programs?.count}`);
  }
  const stored = await unlessSerializationFails(ctx, async (savepoint) => {
    const created = await queryRows<{ id: number; period: string }>(
      savepoint,
      sql`INSERT INTO coverage_month (kabkota_code, data_version, period)
          SELECT ${kabkota}, ${version}, p FROM unnest(${sqlArray(periods, "text")}) p
          ON CONFLICT DO NOTHING RETURNING id, period`,
    );
    if (created.length === 0) return new Map<string, number>();
    const claimed = created.map((month) => month.period).sort();
    const span = { from: claimed[0]!, to: claimed.at(-1)! };
    // Months in a row need no list of them besides their span: the planner multiplies the two
    // conditions' selectivities and took a month's 21,000 receipts for 150.
    const gaps = monthsOf(span).length > claimed.length;
    await savepoint.execute(sql`
      CREATE TEMP TABLE month_receipts ON COMMIT DROP AS
      SELECT * FROM (${withPaidTwice(sql`(${receiptRows(city, span)})`)}) r
      ${gaps ? sql`WHERE r.period = ANY (${sqlArray(claimed, "text")})` : sql``}`);
    const months = sql`(SELECT id, period FROM coverage_month WHERE kabkota_code = ${kabkota} AND id = ANY (${sqlArray(
      created.map((month) => month.id),
      "int",
    )}))`;
    await savepoint.execute(sql`
      INSERT INTO coverage_month_household (kabkota_code, month_id, household_id, program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.join(", "))}, amount)
      SELECT ${kabkota}, cm.id, m.household_id, m.program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `m.${column}`).join(", "))}, m.amount
      FROM (${monthHouseholdsOf(sql`month_receipts`)}) m JOIN ${months} cm ON cm.period = m.period`);
    await savepoint.execute(sql`
      INSERT INTO coverage_month_rt (kabkota_code, month_id, kelurahan_code, rt_code, ${sql.raw(RECEIPT_COLUMNS.join(", "))})
      SELECT ${kabkota}, cm.id, m.kelurahan_code, m.rt_code, ${sql.raw(RECEIPT_COLUMNS.map((column) => `m.${column}`).join(", "))}
      FROM (${monthRtOf(sql`month_receipts`)}) m JOIN ${months} cm ON cm.period = m.period`);
    await savepoint.execute(sql`
      UPDATE coverage_month cm SET programs_listed = l.mask
      FROM (SELECT r.period, bit_or(1::bigint << b.bit) AS mask FROM month_receipts r JOIN ${PROGRAM_BITS} b ON b.code = r.program_code GROUP BY r.period) l
      WHERE cm.kabkota_code = ${kabkota} AND cm.id IN (SELECT id FROM ${months} m) AND cm.period = l.period`);
    await savepoint.execute(sql`DROP TABLE month_receipts`);
    return new Map(created.map((month) => [month.period, month.id]));
  });
  return stored ?? new Map();
}

/** A few months stored in a transaction of their own, at the data version it reads. */
const fillMonthsAlone = analysisVerb(
  async (ctx: Context, { kabkota, periods }: { kabkota: string; periods: string[] }) => {
    const { version } = await currentDataVersion(ctx);
    await fillMonths(ctx, { kabkota, version, periods, city: cityArea(kabkota) });
  },
);

/** The base stored in a transaction of its own, at the data version it reads. */
const fillBaseAlone = analysisVerb(async (ctx: Context, kabkota: string) => {
  const { version } = await currentDataVersion(ctx);
  await fillBase(ctx, { kabkota, version, city: cityArea(kabkota), maxDesil: await eligibleMaxDesil(ctx) });
});

/**
 * Stores one quarter (from its three months) or year (from its four quarters) of the current
 * data version, in a savepoint; nothing when its parts are not all stored yet, or another
 * transaction stored it first.
 */
const fillSpanAlone = analysisVerb(
  async (ctx: Context, { kabkota, periodFrom, months }: { kabkota: string; periodFrom: string; months: 3 | 12 }) => {
    const { version } = await currentDataVersion(ctx);
    const periodTo = addMonths(periodFrom, months - 1);
    const parts =
      months === 3
        ? sql`SELECT id FROM coverage_month WHERE kabkota_code = ${kabkota} AND data_version = ${version}
              AND period BETWEEN ${periodFrom} AND ${periodTo}`
        : sql`SELECT id FROM coverage_span WHERE kabkota_code = ${kabkota} AND data_version = ${version} AND months = 3
              AND period_from BETWEEN ${periodFrom} AND ${periodTo}`;
    const ids = (await queryRows<{ id: number }>(ctx.db, parts)).map((part) => part.id);
    if (ids.length !== (months === 3 ? 3 : 4)) return;
    const rowsOf = (table: keyof typeof SPAN_TABLES) =>
      months === 3
        ? sql`${sql.raw(table)} t WHERE t.kabkota_code = ${kabkota} AND t.month_id = ANY (${sqlArray(ids, "int")})`
        : sql`${sql.raw(SPAN_TABLES[table])} t WHERE t.kabkota_code = ${kabkota} AND t.span_id = ANY (${sqlArray(ids, "int")})`;
    await unlessSerializationFails(ctx, async (savepoint) => {
      const [created] = await queryRows<{ id: number }>(
        savepoint,
        sql`INSERT INTO coverage_span (kabkota_code, data_version, period_from, months)
            VALUES (${kabkota}, ${version}, ${periodFrom}, ${months}) ON CONFLICT DO NOTHING RETURNING id`,
      );
      if (!created) return;
      await savepoint.execute(sql`
        INSERT INTO coverage_span_household (kabkota_code, span_id, household_id, program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.join(", "))}, amount)
        SELECT ${kabkota}, ${created.id}, t.household_id, bit_or(t.program_mask),
               ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `sum(t.${column})::int`).join(", "))}, sum(t.amount)::bigint
        FROM ${rowsOf("coverage_month_household")} GROUP BY t.household_id`);
      await savepoint.execute(sql`
        INSERT INTO coverage_span_rt (kabkota_code, span_id, kelurahan_code, rt_code, ${sql.raw(RECEIPT_COLUMNS.join(", "))})
        SELECT ${kabkota}, ${created.id}, t.kelurahan_code, t.rt_code,
               ${sql.raw(RECEIPT_COLUMNS.map((column) => `sum(t.${column})::${column === "amount" ? "bigint" : "int"}`).join(", "))}
        FROM ${rowsOf("coverage_month_rt")} GROUP BY t.kelurahan_code, t.rt_code`);
      await analyzeNewKeys(savepoint, "coverage_span_household", [created.id]);
      await analyzeNewKeys(savepoint, "coverage_span_rt", [created.id]);
    });
  },
);

/**
 * Stores the quarters, then the years, whose parts are stored at the current data version and
 * that are not stored yet, each in a transaction of its own (see `coveringSpans`).
 */
async function prepareSpans(ctx: Context, kabkota: string): Promise<void> {
  const current = sql`(SELECT version FROM data_version WHERE id = 1)`;
  for (const months of [...SPAN_LENGTHS].reverse()) {
    const due = await queryRows<{ period_from: string }>(
      ctx.db,
      months === 3
        ? sql`SELECT q.period_from FROM (
                SELECT to_char(date_trunc('quarter', to_date(period, 'YYYY-MM')), 'YYYY-MM') AS period_from, count(*) AS parts
                FROM coverage_month WHERE kabkota_code = ${kabkota} AND data_version = ${current} GROUP BY 1) q
              WHERE q.parts = 3 AND NOT EXISTS (
                SELECT 1 FROM coverage_span s WHERE s.kabkota_code = ${kabkota} AND s.data_version = ${current}
                  AND s.months = 3 AND s.period_from = q.period_from)
              ORDER BY 1 DESC`
        : sql`SELECT y.period_from FROM (
                SELECT left(period_from, 4) || '-01' AS period_from, count(*) AS parts
                FROM coverage_span WHERE kabkota_code = ${kabkota} AND data_version = ${current} AND months = 3 GROUP BY 1) y
              WHERE y.parts = 4 AND NOT EXISTS (
                SELECT 1 FROM coverage_span s WHERE s.kabkota_code = ${kabkota} AND s.data_version = ${current}
                  AND s.months = 12 AND s.period_from = y.period_from)
              ORDER BY 1 DESC`,
    );
    for (const { period_from: periodFrom } of due) {
      await eventLoopPass();
      await fillSpanAlone({ ctx, input: { kabkota, periodFrom, months } });
    }
  }
}

/**
 * Above this share of a city's households to count again (those changed, and those of the
 * kelurahan × RT whose receipt rows changed), carrying its cache forward costs about what counting anew does.
 */
const CARRY_FORWARD_MAX_SHARE = 0.25;

/** The last month of a span row `s` (its first month and length), as `YYYY-MM`. */
const SPAN_LAST_PERIOD = sql`to_char(to_date(s.period_from, 'YYYY-MM') + make_interval(months => s.months - 1), 'YYYY-MM')`;

/**
 * Carries a kabupaten/kota's newest stored base, months and spans forward to the current data
 * version, redoing only what the writes since then changed (coverage_change, noted by the data
 * version's triggers): a month whose receipts were added, removed or moved is left to be counted
 * anew; every other month, quarter and year is taken over as it is (re-stamped), with the rows of
 * the households changed, and of the RT they were or are in, counted again; the base is
 * carried in place with those households and the households new receipts name counted again
 * (`carryBase`). So a
 * recipient list of one month costs that month, and a DTKS import of one kelurahan that
 * kelurahan's rows. Nothing when nothing older is stored, when a write changed everything
 * (programs, rules, areas, settings), when more than CARRY_FORWARD_MAX_SHARE of the households
 * would be counted again, when month rows would be and `recountsMonths` is false, or when another
 * transaction is storing this version. True when it carried.
 */
const carryForwardVerb = analysisVerb(
  async (ctx: Context, { kabkota, recountsMonths }: { kabkota: string; recountsMonths: boolean }): Promise<boolean> => {
    const { version } = await currentDataVersion(ctx);
    const [from] = await queryRows<{ id: number; version: number; households: number }>(
      ctx.db,
      sql`SELECT b.id, b.data_version::float8 AS version,
               (SELECT count(*)::int FROM coverage_base_household x WHERE x.kabkota_code = ${kabkota} AND x.base_id = b.id) AS households
        FROM coverage_base b WHERE b.kabkota_code = ${kabkota} AND b.data_version <= ${version}
        ORDER BY b.data_version DESC LIMIT 1`,
    );
    if (!from || from.version === version) return false;
    const changes = sql`coverage_change c WHERE c.kabkota_code = ${kabkota} AND c.data_version > ${from.version} AND c.data_version <= ${version}`;
    const [everything] = await queryRows<{ found: boolean }>(
      ctx.db,
      sql`SELECT EXISTS (SELECT 1 FROM ${changes} AND c.scope = 'all') AS found`,
    );
    if (everything?.found) return false;
    // A caller's own transaction may carry twice (each verb here is then a savepoint): start clean.
    await ctx.db.execute(sql`DROP TABLE IF EXISTS carry_period, carry_household, carry_rt`);
    await ctx.db.execute(sql`
    CREATE TEMP TABLE carry_period ON COMMIT DROP AS SELECT DISTINCT c.period FROM ${changes} AND c.scope = 'period'`);
    // A change that names a month counted anew anyway (a receipt of a new list, relinked) recounts
    // nothing else; one without a month (the register) recounts the household in every month.
    const outsideNewMonths = sql`(c.period IS NULL OR c.period NOT IN (SELECT period FROM carry_period))`;
    await ctx.db.execute(sql`
    CREATE TEMP TABLE carry_household ON COMMIT DROP AS
    SELECT c.household_id, bool_or(c.scope = 'household' AND ${outsideNewMonths}) AS recount,
           bool_or(c.scope IN ('household', 'base') AND c.period IS NULL) AS rebase,
           bool_and(c.scope = 'gained') AS gained
    FROM ${changes} AND c.household_id IS NOT NULL GROUP BY 1`);
    // A household with no receipt then, nor now outside the months counted anew anyway, has no
    // month rows to count again, only its base row: the new families of a DTKS file, spread over
    // every RT of the city (and some paid in a new month's list), would otherwise recount every
    // RT's months (a city's full count, 37 s at a million households).
    await ctx.db.execute(sql`
    UPDATE carry_household c SET recount = false, rebase = true
    FROM (SELECT c.household_id, o.received_ever AS based_received
          FROM carry_household c
          LEFT JOIN coverage_base_household o
            ON o.kabkota_code = ${kabkota} AND o.base_id = ${from.id} AND o.household_id = c.household_id
          WHERE c.recount) x
    WHERE x.household_id = c.household_id
      -- In the old base without a receipt, or not in it because it is new (a household deleted
      -- earlier may still hold matched receipts, and so month rows).
      AND (NOT x.based_received OR (x.based_received IS NULL AND EXISTS (
             SELECT 1 FROM household h WHERE h.kabkota_code = ${kabkota} AND h.id = c.household_id)))
      AND NOT EXISTS (SELECT 1 FROM aid_receipt e WHERE e.kabkota_code = ${kabkota} AND e.matched_household_id = c.household_id
                        AND e.period NOT IN (SELECT period FROM carry_period))`);
    // The kelurahan × RT rows of receipts the changes move: where a recounted household was counted
    // (the old base) and where it is now (a household placed nowhere counts its receipts in the
    // kelurahan the lists name, without RT; null: nowhere), and those of unmatched receipts changed
    // in place (their kelurahan, without RT).
    await ctx.db.execute(sql`
    CREATE TEMP TABLE carry_rt ON COMMIT DROP AS
    SELECT c.kelurahan_code, NULL::text AS rt_code FROM ${changes} AND c.scope = 'kelurahan' AND ${outsideNewMonths}
    UNION
    SELECT o.effective_kelurahan_code, o.effective_rt_code
    FROM coverage_base_household o JOIN carry_household c ON c.household_id = o.household_id AND c.recount
    WHERE o.kabkota_code = ${kabkota} AND o.base_id = ${from.id} AND o.effective_kelurahan_code IS NOT NULL
    UNION
    SELECT h.effective_kelurahan_code, h.effective_rt_code FROM household h JOIN carry_household c ON c.household_id = h.id AND c.recount
    WHERE h.kabkota_code = ${kabkota} AND h.effective_kelurahan_code IS NOT NULL
    UNION
    SELECT r.kelurahan_code, NULL FROM aid_receipt r
    WHERE r.kabkota_code = ${kabkota} AND r.matched_household_id IN (
      SELECT c.household_id FROM carry_household c
      LEFT JOIN household h ON h.kabkota_code = ${kabkota} AND h.id = c.household_id
      LEFT JOIN coverage_base_household o ON o.kabkota_code = ${kabkota} AND o.base_id = ${from.id} AND o.household_id = c.household_id
      WHERE c.recount AND (h.effective_kelurahan_code IS NULL OR o.effective_kelurahan_code IS NULL))`);
    await ctx.db.execute(sql`ANALYZE carry_household, carry_period, carry_rt`);
    const [recounted] = await queryRows<{ households: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*)::int FROM carry_household WHERE recount)
             + (SELECT count(*)::int FROM coverage_base_household o
                WHERE o.kabkota_code = ${kabkota} AND o.base_id = ${from.id}
                  AND o.household_id NOT IN (SELECT household_id FROM carry_household WHERE recount)
                  AND ${inChangedRt("o", "effective_")}) AS households`,
    );
    const households = recounted?.households ?? 0;
    if (households > CARRY_FORWARD_MAX_SHARE * from.households || (households > 0 && !recountsMonths)) return false;
    const city = cityArea(kabkota);
    const maxDesil = await eligibleMaxDesil(ctx);
    const carried = await unlessSerializationFails(ctx, async (savepoint) => {
      if (!(await carryBase(savepoint, { kabkota, from, version, city, maxDesil }))) return false;
      const months = await queryRows<{ id: number; period: string }>(
        savepoint,
        sql`UPDATE coverage_month SET data_version = ${version}
          WHERE kabkota_code = ${kabkota} AND data_version = ${from.version} AND period NOT IN (SELECT period FROM carry_period)
          RETURNING id, period`,
      );
      const spans = await queryRows<{ id: number }>(
        savepoint,
        sql`UPDATE coverage_span s SET data_version = ${version}
          WHERE s.kabkota_code = ${kabkota} AND s.data_version = ${from.version}
            AND NOT EXISTS (SELECT 1 FROM carry_period p WHERE p.period BETWEEN s.period_from AND ${SPAN_LAST_PERIOD})
          RETURNING s.id`,
      );
      if (months.length > 0) await recountChangedRows(savepoint, { kabkota, version, city, months, spans });
      return true;
    });
    return carried ?? false;
  },
);

/**
 * Carries the base forward in place: re-stamped to the new data version, with only the rows that
 * changed written. A reader of the older version keeps its snapshot of the rows; no later one
 * reads that version. A household whose register rows changed (carry_household, `rebase`) is
 * counted anew; one only receipts name can have changed only whether it ever received: surely so
 * when receipts were only added to it (most of a new list's), else looked up through the
 * receipts' household index. The RT sums of the rows written are summed again. Copying the base
 * instead was most of a carry's cost (a million rows at 1M households). False when another
 * transaction re-stamped it first.
 */
async function carryBase(
  savepoint: Context["db"],
  {
    kabkota,
    from,
    version,
    city,
    maxDesil,
  }: { kabkota: string; from: { id: number; version: number }; version: number; city: AnalysisArea; maxDesil: number },
): Promise<boolean> {
  const [restamped] = await queryRows<{ id: number }>(
    savepoint,
    sql`UPDATE coverage_base SET data_version = ${version}, computed_at = now()
        WHERE kabkota_code = ${kabkota} AND id = ${from.id} AND data_version = ${from.version} RETURNING id`,
  );
  if (!restamped) return false;
  // The kelurahan × RT of every row written, where it was and where it is.
  await savepoint.execute(sql`DROP TABLE IF EXISTS carry_base_rt`);
  await savepoint.execute(sql`CREATE TEMP TABLE carry_base_rt (kelurahan_code text, rt_code text) ON COMMIT DROP`);
  const noting = (written: SQL) => sql`
    WITH written AS (${written} RETURNING effective_kelurahan_code, effective_rt_code)
    INSERT INTO carry_base_rt SELECT DISTINCT effective_kelurahan_code, effective_rt_code FROM written`;
  await savepoint.execute(
    noting(sql`
      UPDATE coverage_base_household o SET received_ever = n.received_ever
      FROM (SELECT c.household_id,
                   CASE WHEN c.gained THEN true
                        ELSE EXISTS (SELECT 1 FROM aid_receipt e WHERE e.kabkota_code = ${kabkota} AND e.matched_household_id = c.household_id)
                   END AS received_ever
            FROM carry_household c WHERE NOT c.rebase) n
      WHERE o.kabkota_code = ${kabkota} AND o.base_id = ${from.id} AND o.household_id = n.household_id
        AND o.received_ever IS DISTINCT FROM n.received_ever`),
  );
  await savepoint.execute(
    noting(sql`
      DELETE FROM coverage_base_household o WHERE o.kabkota_code = ${kabkota} AND o.base_id = ${from.id}
        AND o.household_id IN (SELECT household_id FROM carry_household WHERE rebase)`),
  );
  await savepoint.execute(
    noting(
      insertBaseHouseholds(
        kabkota,
        from.id,
        householdBase(city, maxDesil, {
          households: sql`(SELECT household_id FROM carry_household WHERE rebase) rebased`,
        }),
      ),
    ),
  );
  await savepoint.execute(sql`ANALYZE carry_base_rt`);
  await savepoint.execute(sql`
    DELETE FROM coverage_base_rt t WHERE t.kabkota_code = ${kabkota} AND t.base_id = ${from.id} AND ${inChangedRt("t", "", "carry_base_rt")}`);
  await storeBaseRts(
    savepoint,
    kabkota,
    from.id,
    sql`SELECT * FROM (${cachedBase(kabkota, from.id)}) b WHERE ${inChangedRt("b", "effective_", "carry_base_rt")}`,
  );
  return true;
}

/**
 * In months and spans carried forward, counts again the rows of the households changed
 * (carry_household, `recount`) and of the kelurahan × RT whose receipts moved (carry_rt),
 * from the register and receipts as they are now: each household's receipts lie in its own
 * kelurahan, and its paid-twice ranks within itself, so these rows are exactly what counting the
 * whole city would give them.
 */
async function recountChangedRows(
  savepoint: Context["db"],
  {
    kabkota,
    version,
    city,
    months,
    spans,
  }: {
    kabkota: string;
    version: number;
    city: AnalysisArea;
    months: Array<{ id: number; period: string }>;
    spans: Array<{ id: number }>;
  },
): Promise<void> {
  const periods = months.map((month) => month.period).sort();
  const span = { from: periods[0]!, to: periods.at(-1)! };
  const monthIds = sqlArray(
    months.map((month) => month.id),
    "int",
  );
  const carried = sql`(SELECT id, period FROM coverage_month WHERE kabkota_code = ${kabkota} AND id = ANY (${monthIds}))`;
  // As an array, so each month's and span's rows of these households are found through the
  // (month, household) index; as a subquery the planner scans every stored month.
  const recountedIds = await queryRows<{ id: number }>(
    savepoint,
    sql`SELECT household_id::float8 AS id FROM carry_household WHERE recount`,
  );
  const [changedRts] = await queryRows<{ found: boolean }>(
    savepoint,
    sql`SELECT EXISTS (SELECT 1 FROM carry_rt) AS found`,
  );
  if (recountedIds.length === 0 && !changedRts?.found) return;
  const recountedHouseholds = sqlArray(
    recountedIds.map((household) => household.id),
    "bigint",
  );
  await savepoint.execute(sql`
    DELETE FROM coverage_month_household WHERE kabkota_code = ${kabkota} AND month_id = ANY (${monthIds})
      AND household_id = ANY (${recountedHouseholds})`);
  const householdReceipts = sql`(SELECT r.* FROM aid_receipt r WHERE r.kabkota_code = ${kabkota} AND r.matched_household_id = ANY (${recountedHouseholds}))`;
  await savepoint.execute(sql`
    INSERT INTO coverage_month_household (kabkota_code, month_id, household_id, program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.join(", "))}, amount)
    SELECT ${kabkota}, cm.id, m.household_id, m.program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `m.${column}`).join(", "))}, m.amount
    FROM (${monthHouseholdsOf(sql`(${withPaidTwice(sql`(${receiptRows(city, span, { receipts: householdReceipts })})`)})`)}) m
    JOIN ${carried} cm ON cm.period = m.period`);
  await savepoint.execute(sql`
    DELETE FROM coverage_month_rt t WHERE t.kabkota_code = ${kabkota} AND t.month_id = ANY (${monthIds}) AND ${inChangedRt("t")}`);
  // The receipts counted in those rows: of the households in those RTs (or without RT in those
  // kelurahan, or placed nowhere), and the unmatched ones the lists place in those kelurahan.
  const kelurahanReceipts = sql`(
    SELECT r.* FROM aid_receipt r WHERE r.kabkota_code = ${kabkota} AND r.matched_household_id IN (
      SELECT h.id FROM household h WHERE h.kabkota_code = ${kabkota} AND h.effective_rt_code IN (SELECT rt_code FROM carry_rt)
      UNION
      SELECT h.id FROM household h WHERE h.kabkota_code = ${kabkota} AND h.effective_rt_code IS NULL
        AND (h.effective_kelurahan_code IN (SELECT kelurahan_code FROM carry_rt WHERE rt_code IS NULL) OR h.effective_kelurahan_code IS NULL))
    UNION ALL
    SELECT r.* FROM aid_receipt r WHERE r.kabkota_code = ${kabkota} AND r.matched_household_id IS NULL
      AND (r.kelurahan_code IN (SELECT kelurahan_code FROM carry_rt WHERE rt_code IS NULL)
           OR (r.kelurahan_code IS NULL AND EXISTS (SELECT 1 FROM carry_rt WHERE kelurahan_code IS NULL))))`;
  const receipts = sql`(SELECT x.* FROM (${receiptRows(city, span, { receipts: kelurahanReceipts })}) x WHERE ${inChangedRt("x")})`;
  await savepoint.execute(sql`
    INSERT INTO coverage_month_rt (kabkota_code, month_id, kelurahan_code, rt_code, ${sql.raw(RECEIPT_COLUMNS.join(", "))})
    SELECT ${kabkota}, cm.id, m.kelurahan_code, m.rt_code, ${sql.raw(RECEIPT_COLUMNS.map((column) => `m.${column}`).join(", "))}
    FROM (${monthRtOf(sql`(${withPaidTwice(receipts)})`)}) m JOIN ${carried} cm ON cm.period = m.period`);
  if (spans.length === 0) return;
  const spanIds = sqlArray(
    spans.map((row) => row.id),
    "int",
  );
  const spanMonths = sql`coverage_span s
    JOIN coverage_month cm ON cm.kabkota_code = ${kabkota} AND cm.data_version = ${version} AND cm.period BETWEEN s.period_from AND ${SPAN_LAST_PERIOD}`;
  await savepoint.execute(sql`
    DELETE FROM coverage_span_household WHERE kabkota_code = ${kabkota} AND span_id = ANY (${spanIds})
      AND household_id = ANY (${recountedHouseholds})`);
  await savepoint.execute(sql`
    INSERT INTO coverage_span_household (kabkota_code, span_id, household_id, program_mask, ${sql.raw(HOUSEHOLD_SUM_COLUMNS.join(", "))}, amount)
    SELECT ${kabkota}, s.id, t.household_id, bit_or(t.program_mask),
           ${sql.raw(HOUSEHOLD_SUM_COLUMNS.map((column) => `sum(t.${column})::int`).join(", "))}, sum(t.amount)::bigint
    FROM ${spanMonths}
    JOIN coverage_month_household t ON t.kabkota_code = ${kabkota} AND t.month_id = cm.id AND t.household_id = ANY (${recountedHouseholds})
    WHERE s.kabkota_code = ${kabkota} AND s.id = ANY (${spanIds})
    GROUP BY s.id, t.household_id`);
  await savepoint.execute(sql`
    DELETE FROM coverage_span_rt t WHERE t.kabkota_code = ${kabkota} AND t.span_id = ANY (${spanIds}) AND ${inChangedRt("t")}`);
  await savepoint.execute(sql`
    INSERT INTO coverage_span_rt (kabkota_code, span_id, kelurahan_code, rt_code, ${sql.raw(RECEIPT_COLUMNS.join(", "))})
    SELECT ${kabkota}, s.id, t.kelurahan_code, t.rt_code,
           ${sql.raw(RECEIPT_COLUMNS.map((column) => `sum(t.${column})::${column === "amount" ? "bigint" : "int"}`).join(", "))}
    FROM ${spanMonths}
    JOIN coverage_month_rt t ON t.kabkota_code = ${kabkota} AND t.month_id = cm.id AND ${inChangedRt("t")}
    WHERE s.kabkota_code = ${kabkota} AND s.id = ANY (${spanIds})
    GROUP BY s.id, t.kelurahan_code, t.rt_code`);
}

/**
 * Whether a row's kelurahan × RT (`<prefix>kelurahan_code`, `<prefix>rt_code` of `row`) is among
 * those of `changed`: by default those whose receipts changed (carry_rt).
 */
function inChangedRt(row: string, prefix = "", changed: "carry_rt" | "carry_base_rt" = "carry_rt"): SQL {
  const column = (name: string) => sql.raw(`${row}.${prefix}${name}`);
  // Nulls compared as '' so the test hashes: IS NOT DISTINCT FROM would compare every row with every pair.
  return sql`EXISTS (SELECT 1 FROM ${sql.raw(changed)} d WHERE coalesce(d.kelurahan_code, '') = coalesce(${column("kelurahan_code")}, '')
                       AND coalesce(d.rt_code, '') = coalesce(${column("rt_code")}, ''))`;
}

/** `carryForwardVerb` on the server, false too when another transaction stored the same month first (a unique violation). */
async function carryForward(ctx: Context, kabkota: string): Promise<boolean> {
  // Recounting month rows makes the carry one transaction of seconds at 42k households: on
  // PGlite, with one connection, that would hold every other request (the "No long transaction"
  // rule), so there only a carry that re-stamps months and recounts base rows runs (a desil or
  // verval file, a list of new months); otherwise the months are counted anew step by step.
  try {
    return await carryForwardVerb({ ctx, input: { kabkota, recountsMonths: ctx.engine !== "pglite" } });
  } catch (error) {
    if (hasErrorCode(error, "23505")) return false;
    throw error;
  }
}

/**
 * Stores the base (when missing) and the months a window lacks, MONTHS_PER_STEP at a time, each
 * step in its own transaction, so other requests are served between them.
 */
async function prepareMonths(ctx: Context, kabkota: string, periods: string[], onStep?: () => void): Promise<void> {
  await carryForward(ctx, kabkota);
  // What an earlier turn or the carry stored meanwhile is not counted again.
  periods = await unstoredMonths(ctx, kabkota, periods);
  await fillBaseAlone({ ctx, input: kabkota });
  for (let i = 0; i < periods.length; i += MONTHS_PER_STEP) {
    await eventLoopPass();
    await fillMonthsAlone({ ctx, input: { kabkota, periods: periods.slice(i, i + MONTHS_PER_STEP) } });
    onStep?.();
  }
}

/** Those of `periods` not stored yet at the current data version. */
async function unstoredMonths(ctx: Context, kabkota: string, periods: string[]): Promise<string[]> {
  const stored = await queryRows<{ period: string }>(
    ctx.db,
    sql`SELECT period FROM coverage_month
        WHERE kabkota_code = ${kabkota} AND data_version = (SELECT version FROM data_version WHERE id = 1)
          AND period = ANY (${sqlArray(periods, "text")})`,
  );
  const held = new Set(stored.map((month) => month.period));
  return periods.filter((period) => !held.has(period));
}

/**
 * Claims the window and stores its counts from its months, and its households when asked, in a
 * savepoint; the window's id, or null when another transaction holds it. A repeatable-read
 * transaction that meets a row committed after its snapshot fails with a serialization error
 * instead of skipping it: that, too, means another transaction filled the window, and this one
 * counts on the spot.
 */
async function fillWindow(
  ctx: Context,
  {
    kabkota,
    version,
    window,
    months,
    households: withHouseholds,
  }: {
    kabkota: string;
    version: number;
    window: AnalysisWindow;
    months: WindowMonths;
    households: boolean;
  },
): Promise<number | null> {
  const id = await unlessSerializationFails(ctx, async (savepoint) => {
    const [created] = await queryRows<{ id: number }>(
      savepoint,
      sql`INSERT INTO coverage_window (kabkota_code, data_version, window_from, window_to, households_stored)
          VALUES (${kabkota}, ${version}, ${window.from}, ${window.to}, ${withHouseholds})
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    if (!created) return null;
    // Counts alone need only the receiving households' groups, kept in one table that every count
    // reads without a join; a window with its household rows needs the facts of every household.
    const facts = withHouseholds ? await windowFactTables(savepoint, months) : undefined;
    // The groups gather the receiving households (half a million at a million households) into
    // some 30,000, but the planner, blind to how few groups the codes make, sorts them, and keeps
    // the join to one process, pricing every household passed up from a worker at a tenth of a
    // page. Hashing the groups and joining in parallel workers takes 0.9–1.0 s where that plan
    // took 1.3–1.5 s (two cores); at a fifth of that price a city of 42,000 households still
    // joins in one process, which is faster there (50 ms against 65 ms with workers).
    await withLocalSettings(savepoint, GROUPING_SETTINGS, async () => {
      await savepoint.execute(
        sql`CREATE TEMP TABLE window_receiving ON COMMIT DROP AS ${receivingHouseholdGroups(months, facts)}`,
      );
      await savepoint.execute(sql`
        INSERT INTO coverage_rollup (kabkota_code, window_id, kelurahan_code, rt_code, ${sql.raw(COVERAGE_COLUMNS.join(", "))})
        SELECT ${kabkota}, ${created.id}, c.* FROM (${windowCoverageByRt(months, sql`window_receiving`)}) c`);
      await savepoint.execute(sql`
        INSERT INTO coverage_combination (kabkota_code, window_id, kelurahan_code, rt_code, programs, stacked, conflicting, households)
        SELECT ${kabkota}, ${created.id}, c.* FROM (${combinationsByRt(sql`window_receiving`)}) c`);
      await savepoint.execute(sql`
        INSERT INTO coverage_window_amount (kabkota_code, window_id, kelurahan_code, rt_code, amounts, households)
        SELECT ${kabkota}, ${created.id}, a.kelurahan_code, a.rt_code, array_agg(a.amount), array_agg(a.households)
        FROM (${amountCountsByRt(sql`window_receiving`)}) a GROUP BY a.kelurahan_code, a.rt_code`);
    });
    if (facts) {
      await insertWindowHouseholds(savepoint, { kabkota, id: created.id, ...facts });
      await savepoint.execute(sql`DROP TABLE window_household_sums, window_household_facts`);
    }
    await savepoint.execute(sql`DROP TABLE window_receiving`);
    return created.id;
  });
  return id ?? null;
}

/** Planner settings for grouping a window's receiving households (see `fillWindow`). */
const GROUPING_SETTINGS = { enable_sort: "off", parallel_tuple_cost: "0.02" } as const;

/** A window's coverage per kelurahan × RT (`coverageByRt`) from its months and its receiving households' groups (`receivingHouseholdGroups`). */
function windowCoverageByRt(months: WindowMonths, receiving: SQL): SQL {
  return coverageByRt({
    baseRts: months.baseRts,
    receiving,
    receiptCounts: monthRows(months, "coverage_month_rt", { withPeriod: false }),
  });
}

/** The window's household sums and facts as temporary tables, computed once for everything stored. */
async function windowFactTables(
  savepoint: Context["db"],
  months: WindowMonths,
): Promise<{ sums: SQL; households: SQL }> {
  await savepoint.execute(sql`CREATE TEMP TABLE window_household_sums ON COMMIT DROP AS ${householdSums(months)}`);
  const sums = sql`window_household_sums`;
  await savepoint.execute(
    sql`CREATE TEMP TABLE window_household_facts ON COMMIT DROP AS ${withPrograms(months.base, programsOfSums(sums))}`,
  );
  return { sums, households: sql`window_household_facts` };
}

/** Stores a window's household rows (coverage_household) from its facts tables. */
async function insertWindowHouseholds(
  savepoint: Context["db"],
  { kabkota, id, sums, households }: { kabkota: string; id: number; sums: SQL; households: SQL },
): Promise<void> {
  await savepoint.execute(sql`
    INSERT INTO coverage_household (kabkota_code, window_id, ${sql.raw(HOUSEHOLD_ROW_COLUMNS.join(", "))})
    SELECT ${kabkota}, ${id}, c.* FROM (${householdRowsOf(households, sums)}) c`);
  // A window writes a row per household of the city: planned from statistics that do not know
  // it, a city list looks a few rows long and probes the register once per household.
  await analyzeNewKeys(savepoint, "coverage_household", [id]);
}

/**
 * Stores the household rows of a window whose counts are stored, in a savepoint: true once they
 * are, false when another transaction is storing them (this one then computes them on the spot).
 */
async function storeWindowHouseholds(
  ctx: Context,
  { kabkota, id, months }: { kabkota: string; id: number; months: WindowMonths },
): Promise<boolean> {
  const stored = await unlessSerializationFails(ctx, async (savepoint) => {
    const [claimed] = await queryRows<{ id: number }>(
      savepoint,
      sql`UPDATE coverage_window SET households_stored = true
          WHERE id IN (SELECT id FROM coverage_window WHERE id = ${id} AND NOT households_stored FOR UPDATE SKIP LOCKED)
          RETURNING id`,
    );
    if (!claimed) return false;
    const { sums, households } = await windowFactTables(savepoint, months);
    await insertWindowHouseholds(savepoint, { kabkota, id, sums, households });
    await savepoint.execute(sql`DROP TABLE window_household_sums, window_household_facts`);
    return true;
  });
  return stored ?? false;
}

/** Runs `work` in a savepoint; undefined when it failed to serialize against another transaction. */
async function unlessSerializationFails<T>(
  ctx: Context,
  work: (savepoint: Context["db"]) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await ctx.db.transaction((savepoint) => work(savepoint));
  } catch (error) {
    if (isSerializationFailure(error)) return undefined;
    throw error;
  }
}

/** PostgreSQL's "could not serialize access": another transaction wrote what this one must not overwrite. */
function isSerializationFailure(error: unknown): boolean {
  return hasErrorCode(error, "40001");
}

const warmWindow = analysisVerb(async (ctx: Context, kabkotaCode: string): Promise<void> => {
  await storeWindow(ctx, kabkotaCode, await resolveWindow({ ctx, input: { kabkotaCode } }), "households");
});

/**
 * Brings the cache up to the data version for every kabupaten/kota: carries it forward from what
 * the writes since changed (`carryForward`), drops months of older versions, fills the default window (its months first, each in its own transaction), then every
 * other month held (at most MAX_WINDOW_MONTHS back), newest first, so any window and the trend
 * are sums of stored months. Called once an import, a join or a seed has committed (any write
 * makes every cached window stale: the data version is one for the database), so the
 * first summary after a change is as fast as the next. The statistics of the tables the write
 * changed are taken first and those of the cache after (PGlite has no autovacuum), so the warm-up
 * and every later read are planned for the rows there are.
 */
export async function warmCoverage({
  ctx,
  onProgress,
}: {
  ctx: Context;
  /** Hears how many of the pieces (a city's default window, a step of its months) are stored. */
  onProgress?: (done: number, total: number) => void;
}): Promise<void> {
  await analyzeChangedTables(ctx.db);
  const cities = await queryRows<{ code: string; first: string | null; last: string | null }>(
    ctx.db,
    sql`SELECT a.code, s.first, s.last FROM area a
        CROSS JOIN LATERAL (SELECT min(period) AS first, max(period) AS last FROM aid_receipt r WHERE r.kabkota_code = a.code) s
        WHERE a.level = 'kabkota' ORDER BY a.code`,
  );
  const heldMonths: string[][] = [];
  for (const city of cities) {
    // Before the older versions' rows go: what the writes since did not change is taken over.
    await carryForward(ctx, city.code);
    await dropStaleVersions(ctx, city.code);
    if (!city.first || !city.last) {
      heldMonths.push([]);
      continue;
    }
    const earliest = addMonths(city.last, 1 - MAX_WINDOW_MONTHS);
    const held = monthsOf({ from: earliest > city.first ? earliest : city.first, to: city.last }).reverse();
    heldMonths.push(await unstoredMonths(ctx, city.code, held));
  }
  const total = 2 * cities.length + heldMonths.reduce((sum, held) => sum + Math.ceil(held.length / MONTHS_PER_STEP), 0);
  let done = 0;
  const stepDone = () => onProgress?.(++done, total);
  onProgress?.(0, total);
  for (const [index, city] of cities.entries()) {
    await eventLoopPass();
    await warmWindow({ ctx, input: city.code });
    stepDone();
    if (heldMonths[index]!.length > 0) await prepareMonths(ctx, city.code, heldMonths[index]!, stepDone);
    await prepareSpans(ctx, city.code);
    stepDone();
  }
  await analyzeChangedTables(ctx.db);
}

/**
 * Deletes the windows, bases and months of older data versions (their rows with them), then
 * vacuums the month and base tables: PGlite has no autovacuum, and a write replaces every one of them.
 */
async function dropStaleVersions(ctx: Context, kabkota: string): Promise<void> {
  const stale = sql`data_version < (SELECT version FROM data_version WHERE id = 1)`;
  await ctx.db.execute(deleteWindows(kabkota, stale));
  const [dropped] = await queryRows<{ months: number; bases: number }>(
    ctx.db,
    sql`
      WITH months AS (DELETE FROM coverage_month WHERE kabkota_code = ${kabkota} AND ${stale} RETURNING id),
      month_households AS (DELETE FROM coverage_month_household WHERE kabkota_code = ${kabkota} AND month_id IN (SELECT id FROM months)),
      month_rts AS (DELETE FROM coverage_month_rt WHERE kabkota_code = ${kabkota} AND month_id IN (SELECT id FROM months)),
      bases AS (DELETE FROM coverage_base WHERE kabkota_code = ${kabkota} AND ${stale} RETURNING id),
      base_households AS (DELETE FROM coverage_base_household WHERE kabkota_code = ${kabkota} AND base_id IN (SELECT id FROM bases)),
      base_rts AS (DELETE FROM coverage_base_rt WHERE kabkota_code = ${kabkota} AND base_id IN (SELECT id FROM bases)),
      spans AS (DELETE FROM coverage_span WHERE kabkota_code = ${kabkota} AND ${stale} RETURNING id),
      span_households AS (DELETE FROM coverage_span_household WHERE kabkota_code = ${kabkota} AND span_id IN (SELECT id FROM spans)),
      span_rts AS (DELETE FROM coverage_span_rt WHERE kabkota_code = ${kabkota} AND span_id IN (SELECT id FROM spans)),
      -- Every base older than now is gone, so no change up to now is needed to carry one forward.
      changes AS (DELETE FROM coverage_change WHERE kabkota_code = ${kabkota} AND data_version <= (SELECT version FROM data_version WHERE id = 1))
      SELECT (SELECT count(*) FROM months)::int AS months, (SELECT count(*) FROM bases)::int AS bases`,
  );
  if ((dropped?.months ?? 0) + (dropped?.bases ?? 0) > 0) {
    await ctx.db.execute(
      sql`VACUUM coverage_month_household, coverage_month_rt, coverage_month, coverage_base_household, coverage_base_rt, coverage_base, coverage_span_household, coverage_span_rt, coverage_span`,
    );
  }
}
