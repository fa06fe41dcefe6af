import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

export interface MatchReport {
  receipts: number;
  byNik: number;
  byNoKk: number;
  unmatched: number;
}

/**
 * Matches every receipt of a kabupaten/kota to the register: to the person whose NIK it carries,
 * else to a household by its No. KK; otherwise it stays unmatched (an inclusion error the
 * analytics count). A receipt matches at most one household: when a NIK stands in several
 * households (a known fault), the one whose No. KK the receipt also names wins, then the lowest
 * id. Set-based and idempotent: run after every DTKS or recipient import.
 */
export async function matchReceipts({ ctx, input }: { ctx: Context; input: { kabkotaCode: string } }): Promise<MatchReport> {
  const kabkota = input.kabkotaCode;
  await ctx.db.execute(sql`
    UPDATE aid_receipt r SET
      matched_person_id = m.person_id,
      matched_household_id = coalesce(m.nik_household_id, m.kk_household_id),
      match_method = (CASE WHEN m.person_id IS NOT NULL THEN 'nik' WHEN m.kk_household_id IS NOT NULL THEN 'no_kk' END)::receipt_match_method
    FROM (
      SELECT r2.id, by_nik.person_id, by_nik.household_id AS nik_household_id, by_kk.household_id AS kk_household_id
      FROM aid_receipt r2
      LEFT JOIN LATERAL (
        SELECT p.id AS person_id, p.household_id
        FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE r2.nik IS NOT NULL AND p.kabkota_code = r2.kabkota_code AND p.nik = r2.nik
        ORDER BY (h.no_kk IS NOT DISTINCT FROM r2.no_kk) DESC, p.household_id, p.id
        LIMIT 1
      ) by_nik ON true
      LEFT JOIN LATERAL (
        SELECT h.id AS household_id FROM household h
        WHERE by_nik.person_id IS NULL AND r2.no_kk IS NOT NULL AND h.kabkota_code = r2.kabkota_code AND h.no_kk = r2.no_kk
        ORDER BY h.id LIMIT 1
      ) by_kk ON true
      WHERE r2.kabkota_code = ${kabkota}
    ) m
    WHERE r.kabkota_code = ${kabkota} AND r.id = m.id
      AND (r.matched_person_id, r.matched_household_id, r.match_method)
          IS DISTINCT FROM (m.person_id, coalesce(m.nik_household_id, m.kk_household_id),
                            (CASE WHEN m.person_id IS NOT NULL THEN 'nik' WHEN m.kk_household_id IS NOT NULL THEN 'no_kk' END)::receipt_match_method)`);
  const [report] = await queryRows<MatchReport>(
    ctx.db,
    sql`SELECT count(*)::int AS receipts,
               count(*) FILTER (WHERE match_method = 'nik')::int AS "byNik",
               count(*) FILTER (WHERE match_method = 'no_kk')::int AS "byNoKk",
               count(*) FILTER (WHERE match_method IS NULL)::int AS unmatched
        FROM aid_receipt WHERE kabkota_code = ${kabkota}`,
  );
  return report!;
}
