import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { Context } from "@/lib/context";

/** How receipts are matched: of the kabupaten/kota, or of those a DTKS batch could affect. */
export interface MatchReport {
  receipts: number;
  byNik: number;
  byNoKk: number;
  unmatched: number;
}

/**
 * The lookups that match receipts (aliased `r2`, with `nik`, `nik_check` and `no_kk`) to the
 * register of one kabupaten/kota, through the indexes on NIK and No. KK: a list names a small
 * part of a large register, and a hash join would read all of it (at a million households, 3.4
 * million persons hashed for 100,000 receipts: 1.5 s against 0.6 s). By NIK, for each (NIK, No.
 * KK) pair the receipts name: the person bearing the NIK in a household of that No. KK, else in
 * the NIK's lowest household (then the lowest person id); a household's No. KK is read only for
 * a NIK several persons bear. Else by No. KK (`matchedColumns`), for just the receipts NIK left
 * unmatched: its lowest household. Shared by the matcher below and by bulk loads that match
 * while they insert. A NIK a spreadsheet mangled (nik_check `mangled`, on either side) never
 * matches by NIK: every NIK mangled the same way would match every other; its No. KK still may.
 *
 * `receipts` is a relation with the `nik`, `nik_check` and `no_kk` of the receipts `r2` reads
 * (the same rows, or more): the pairs are sought for those, each once. `wholeRegister`: they are
 * the receipts of the whole register (the demo's seed, a whole city's matching), whose NIKs are
 * most of its persons': those are read in one pass, a hash join, instead (the 2.0 million
 * receipts of a million households' demo matched in 8.7 s so, in 14.4 s one NIK at a time).
 */
export function matchJoins(
  kabkota: string,
  receipts: SQLWrapper,
  { wholeRegister = false }: { wholeRegister?: boolean } = {},
): SQL {
  const bearers = wholeRegister
    ? sql`JOIN person p ON p.kabkota_code = ${kabkota} AND p.nik = named.nik AND p.nik_check <> 'mangled'`
    : sql`CROSS JOIN LATERAL (SELECT p.id, p.household_id FROM person p
                              WHERE p.nik = named.nik AND p.kabkota_code = ${kabkota} AND p.nik_check <> 'mangled' OFFSET 0) p`;
  // An empty No. KK stands for none in the pairs, so a receipt without one still joins its pair.
  return sql`
    LEFT JOIN (
      SELECT DISTINCT ON (c.nik, c.no_kk) c.nik, c.no_kk, c.person_id, c.household_id
      FROM (
        SELECT named.nik, named.no_kk, p.id AS person_id, p.household_id,
               count(*) OVER (PARTITION BY named.nik, named.no_kk) AS bearers
        FROM (SELECT DISTINCT n.nik, coalesce(n.no_kk, '') AS no_kk FROM ${receipts} n
              WHERE n.nik IS NOT NULL AND n.nik_check <> 'mangled') named
        ${bearers}
      ) c
      ORDER BY c.nik, c.no_kk,
               (CASE WHEN c.bearers > 1 THEN (SELECT h.no_kk = nullif(c.no_kk, '') FROM household h
                                             WHERE h.kabkota_code = ${kabkota} AND h.id = c.household_id) END) IS TRUE DESC,
               c.household_id, c.person_id
    ) by_nik ON by_nik.nik = r2.nik AND by_nik.no_kk = coalesce(r2.no_kk, '') AND r2.nik_check <> 'mangled'`;
}

/**
 * `person_id`, `household_id` and `method` of a receipt under `matchJoins`. The No. KK is looked
 * up only when NIK left the receipt unmatched: COALESCE and CASE reach the subqueries for those
 * rows alone, where a join would cost every row (2.9 million receipts in the 42k demo's seed).
 * The method asks the same scalar subquery again rather than EXISTS: planned for every row, an
 * EXISTS became a hash of the city's No. KKs, built whole for the few rows that reach it (0.6 s
 * of a 100,000-row list's insert at a million households).
 */
export function matchedColumns(kabkota: string): SQL {
  const byNoKk = sql`FROM household h WHERE h.kabkota_code = ${kabkota} AND h.no_kk = r2.no_kk`;
  return sql`
    by_nik.person_id AS person_id,
    coalesce(by_nik.household_id, (SELECT min(h.id) ${byNoKk})) AS household_id,
    (CASE WHEN by_nik.person_id IS NOT NULL THEN 'nik'
          WHEN (SELECT min(h.id) ${byNoKk}) IS NOT NULL THEN 'no_kk' END)::receipt_match_method AS method`;
}

/**
 * Matches the receipts of a kabupaten/kota to the register: to the person whose NIK it carries,
 * else to a household by its No. KK; otherwise it stays unmatched (an inclusion error the
 * analytics count). A receipt matches at most one household: when a NIK stands in several
 * households (a known fault), the one whose No. KK the receipt also names wins, then the lowest
 * id. Set-based and idempotent; only receipts whose match changes are written.
 *
 * After a DTKS import, `dtksBatchId` narrows the work to the receipts that batch can affect:
 * those matched to its households, or naming a NIK or No. KK its households now hold; the
 * report then counts those receipts. `householdIds` narrows it the same way to households a
 * verval proposal changed.
 */
export async function matchReceipts({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; dtksBatchId?: number; householdIds?: readonly number[] };
}): Promise<MatchReport> {
  const kabkota = input.kabkotaCode;
  const batch = input.dtksBatchId;
  // The households whose receipts may have changed: a DTKS batch's, or those a verval proposal wrote.
  const households =
    batch !== undefined
      ? sql`h.import_batch_id = ${batch}`
      : input.householdIds
        ? sql`h.id = ANY(${sqlArray(input.householdIds, "int")})`
        : null;
  // A link record linkage made (lib/linkage) stands until a NIK match replaces it or its person
  // leaves that household; linkage itself revisits it.
  const keepsLink = (r: string, method: string) =>
    sql.raw(`NOT (${r}.match_method IN ('tautan_otomatis', 'tautan_dikonfirmasi') AND ${method} IS DISTINCT FROM 'nik'
      AND EXISTS (SELECT 1 FROM person lp WHERE lp.kabkota_code = ${r}.kabkota_code AND lp.id = ${r}.matched_person_id
                  AND lp.household_id = ${r}.matched_household_id))`);
  const counted = (receipts: SQL) => sql`
    SELECT count(*)::int AS receipts,
           count(*) FILTER (WHERE r.match_method = 'nik')::int AS "byNik",
           count(*) FILTER (WHERE r.match_method = 'no_kk')::int AS "byNoKk",
           count(*) FILTER (WHERE r.match_method IS NULL)::int AS unmatched
    FROM ${receipts}`;
  return ctx.db.transaction(async (tx) => {
    if (households === null) {
      const cityReceipts = sql`(SELECT nik, nik_check, no_kk FROM aid_receipt WHERE kabkota_code = ${kabkota})`;
      await tx.execute(sql`
        UPDATE aid_receipt r SET
          matched_person_id = m.person_id,
          matched_household_id = m.household_id,
          match_method = m.method,
          match_score = NULL,
          link_fingerprint = NULL
        FROM (SELECT r2.id, ${matchedColumns(kabkota)} FROM aid_receipt r2 ${matchJoins(kabkota, cityReceipts, { wholeRegister: true })} WHERE r2.kabkota_code = ${kabkota}) m
        WHERE r.kabkota_code = ${kabkota} AND r.id = m.id AND ${keepsLink("r", "m.method")}
          AND (r.matched_person_id, r.matched_household_id, r.match_method)
              IS DISTINCT FROM (m.person_id, m.household_id, m.method)`);
      const [report] = await queryRows<MatchReport>(tx, counted(sql`aid_receipt r WHERE r.kabkota_code = ${kabkota}`));
      return report!;
    }
    // The receipts the batch can affect, found from the batch's side through the receipts'
    // indexes (each LATERAL fenced by OFFSET 0 so it stays an index lookup per household or
    // member): those matched to its households, or naming a NIK or No. KK they now hold. Copied
    // with what matching needs, so nothing below scans the whole receipt table.
    const receiptFields = sql.raw(
      "r.id, r.nik, r.nik_check, r.no_kk, r.matched_person_id, r.matched_household_id, r.match_method",
    );
    await tx.execute(sql`DROP TABLE IF EXISTS receipts_to_match`);
    await tx.execute(sql`
      CREATE TEMP TABLE receipts_to_match ON COMMIT DROP AS
      SELECT x.* FROM household h,
        LATERAL (SELECT ${receiptFields} FROM aid_receipt r WHERE r.kabkota_code = h.kabkota_code AND r.matched_household_id = h.id OFFSET 0) x
      WHERE ${households} AND h.kabkota_code = ${kabkota}
      UNION
      SELECT x.* FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id,
        LATERAL (SELECT ${receiptFields} FROM aid_receipt r WHERE r.nik = p.nik AND r.kabkota_code = ${kabkota} OFFSET 0) x
      WHERE ${households} AND h.kabkota_code = ${kabkota} AND p.nik IS NOT NULL
      UNION
      SELECT x.* FROM household h,
        LATERAL (SELECT ${receiptFields} FROM aid_receipt r WHERE r.no_kk = h.no_kk AND r.kabkota_code = ${kabkota} OFFSET 0) x
      WHERE ${households} AND h.kabkota_code = ${kabkota} AND h.no_kk IS NOT NULL`);
    await tx.execute(sql`ANALYZE receipts_to_match`);
    const affected = sql.raw("receipts_to_match");
    // One statement: the matches are computed once, the changed ones written, all of them counted.
    const [report] = await queryRows<MatchReport>(
      tx,
      sql`
        WITH m AS MATERIALIZED (
          SELECT r2.id, ${matchedColumns(kabkota)}, r2.matched_person_id AS was_person_id, r2.matched_household_id AS was_household_id,
                 r2.match_method AS was_method
          FROM ${affected} r2 ${matchJoins(kabkota, affected)}
        ), written AS (
          UPDATE aid_receipt r SET
            matched_person_id = m.person_id,
            matched_household_id = m.household_id,
            match_method = m.method,
          match_score = NULL,
          link_fingerprint = NULL
          FROM m
          WHERE r.kabkota_code = ${kabkota} AND r.id = m.id AND ${keepsLink("r", "m.method")}
            AND (m.was_person_id, m.was_household_id, m.was_method) IS DISTINCT FROM (m.person_id, m.household_id, m.method)
        )
        ${counted(sql`(SELECT method AS match_method FROM m) r`)}`,
    );
    return report!;
  });
}
