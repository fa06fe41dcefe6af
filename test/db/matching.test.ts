import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { seedDemoCity } from "@/lib/demo";
import { importRecipients } from "@/lib/imports";
import { matchReceipts } from "@/lib/matching";

import { describeEachEngine } from "../helpers/each-engine";
import { insertBatch, insertHousehold, insertMember, insertReceipt } from "../helpers/factories";

const K = "64.72.05.1004";
const NIK = "6472051708850003";
const OTHER_NIK = "6472055708870004";
const THIRD_NIK = "6472051203900005";
const MANGLED = "6.47205E+15";
const KK = {
  first: "6472050101250001",
  second: "6472050101250002",
  shared: "6472050101250003",
  unknown: "6472059999999999",
  numbered: "6472050101250004",
};

/** Each receipt of the test, in order: what it names, and the register's person and household it must match. */
const CASES = [
  // A NIK standing in two households (a known fault): the one whose No. KK the receipt names wins.
  { nik: NIK, noKk: KK.second, match: ["second", "second", "nik"] },
  // No No. KK, or one the register lacks: the NIK's lowest household.
  { nik: NIK, noKk: null, match: ["first", "first", "nik"] },
  { nik: NIK, noKk: KK.unknown, match: ["first", "first", "nik"] },
  // A NIK nobody bears, with a No. KK two households share: its lowest household, no person.
  { nik: OTHER_NIK, noKk: KK.shared, match: [null, "shared", "no_kk"] },
  // A NIK a spreadsheet mangled never matches by NIK (a person bears the same mangled text); its No. KK does.
  { nik: MANGLED, noKk: KK.first, match: [null, "first", "no_kk"] },
  { nik: MANGLED, noKk: null, match: [null, null, null] },
  // No household of the NIK's bears the receipt's No. KK: the lowest, whether or not it has a No. KK itself.
  { nik: THIRD_NIK, noKk: KK.unknown, match: ["unnumbered", "unnumbered", "nik"] },
] as const;

describeEachEngine("matching receipts to the register by NIK and No. KK", (fixture) => {
  const households = {} as Record<"first" | "second" | "shared" | "sharedLater" | "unnumbered" | "numbered", number>;
  const persons = {} as Record<"first" | "second" | "unnumbered", number>;

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    const place = { declaredKelurahanCode: K, effectiveKelurahanCode: K };
    households.first = (await insertHousehold(ctx.db, { ...place, noKk: KK.first })).id;
    households.second = (await insertHousehold(ctx.db, { ...place, noKk: KK.second })).id;
    households.shared = (await insertHousehold(ctx.db, { ...place, noKk: KK.shared })).id;
    households.sharedLater = (await insertHousehold(ctx.db, { ...place, noKk: KK.shared })).id;
    persons.first = (await insertMember(ctx.db, { householdId: households.first, nik: NIK, nikCheck: "valid" })).id;
    persons.second = (await insertMember(ctx.db, { householdId: households.second, nik: NIK, nikCheck: "valid" })).id;
    await insertMember(ctx.db, { householdId: households.second, nik: MANGLED, nikCheck: "mangled" });
    households.unnumbered = (await insertHousehold(ctx.db, { ...place, noKk: null })).id;
    households.numbered = (await insertHousehold(ctx.db, { ...place, noKk: KK.numbered })).id;
    persons.unnumbered = (
      await insertMember(ctx.db, { householdId: households.unnumbered, nik: THIRD_NIK, nikCheck: "valid" })
    ).id;
    await insertMember(ctx.db, { householdId: households.numbered, nik: THIRD_NIK, nikCheck: "valid" });
  });

  /** The matches of a period's receipts, in the order of CASES, named as the register's rows are. */
  async function matchesOf(period: string) {
    const rows = await queryRows<{ person: number | null; household: number | null; method: string | null }>(
      fixture().ctx.db,
      sql`SELECT matched_person_id::int AS person, matched_household_id::int AS household, match_method::text AS method
          FROM aid_receipt WHERE period = ${period} ORDER BY source_row`,
    );
    const nameIn = (named: Record<string, number>, id: number | null) =>
      id === null ? null : (Object.entries(named).find(([, known]) => known === id)?.[0] ?? `id ${id}`);
    return rows.map((row) => [nameIn(persons, row.person), nameIn(households, row.household), row.method]);
  }

  it("matches the receipts already held (a whole city's matching)", async () => {
    const { ctx } = fixture();
    const batch = await insertBatch(ctx.db);
    for (const [row, { nik, noKk }] of CASES.entries())
      await insertReceipt(ctx.db, {
        importBatchId: batch.id,
        period: "2025-01",
        sourceRow: row + 1,
        nik,
        nikCheck: nik === MANGLED ? "mangled" : "valid",
        noKk,
        kelurahanCode: K,
      });
    await matchReceipts({ ctx, input: { kabkotaCode: "64.72" } });
    expect(await matchesOf("2025-01")).toEqual(CASES.map((c) => c.match));
  });

  it("matches a recipient list's rows as they are written", async () => {
    const { ctx } = fixture();
    const list = [
      "nik,no_kk,periode,nominal,kode_kelurahan",
      ...CASES.map(({ nik, noKk }) => `${nik},${noKk ?? ""},2025-02,200000,${K}`),
    ].join("\n");
    const report = await importRecipients({
      ctx,
      input: { fileName: "bpnt-2025-02.csv", bytes: new TextEncoder().encode(list), program: "BPNT" },
    });
    expect(report).toMatchObject({ receipts: CASES.length, matchedByNik: 4, matchedByNoKk: 2 });
    expect(await matchesOf("2025-02")).toEqual(CASES.map((c) => c.match));
  });

  it("matches again the receipts of the households a change touched", async () => {
    const { ctx } = fixture();
    // The second household's member leaves: its NIK then stands in the first household only.
    await ctx.db.execute(sql`DELETE FROM person WHERE id = ${persons.second}`);
    await matchReceipts({ ctx, input: { kabkotaCode: "64.72", householdIds: [households.second] } });
    expect((await matchesOf("2025-02"))[0]).toEqual(["first", "first", "nik"]);
    expect(await matchesOf("2025-01")).toEqual([["first", "first", "nik"], ...CASES.slice(1).map((c) => c.match)]);
  });
});
