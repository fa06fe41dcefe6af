import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { areaSummary } from "@/lib/analytics";
import { seedDemoCity, type RegisterLoadReport } from "@/lib/demo";

import { describeEachEngine } from "../helpers/each-engine";

const HOUSEHOLDS = 3_000;

describeEachEngine("demo register with injected faults", (fixture) => {
  let report: RegisterLoadReport;

  beforeAll(async () => {
    const seeded = await seedDemoCity({ ctx: fixture().ctx, input: { seed: 7, households: HOUSEHOLDS } });
    report = seeded.register!;
  });

  async function one<T extends object>(query: ReturnType<typeof sql>): Promise<T> {
    const [row] = await queryRows<T>(fixture().ctx.db, query);
    return row!;
  }

  it("has the households and about 3.5 members each", async () => {
    expect(report.households).toBe(HOUSEHOLDS);
    const counts = await one<{ households: number; persons: number; verified: number }>(
      sql`SELECT (SELECT count(*)::int FROM household) AS households, (SELECT count(*)::int FROM person) AS persons,
                 (SELECT count(*)::int FROM household WHERE verval_status = 'terverifikasi') AS verified`,
    );
    expect(counts.households).toBe(HOUSEHOLDS);
    expect(counts.persons).toBe(report.persons);
    expect(counts.persons / counts.households).toBeGreaterThan(3.2);
    expect(counts.persons / counts.households).toBeLessThan(3.8);
    expect(counts.verified / counts.households).toBeGreaterThan(0.66);
    expect(counts.verified / counts.households).toBeLessThan(0.77);
  });

  it("counts every injected register fault back out exactly", async () => {
    const m = report.manifest;
    const found = await one<Record<string, number>>(sql`
      SELECT
        (SELECT count(*)::int FROM household WHERE geotag IS NULL) AS "householdsWithoutGeotag",
        (SELECT count(*)::int FROM household WHERE location_status = 'tidak_sesuai') AS "geotagOutsideDeclaredKelurahan",
        (SELECT count(*)::int FROM household WHERE status = 'nonaktif') AS "nonaktifHouseholds",
        (SELECT count(*)::int FROM person WHERE nik IS NULL) AS "personsMissingNik",
        (SELECT count(*)::int FROM person WHERE nik_check = 'malformed') AS "personsMalformedNik",
        (SELECT count(*)::int FROM person WHERE nik_check = 'mangled') AS "personsMangledNik",
        (SELECT count(*)::int FROM person WHERE death_date IS NOT NULL) AS "deceasedPersons",
        (SELECT count(*)::int FROM (SELECT nik FROM person WHERE nik IS NOT NULL GROUP BY nik HAVING count(DISTINCT household_id) > 1) s) AS "sharedNiks"`);
    expect(found).toEqual({
      householdsWithoutGeotag: m.householdsWithoutGeotag,
      geotagOutsideDeclaredKelurahan: m.geotagOutsideDeclaredKelurahan,
      nonaktifHouseholds: m.nonaktifHouseholds,
      personsMissingNik: m.personsMissingNik,
      personsMalformedNik: m.personsMalformedNik,
      personsMangledNik: m.personsMangledNik,
      deceasedPersons: m.deceasedPersons,
      sharedNiks: m.sharedNiks,
    });
    for (const [fault, value] of Object.entries(found)) expect(value, fault).toBeGreaterThan(0);
  });

  it("counts every injected receipt fault back out exactly", async () => {
    const m = report.manifest;
    const found = await one<Record<string, number>>(sql`
      SELECT
        (SELECT count(*)::int FROM aid_receipt) AS receipts,
        (SELECT count(*)::int FROM aid_receipt WHERE match_method IS NULL) AS "receiptsNotInRegister",
        (SELECT count(*)::int FROM aid_receipt r JOIN household h ON h.id = r.matched_household_id WHERE h.status = 'nonaktif') AS "receiptsToNonaktifHouseholds",
        (SELECT count(*)::int FROM aid_receipt r JOIN person p ON p.id = r.matched_person_id
          WHERE r.match_method = 'nik' AND p.death_date < to_date(r.period || '-01', 'YYYY-MM-DD')) AS "receiptsToDeceased",
        (SELECT coalesce(sum(n - 1), 0)::int FROM (
           SELECT count(*) AS n FROM aid_receipt r JOIN program g ON g.code = r.program_code
           WHERE r.matched_household_id IS NOT NULL AND g.unit = 'household'
           GROUP BY r.program_code, r.period, r.matched_household_id
           HAVING count(*) > 1) d) AS "receiptsPaidTwice",
        (SELECT count(*)::int FROM household h WHERE h.status = 'aktif' AND h.verval_status = 'terverifikasi' AND h.desil <= 4
           AND NOT EXISTS (SELECT 1 FROM aid_receipt r WHERE r.matched_household_id = h.id)) AS "eligibleNeverCovered",
        (SELECT count(*)::int FROM household h WHERE
           (EXISTS (SELECT 1 FROM aid_receipt r WHERE r.matched_household_id = h.id AND r.program_code = 'BST')
            AND EXISTS (SELECT 1 FROM aid_receipt r WHERE r.matched_household_id = h.id AND r.program_code IN ('PKH', 'BPNT')))
           OR (EXISTS (SELECT 1 FROM aid_receipt r WHERE r.matched_household_id = h.id AND r.program_code = 'SAMARINDA-PEDULI')
            AND EXISTS (SELECT 1 FROM aid_receipt r WHERE r.matched_household_id = h.id AND r.program_code IN ('PKH', 'BPNT', 'BST', 'BANSOS-KALTIM')))
        ) AS "householdsStackingExclusive"`);
    expect(found).toEqual({
      receipts: report.receipts,
      receiptsNotInRegister: m.receiptsNotInRegister,
      receiptsToNonaktifHouseholds: m.receiptsToNonaktifHouseholds,
      receiptsToDeceased: m.receiptsToDeceased,
      receiptsPaidTwice: m.receiptsPaidTwice,
      eligibleNeverCovered: m.eligibleNeverCovered,
      householdsStackingExclusive: m.householdsStackingExclusive,
    });
    for (const [fault, value] of Object.entries(found)) expect(value, fault).toBeGreaterThan(0);
  });

  it("follows the programs' rhythms", async () => {
    const rows = await queryRows<{ program_code: string; first: string; last: string; periods: number }>(
      fixture().ctx.db,
      sql`SELECT program_code, min(period) AS first, max(period) AS last, count(DISTINCT period)::int AS periods
          FROM aid_receipt GROUP BY program_code ORDER BY program_code`,
    );
    expect(rows).toEqual([
      { program_code: "BANSOS-KALTIM", first: "2020-05", last: "2020-12", periods: 8 },
      { program_code: "BPNT", first: "2019-01", last: "2025-12", periods: 84 },
      { program_code: "BST", first: "2020-04", last: "2021-12", periods: 21 },
      { program_code: "PBI-JK", first: "2019-01", last: "2025-01", periods: 7 },
      { program_code: "PKH", first: "2019-01", last: "2025-10", periods: 28 },
      { program_code: "SAMARINDA-PEDULI", first: "2025-10", last: "2025-12", periods: 3 },
    ]);
  });

  it("has the coverage analytics find every injected fault, each in its area", async () => {
    const { ctx } = fixture();
    const m = report.manifest;
    const all = { from: "2019-01", to: "2025-12" };
    const kota = (await areaSummary({ ctx, input: { code: "64.72", ...all } }))!;
    expect(kota.receipts).toBe(report.receipts);
    expect(kota.inclusion_errors).toMatchObject({
      deceased: m.receiptsToDeceased,
      nonaktif: m.receiptsToNonaktifHouseholds,
      not_in_register: m.receiptsNotInRegister,
      paid_twice: m.receiptsPaidTwice,
    });
    expect(kota.never_covered_eligible_households).toBe(m.eligibleNeverCovered);
    expect(kota.uncovered_eligible_households).toBe(m.eligibleNeverCovered);
    // The demo's count leaves out the city program beside PBI-JK, which the rules also forbid.
    expect(kota.conflicting_households).toBeGreaterThanOrEqual(m.householdsStackingExclusive);
    // Each unmatched receipt counts where its list names it (the hand-built fixture checks the
    // same down to the RT).
    const listed = await queryRows<{ code: string; n: number }>(
      ctx.db,
      sql`SELECT left(kelurahan_code, 8) AS code, count(*)::int AS n FROM aid_receipt WHERE match_method IS NULL GROUP BY 1`,
    );
    const byKecamatan = new Map(kota.children.map((child) => [child.code, child.inclusion_errors.not_in_register]));
    for (const { code, n } of listed) expect(byKecamatan.get(code), code).toBe(n);
  });

  // The summary ranks counts of equal amounts; here every household is ranked on its own, from
  // the window's stored amounts, each repeated for the households that got it. The demo's households share a few amounts, so each area's cut
  // falls inside a group of equal ones, and a household without an amount ranks first.
  it("gives each area the top 10 % share of ranking its receiving households one by one", async () => {
    const { ctx } = fixture();
    const window = { from: "2023-01", to: "2025-12" };
    const kota = (await areaSummary({ ctx, input: { code: "64.72", ...window } }))!;
    const ranked = await queryRows<{ code: string; share: number | null }>(
      ctx.db,
      sql`WITH amounts AS (
            SELECT left(a.kelurahan_code, 8) AS kecamatan, x.amount
            FROM coverage_window w JOIN coverage_window_amount a ON a.window_id = w.id
            CROSS JOIN LATERAL unnest(a.amounts, a.households) AS x(amount, households)
            CROSS JOIN LATERAL generate_series(1, x.households) AS household
            WHERE w.kabkota_code = '64.72' AND w.window_from = ${window.from} AND w.window_to = ${window.to}
              AND w.data_version = (SELECT version FROM data_version WHERE id = 1)),
          areas AS (SELECT kecamatan AS code, amount FROM amounts UNION ALL SELECT '64.72', amount FROM amounts),
          ranked AS (SELECT code, amount, row_number() OVER (PARTITION BY code ORDER BY amount DESC NULLS FIRST) AS place,
                            count(*) OVER (PARTITION BY code) AS receiving FROM areas)
          SELECT code, (sum(amount) FILTER (WHERE place <= (receiving + 9) / 10) / nullif(sum(amount), 0))::float8 AS share
          FROM ranked GROUP BY code`,
    );
    expect(ranked.length).toBe(kota.children.filter((child) => child.receiving_households > 0).length + 1);
    const shares = new Map([kota, ...kota.children].map((area) => [area.code, area.aid_top10_share]));
    for (const { code, share } of ranked) {
      expect(share, code).not.toBeNull();
      expect(shares.get(code), code).toBe(Math.round(share! * 10_000) / 10_000);
    }
    const amounts = await queryRows<{ distinct: number; households: number }>(
      ctx.db,
      sql`SELECT count(DISTINCT amount)::int AS distinct, count(*)::int AS households FROM (
            SELECT x.amount FROM coverage_window w JOIN coverage_window_amount a ON a.window_id = w.id
            CROSS JOIN LATERAL unnest(a.amounts, a.households) AS x(amount, households)
            CROSS JOIN LATERAL generate_series(1, x.households) AS household
            WHERE w.window_from = ${window.from} AND w.window_to = ${window.to}) x`,
    );
    // Ties, so the cut falls inside groups: the case the grouping must get right.
    expect(amounts[0]!.distinct).toBeLessThan(amounts[0]!.households / 10);
  });
});
