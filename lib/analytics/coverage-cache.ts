import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { currentDataVersion } from "./data-version";
import { householdFacts, receiptRows, withPaidTwice } from "./facts";
import {
  CONDITIONAL_HOUSEHOLD_CLASSES,
  OTHER_HOUSEHOLD_CLASS,
  type ConditionalHouseholdClass,
  type HouseholdClass,
} from "./household-classes";
import { analysisVerb, eligibleMaxDesil, type AnalysisArea } from "./scope";
import { resolveWindow, type AnalysisWindow } from "./window";

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
  "receipts",
  "deceased",
  "nonaktif",
  "not_in_register",
  "invalid_nik",
  "paid_twice",
] as const;

/**
 * The coverage counts of a whole kabupaten/kota for a window, one row per kelurahan × RT:
 * `kelurahan_code, rt_code` and COVERAGE_COLUMNS. This is the definition every summary sums
 * (README, "Coverage analytics"): households in their effective area, receipts in their
 * household's, an unmatched receipt in the kelurahan its list names with no RT. `households`
 * is the window's `householdFacts` of the whole kabupaten/kota, `receipts` its `receiptRows`.
 */
function coverageByRt(households: SQL, receipts: SQL): SQL {
  return sql`
    WITH households AS (SELECT * FROM ${households} h),
    receipts AS MATERIALIZED (SELECT * FROM ${receipts} r),
    -- Paid twice: receipts beyond the first of each payee, program and period. One payee's
    -- receipts share a household, so they share its RT.
    repeats AS (
      SELECT kelurahan_code, rt_code, count(*) - 1 AS extra FROM receipts WHERE payee IS NOT NULL
      GROUP BY kelurahan_code, rt_code, payee, program_code, period HAVING count(*) > 1
    ),
    parts AS (
      SELECT effective_kelurahan_code AS kelurahan_code, effective_rt_code AS rt_code,
             count(*) AS households,
             coalesce(sum(persons), 0) AS persons,
             coalesce(sum(poor_persons), 0) AS poor_persons,
             count(*) FILTER (WHERE eligible) AS eligible_households,
             count(*) FILTER (WHERE programs IS NOT NULL) AS receiving_households,
             count(*) FILTER (WHERE cardinality(programs) >= 2) AS stacked_households,
             count(*) FILTER (WHERE conflicting) AS conflicting_households,
             count(*) FILTER (WHERE eligible AND programs IS NULL) AS uncovered_eligible_households,
             count(*) FILTER (WHERE eligible AND NOT received_ever) AS never_covered_eligible_households,
             0 AS receipts, 0 AS deceased, 0 AS nonaktif, 0 AS not_in_register, 0 AS invalid_nik, 0 AS paid_twice
      FROM households GROUP BY 1, 2
      UNION ALL
      SELECT kelurahan_code, rt_code, 0, 0, 0, 0, 0, 0, 0, 0, 0,
             count(*), count(*) FILTER (WHERE deceased), count(*) FILTER (WHERE nonaktif),
             count(*) FILTER (WHERE not_in_register), count(*) FILTER (WHERE invalid_nik), 0
      FROM receipts GROUP BY 1, 2
      UNION ALL
      SELECT kelurahan_code, rt_code, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(extra)
      FROM repeats GROUP BY 1, 2
    )
    SELECT kelurahan_code, rt_code,
           ${sql.raw(COVERAGE_COLUMNS.map((column) => `sum(${column})::int AS ${column}`).join(", "))}
    FROM parts GROUP BY kelurahan_code, rt_code`;
}

/** Households per kelurahan × RT and exact set of programs received in the window. */
function combinationsByRt(households: SQL): SQL {
  return sql`
    SELECT h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code, h.programs, h.conflicting, count(*)::int AS households
    FROM ${households} h WHERE h.programs IS NOT NULL
    GROUP BY 1, 2, 3, 4`;
}

/** The columns of `householdRowsOf`, as coverage_household stores them. */
const HOUSEHOLD_ROW_COLUMNS = [
  "household_id",
  "kelas",
  "programs",
  "program_codes",
  "eligible",
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
  bertumpuk: sql`cardinality(h.programs) >= 2`,
  belum_menerima: sql`h.eligible AND h.programs IS NULL`,
  menerima: sql`h.programs IS NOT NULL`,
};

/**
 * One row per household of the window: its class (the map's points; HOUSEHOLD_CLASSES) with how
 * many programs it received, and what the household lists show and filter on: the programs
 * themselves, eligible, conflicting, persons, and the inclusion errors among its receipts
 * (`error_receipts`: receipts with at least one). `households` is the window's
 * `householdFacts` of the whole kabupaten/kota, `receipts` its `receiptRows`; a household's
 * receipts all fall in its own area, so its errors are the same counted city-wide as in any
 * area holding it.
 */
function householdRowsOf(households: SQL, receipts: SQL): SQL {
  return sql`
    SELECT h.id AS household_id,
           ${mostPressingClass((kelas) => HOUSEHOLD_CLASS_CONDITIONS[kelas])} AS kelas,
           coalesce(cardinality(h.programs), 0)::smallint AS programs,
           h.programs AS program_codes, h.eligible, h.conflicting, h.persons::int AS persons,
           coalesce(e.deceased, 0) AS deceased, coalesce(e.nonaktif, 0) AS nonaktif,
           coalesce(e.invalid_nik, 0) AS invalid_nik, coalesce(e.paid_twice, 0) AS paid_twice,
           coalesce(e.error_receipts, 0) AS error_receipts
    FROM ${households} h
    LEFT JOIN (
      SELECT household_id,
             count(*) FILTER (WHERE deceased)::int AS deceased, count(*) FILTER (WHERE nonaktif)::int AS nonaktif,
             count(*) FILTER (WHERE invalid_nik)::int AS invalid_nik, count(*) FILTER (WHERE paid_twice)::int AS paid_twice,
             count(*) FILTER (WHERE deceased OR nonaktif OR invalid_nik OR paid_twice)::int AS error_receipts
      FROM (${withPaidTwice(receipts)}) r
      WHERE household_id IS NOT NULL
      GROUP BY household_id
    ) e ON e.household_id = h.id`;
}

/**
 * The windows kept per kabupaten/kota, the default window among them: any account may ask for
 * any window, and each one cached holds a row per household.
 */
export const MAX_CACHED_WINDOWS = 20;

/** Where a window's coverage comes from: the cached rows, or computed on the spot. */
export interface CoverageSource {
  window: AnalysisWindow;
  /** A relation with `kelurahan_code, rt_code` and COVERAGE_COLUMNS. */
  rows: SQL;
  /** A relation with `kelurahan_code, rt_code, programs, conflicting, households`. */
  combinations: SQL;
  /** A relation with `household_id, kelas, programs` (see `householdRowsOf`). */
  householdClasses: SQL;
  /** A relation with every column of `householdRowsOf`, one row per household of the kabupaten/kota. */
  households: SQL;
  cached: boolean;
}

/**
 * The coverage of a kabupaten/kota for a window, computed once per data version and kept in
 * three tables: coverage_rollup (the kelurahan × RT counts), coverage_combination (the program
 * sets) and coverage_household (each household's class and list columns). Later summaries,
 * overlaps, map tiles and household lists of any area in that window read those rows instead of
 * every receipt. Runs in the caller's repeatable-read transaction (analysisVerb), so the version
 * read and the rows computed see the same data. When another transaction is filling the same
 * window, everything is computed on the spot. A change to what is cached ships with a migration
 * that empties coverage_window (as 0009 and 0014 do).
 */
export async function coverageSource(ctx: Context, kabkota: string, window: AnalysisWindow): Promise<CoverageSource> {
  const city: AnalysisArea = { code: kabkota, name: kabkota, level: "kabkota", kabkotaCode: kabkota, parentCode: null };
  const { version } = await currentDataVersion(ctx);
  const cached = (id: number): CoverageSource => ({
    window,
    rows: sql`(SELECT * FROM coverage_rollup WHERE window_id = ${id})`,
    combinations: sql`(SELECT * FROM coverage_combination WHERE window_id = ${id})`,
    householdClasses: sql`(SELECT household_id, kelas, programs FROM coverage_household WHERE window_id = ${id})`,
    households: sql`(SELECT ${sql.raw(HOUSEHOLD_ROW_COLUMNS.join(", "))} FROM coverage_household WHERE window_id = ${id})`,
    cached: true,
  });
  const [existing] = await queryRows<{ id: number; stale: boolean }>(
    ctx.db,
    sql`SELECT id, used_at < now() - interval '1 minute' AS stale FROM coverage_window
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
    return cached(existing.id);
  }

  const facts = householdFacts(city, window, await eligibleMaxDesil(ctx));
  const createdId = await fillWindow(ctx, { kabkota, version, window, city, facts });
  if (createdId === null) {
    const households = sql`(${facts})`;
    const receipts = sql`(${receiptRows(city, window)})`;
    const householdRows = sql`(${householdRowsOf(households, receipts)})`;
    return {
      window,
      rows: sql`(${coverageByRt(households, receipts)})`,
      combinations: sql`(${combinationsByRt(households)})`,
      householdClasses: sql`(SELECT household_id, kelas, programs FROM ${householdRows} k)`,
      households: householdRows,
      cached: false,
    };
  }
  // Older versions' windows go, and beyond MAX_CACHED_WINDOWS the least recently used (never
  // the one just filled, nor the default window); another transaction removing them first is as good.
  const byDefault = await resolveWindow({ ctx, input: { kabkotaCode: kabkota } });
  await unlessSerializationFails(ctx, async (savepoint) => {
    await savepoint.execute(
      sql`DELETE FROM coverage_window WHERE kabkota_code = ${kabkota} AND data_version < ${version}`,
    );
    await savepoint.execute(sql`
      DELETE FROM coverage_window WHERE id IN (
        SELECT id FROM (
          SELECT id, row_number() OVER (
                   ORDER BY id = ${createdId} DESC, (window_from = ${byDefault.from} AND window_to = ${byDefault.to}) DESC, used_at DESC, id DESC
                 ) AS rank
          FROM coverage_window WHERE kabkota_code = ${kabkota}
        ) ranked
        WHERE rank > ${MAX_CACHED_WINDOWS}
      )`);
  });
  return cached(createdId);
}

/** PostgreSQL's "could not serialize access": another transaction wrote what this one must not overwrite. */
function isSerializationFailure(error: unknown): boolean {
  const codeOf = (e: unknown) =>
    e && typeof e === "object" && "code" in e ? (e as { code: unknown }).code : undefined;
  return codeOf(error) === "40001" || codeOf((error as { cause?: unknown })?.cause) === "40001";
}

/**
 * Claims the window and stores its counts, in a savepoint; the window's id, or null when
 * another transaction holds it. A repeatable-read transaction that meets a row committed after
 * its snapshot fails with a serialization error instead of skipping it: that, too, means
 * another transaction filled the window, and this one counts on the spot.
 */
async function fillWindow(
  ctx: Context,
  {
    kabkota,
    version,
    window,
    city,
    facts,
  }: { kabkota: string; version: number; window: AnalysisWindow; city: AnalysisArea; facts: SQL },
): Promise<number | null> {
  const id = await unlessSerializationFails(ctx, async (savepoint) => {
    const [created] = await queryRows<{ id: number }>(
      savepoint,
      sql`INSERT INTO coverage_window (kabkota_code, data_version, window_from, window_to)
          VALUES (${kabkota}, ${version}, ${window.from}, ${window.to})
          ON CONFLICT DO NOTHING RETURNING id`,
    );
    if (!created) return null;
    // The window's household facts and receipts once, for the counts, the combinations and the households.
    await savepoint.execute(sql`CREATE TEMP TABLE window_household_facts ON COMMIT DROP AS ${facts}`);
    await savepoint.execute(sql`CREATE TEMP TABLE window_receipts ON COMMIT DROP AS ${receiptRows(city, window)}`);
    const households = sql`window_household_facts`;
    const receipts = sql`window_receipts`;
    await savepoint.execute(sql`
      INSERT INTO coverage_rollup (kabkota_code, window_id, kelurahan_code, rt_code, ${sql.raw(COVERAGE_COLUMNS.join(", "))})
      SELECT ${kabkota}, ${created.id}, c.* FROM (${coverageByRt(households, receipts)}) c`);
    await savepoint.execute(sql`
      INSERT INTO coverage_combination (kabkota_code, window_id, kelurahan_code, rt_code, programs, conflicting, households)
      SELECT ${kabkota}, ${created.id}, c.* FROM (${combinationsByRt(households)}) c`);
    await savepoint.execute(sql`
      INSERT INTO coverage_household (kabkota_code, window_id, ${sql.raw(HOUSEHOLD_ROW_COLUMNS.join(", "))})
      SELECT ${kabkota}, ${created.id}, c.* FROM (${householdRowsOf(households, receipts)}) c`);
    // A window writes a row per household of the city: without fresh statistics (PGlite has no
    // autovacuum) a city list looks a few rows long and probes the register once per household.
    await savepoint.execute(sql`ANALYZE coverage_household`);
    await savepoint.execute(sql`DROP TABLE window_household_facts, window_receipts`);
    return created.id;
  });
  return id ?? null;
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

const warmWindow = analysisVerb(async (ctx: Context, kabkotaCode: string): Promise<void> => {
  await coverageSource(ctx, kabkotaCode, await resolveWindow({ ctx, input: { kabkotaCode } }));
});

/**
 * Fills the cache for the default window of every kabupaten/kota, so the first summary after a
 * change is as fast as the next. Called once an import, a join or a seed has committed (any
 * write makes every cached window stale: the data version is one for the database).
 */
export async function warmCoverage({ ctx }: { ctx: Context }): Promise<void> {
  const cities = await queryRows<{ code: string }>(
    ctx.db,
    sql`SELECT code FROM area WHERE level = 'kabkota' ORDER BY code`,
  );
  for (const city of cities) await warmWindow({ ctx, input: city.code });
}
