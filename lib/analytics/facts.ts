import { sql, type SQL } from "drizzle-orm";

import { childOf, inArea, type AnalysisArea } from "./scope";
import type { AnalysisWindow } from "./window";

/**
 * Eligible: aktif, verified, desil at or below the threshold, of household `h` or of any row
 * with its status, verval and desil (a release's household: lib/releases).
 */
export function eligible(maxDesil: number | SQL, row: SQL = sql`h`): SQL {
  return sql`(${row}.status = 'aktif' AND ${row}.verval_status = 'terverifikasi' AND coalesce(${row}.desil <= ${maxDesil}, false))`;
}

/**
 * One row per household of the area with what the window says about it — the single definition
 * every count, list and explanation reads (README, "Coverage analytics"): its `householdBase`
 * and `programs` (text[] of the window, null when none) with `stacked` and `conflicting`.
 */
export function householdFacts(area: AnalysisArea, window: AnalysisWindow, maxDesil: number): SQL {
  return withPrograms(householdBase(area, maxDesil), windowPrograms(area.kabkotaCode, window));
}

/** The programs each household received in the window: `id, programs` (text[] in code order), `conflicting`. */
function windowPrograms(kabkota: string, window: AnalysisWindow): SQL {
  // Distinct pairs first (hashed), so the ordered aggregate sorts a few rows per household.
  return sql`
    SELECT w.id, w.programs, ${stacked(sql`w.programs`)} AS stacked, ${conflicting(sql`w.programs`)} AS conflicting
    FROM (
      SELECT pairs.id, array_agg(pairs.program_code ORDER BY pairs.program_code) AS programs
      FROM (
        SELECT DISTINCT r.matched_household_id AS id, r.program_code
        FROM aid_receipt r
        WHERE r.kabkota_code = ${kabkota} AND r.period BETWEEN ${window.from} AND ${window.to} AND r.matched_household_id IS NOT NULL
      ) pairs
      GROUP BY pairs.id
    ) w`;
}

/**
 * Every pair of programs within a set (a text[] expression), codes in order, with its state
 * (PAIR_STATES): `a, b, state, note`. A pair is forbidden when an exclusivity rule names it
 * (program_exclusion), allowed when it is part of the intended package (program_complement),
 * and not settled otherwise.
 */
export function programPairs(programs: SQL): SQL {
  return sql`
    SELECT a.code AS a, b.code AS b,
           CASE WHEN x.program_code IS NOT NULL THEN 'melanggar_aturan'
                WHEN c.program_code IS NOT NULL THEN 'pelengkap' ELSE 'belum_diatur' END AS state,
           coalesce(x.note, c.note) AS note
    FROM unnest(${programs}) a(code) JOIN unnest(${programs}) b(code) ON a.code < b.code
    LEFT JOIN program_exclusion x ON x.program_code = a.code AND x.excluded_program_code = b.code
    LEFT JOIN program_complement c ON c.program_code = a.code AND c.complement_program_code = b.code`;
}

/** Stacked (bertumpuk): a set of programs holds a pair not allowed together (forbidden or not settled). */
export function stacked(programs: SQL): SQL {
  return sql`coalesce((SELECT true FROM (${programPairs(programs)}) p WHERE p.state <> 'pelengkap' LIMIT 1), false)`;
}

/** Conflicting (melanggar aturan): a set of programs holds a pair an exclusivity rule forbids. */
export function conflicting(programs: SQL): SQL {
  return sql`coalesce((SELECT true FROM (${programPairs(programs)}) p WHERE p.state = 'melanggar_aturan' LIMIT 1), false)`;
}

/**
 * Household facts (see `householdFacts`) from a relation of `householdBase` rows and one of the
 * window's programs, `id, programs, stacked, conflicting` (one row per household that received
 * any, see `stacked` and `conflicting`): the coverage cache gives both from what it stored.
 */
export function withPrograms(base: SQL, programs: SQL): SQL {
  return sql`
    SELECT b.*, w.programs, coalesce(w.stacked, false) AS stacked, coalesce(w.conflicting, false) AS conflicting
    FROM (${base}) b
    LEFT JOIN (${programs}) w ON w.id = b.id`;
}

/** The columns of `householdBase` the coverage cache keeps (coverage_base_household), besides `id`. */
export const CACHED_BASE_COLUMNS = [
  "effective_kelurahan_code",
  "effective_rt_code",
  "status",
  "eligible",
  "received_ever",
  "persons",
  "poor_persons",
] as const;

/**
 * What a household is whatever the window, one row per household of the area: `id,
 * kabkota_code, dtks_id, desil, status, verval_status, effective codes, child, eligible,
 * received_ever, persons, poor_persons`. `only.households` (a relation of `household_id`)
 * narrows it to those households.
 */
export function householdBase(area: AnalysisArea, maxDesil: number, only: { households?: SQL } = {}): SQL {
  const kabkota = area.kabkotaCode;
  return sql`
    SELECT h.id, h.kabkota_code, h.dtks_id, h.desil, h.status, h.verval_status,
           h.effective_kelurahan_code, h.effective_rt_code,
           ${childOf(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)} AS child,
           ${eligible(maxDesil)} AS eligible,
           ever.received IS NOT NULL AS received_ever,
           coalesce(m.persons, 0)::int AS persons,
           (CASE WHEN h.status = 'aktif' AND coalesce(h.desil <= ${maxDesil}, false) THEN coalesce(m.living, 0) ELSE 0 END)::int AS poor_persons
    FROM household h
    LEFT JOIN (
      SELECT p.household_id, count(*) AS persons, count(*) FILTER (WHERE p.death_date IS NULL) AS living
      FROM person p WHERE p.kabkota_code = ${kabkota}
        ${only.households === undefined ? sql`` : sql`AND p.household_id IN (SELECT household_id FROM ${only.households})`}
      GROUP BY p.household_id
    ) m ON m.household_id = h.id
    -- One index probe per household: as an EXISTS the planner hashes every receipt of every
    -- period (2.9M rows at 42k households), which was most of a cold window's cost.
    LEFT JOIN LATERAL (
      SELECT true AS received FROM aid_receipt e WHERE e.kabkota_code = h.kabkota_code AND e.matched_household_id = h.id LIMIT 1
    ) ever ON true
    WHERE h.kabkota_code = ${kabkota}
      AND ${inArea(area, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}
      ${only.households === undefined ? sql`` : sql`AND h.id IN (SELECT household_id FROM ${only.households})`}`;
}

/**
 * Who a receipt pays, for `paid_twice`: the household for household programs (PKH, BPNT…); for
 * programs paid per person (PBI-JK) the member within the household — the matched person, else
 * the NIK or the name the list gives — so each insured member counts once. Needs receipt `r`
 * and its program `g`.
 */
function payee(): SQL {
  return sql`(r.matched_household_id::text || CASE WHEN g.unit = 'person'
    THEN '/' || coalesce('p' || r.matched_person_id::text, 'n' || r.nik, 'm' || lower(r.name), '') ELSE '' END)`;
}

/**
 * One row per receipt of the window attributed to the area — by its household's effective area,
 * or by its listed kelurahan when it matched no household — with the inclusion errors it shows
 * on its own: `id, kelurahan_code, rt_code, child, program_code, period, amount, match_method,
 * household_id, payee (null when unmatched), deceased, nonaktif, not_in_register, invalid_nik`
 * (booleans; a receipt may show several).
 * `only.householdId` narrows it to one household's receipts (its paid-twice ranks are the same);
 * `only.receipts` reads them from a relation of aid_receipt rows instead of the whole table.
 */
export function receiptRows(
  area: AnalysisArea,
  window: AnalysisWindow,
  only: { householdId?: number; receipts?: SQL } = {},
): SQL {
  const kelurahan = sql`coalesce(h.effective_kelurahan_code, r.kelurahan_code)`;
  return sql`
    SELECT r.id, r.program_code, r.period, r.amount, r.match_method, r.matched_household_id AS household_id, ${payee()} AS payee,
           ${kelurahan} AS kelurahan_code, h.effective_rt_code AS rt_code,
           ${childOf(area, kelurahan, sql`h.effective_rt_code`)} AS child,
           coalesce(r.matched_person_id IS NOT NULL AND p.death_date < to_date(r.period || '-01', 'YYYY-MM-DD'), false) AS deceased,
           coalesce(h.status = 'nonaktif', false) AS nonaktif,
           r.matched_household_id IS NULL AS not_in_register,
           (r.nik IS NOT NULL AND r.nik_check <> 'valid') AS invalid_nik
    FROM ${only.receipts ?? sql`aid_receipt`} r
    JOIN program g ON g.code = r.program_code
    LEFT JOIN household h ON h.kabkota_code = r.kabkota_code AND h.id = r.matched_household_id
    LEFT JOIN person p ON p.kabkota_code = r.kabkota_code AND p.id = r.matched_person_id
    WHERE r.kabkota_code = ${area.kabkotaCode} AND r.period BETWEEN ${window.from} AND ${window.to}
      AND ${inArea(area, kelurahan, sql`h.effective_rt_code`)}
      ${only.householdId === undefined ? sql`` : sql`AND r.matched_household_id = ${only.householdId}`}`;
}

/**
 * `receiptRows` with `paid_twice`: every matched receipt beyond the first of one payee (see
 * `payee`), program and period. For lists and explanations; counts take the grouped form in
 * coverage-cache.ts, which needs no sort.
 */
export function receiptFacts(area: AnalysisArea, window: AnalysisWindow, only: { householdId?: number } = {}): SQL {
  return withPaidTwice(sql`(${receiptRows(area, window, only)})`);
}

/** A relation of `receiptRows` with `paid_twice` added (see `receiptFacts`). */
export function withPaidTwice(receipts: SQL): SQL {
  return sql`
    SELECT rows.*, (rows.payee IS NOT NULL AND row_number() OVER (
             PARTITION BY rows.payee, rows.program_code, rows.period ORDER BY rows.id) > 1) AS paid_twice
    FROM ${receipts} rows`;
}
