import { sql } from "drizzle-orm";

import type { Context } from "@/lib/context";

/**
 * The demo's DTSEN releases, oldest first. The last is the register as generated; each earlier
 * one is derived from it: some households a desil up or down (re-ranked since), and a few not
 * yet listed (they came in later). Demo data, as everything the seed writes.
 */
export const DEMO_RELEASES = [
  { name: "2023-Q4", date: "2023-11-20", shifted: 14, absent: 6 },
  { name: "2024-Q4", date: "2024-10-21", shifted: 10, absent: 3 },
  { name: "2025-Q3", date: "2025-09-22", shifted: 0, absent: 0 },
] as const;

/** The month of the last demo release: payments from it on are read after it. */
const LAST_RELEASE_MONTH = DEMO_RELEASES.at(-1)!.date.slice(0, 7);

/**
 * Replaces the kabupaten/kota's releases by the demo's (a new demo register has new household
 * ids). `shifted` percent of the households stood a desil higher or lower in an earlier release,
 * and `absent` percent were not in it; which ones follows a hash of the id, so a seed is
 * repeatable. Most households paid after the last release by a program whose desil rule they do
 * not meet met it before (the complaint after each release: re-ranked out, still paid).
 */
export async function loadDemoReleases(ctx: Context, kabkotaCode: string): Promise<void> {
  await ctx.db.execute(sql`DELETE FROM dtks_release_household WHERE kabkota_code = ${kabkotaCode}`);
  await ctx.db.execute(sql`DELETE FROM dtks_release WHERE kabkota_code = ${kabkotaCode}`);
  for (const release of DEMO_RELEASES) {
    const draw = (salt: string) => sql`abs(hashtext(h.dtks_id || ${`${release.name}:${salt}`})) % 100`;
    await ctx.db.execute(sql`
      WITH r AS (
        INSERT INTO dtks_release (kabkota_code, name, release_date)
        VALUES (${kabkotaCode}, ${release.name}, ${release.date})
        RETURNING id
      )
      INSERT INTO dtks_release_household
        (kabkota_code, release_id, household_id, desil, status, verval_status, kelurahan_code, rt_code, members)
      SELECT h.kabkota_code, r.id, h.id,
             CASE WHEN h.desil IS NULL THEN NULL
                  WHEN ${release.shifted} > 0 AND paid.max_desil < h.desil AND ${draw("dibayar")} < 70 THEN paid.max_desil
                  WHEN ${draw("desil")} < ${release.shifted / 2} THEN least(h.desil + 1, 10)
                  WHEN ${draw("desil")} < ${release.shifted} THEN greatest(h.desil - 1, 1)
                  ELSE h.desil END,
             h.status, h.verval_status, h.effective_kelurahan_code, h.effective_rt_code,
             (SELECT count(*) FROM person p WHERE p.kabkota_code = h.kabkota_code AND p.household_id = h.id AND p.death_date IS NULL)
      FROM household h CROSS JOIN r
      LEFT JOIN (
        SELECT a.matched_household_id AS household_id, min(p.max_desil) AS max_desil
        FROM aid_receipt a JOIN program p ON p.code = a.program_code
        WHERE a.kabkota_code = ${kabkotaCode} AND a.period >= ${LAST_RELEASE_MONTH} AND p.max_desil IS NOT NULL
        GROUP BY 1
      ) paid ON paid.household_id = h.id
      WHERE h.kabkota_code = ${kabkotaCode} AND ${draw("ada")} >= ${release.absent}`);
  }
  await ctx.db.execute(sql`
    UPDATE dtks_release r SET households = (
      SELECT count(*) FROM dtks_release_household rh WHERE rh.kabkota_code = r.kabkota_code AND rh.release_id = r.id)
    WHERE r.kabkota_code = ${kabkotaCode}`);
}
