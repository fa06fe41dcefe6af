import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { AccessDenied, type UserActor, type UserRole } from "@/lib/access";
import type { SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { parseCsv } from "@/lib/imports";
import { changeProgramPair, listProgramRecords, programChange, saveProgram } from "@/lib/programs";
import {
  adoptedScenariosInArea,
  adoptScenario,
  compareScenarios,
  computeScenario,
  exportScenarioList,
  saveScenario,
  scenarioDetail,
  scenarioHouseholds,
  scenarioParams,
  type ScenarioResult,
} from "@/lib/targeting";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors, insertBatch, insertHousehold, insertMember, insertReceipt } from "../helpers/factories";

// Tidak double, worked out by hand (README, "Tidak double: the contract").
const A = "64.72.05.1004"; // kecamatan 64.72.05
const B = "64.72.05.1002"; // kecamatan 64.72.05
const C = "64.72.01.1001"; // kecamatan 64.72.01
const WINDOW = { from: "2021-01", to: "2021-12" };

interface Fixture {
  key: string;
  kelurahan: string;
  desil: number;
  living: number;
  dead?: number;
  verified?: boolean;
  status?: "aktif" | "nonaktif";
  receipts?: Array<[program: string, period: string]>;
}

// Candidates (aktif, verified, desil ≤ 4, nothing from pusat or provinsi in 2021), in order:
// desil 1: A1 (never covered, 2 living), B1 (never, 1 living + 1 dead), A5 (covered: the city's
// own program in 2021, 2 living), A2 (covered: PKH 2019, 1 living); desil 2: A3 (never, 3), B2
// (never, 2), then C1 and a9 (never, 1 each) in byte order: "S-C1" < "S-a9"; desil 3: B3;
// desil 4: C2 (covered: BLT-DD, a village program, not excluded).
const HOUSEHOLDS: Fixture[] = [
  { key: "A1", kelurahan: A, desil: 1, living: 2 },
  { key: "A2", kelurahan: A, desil: 1, living: 1, receipts: [["PKH", "2019-04"]] },
  { key: "A3", kelurahan: A, desil: 2, living: 3 },
  // PKH in the window: already covered.
  { key: "A4", kelurahan: A, desil: 2, living: 2, receipts: [["PKH", "2021-05"]] },
  { key: "A5", kelurahan: A, desil: 1, living: 2, receipts: [["KOTA-UJI", "2021-03"]] },
  // Not verified: a candidate only without require_verified (desil 3, never, 1 living: before B3).
  { key: "A6", kelurahan: A, desil: 3, living: 1, verified: false },
  { key: "A7", kelurahan: A, desil: 5, living: 4 },
  { key: "A8", kelurahan: A, desil: 2, living: 1, status: "nonaktif" },
  { key: "a9", kelurahan: A, desil: 2, living: 1 },
  { key: "B1", kelurahan: B, desil: 1, living: 1, dead: 1 },
  { key: "B2", kelurahan: B, desil: 2, living: 2 },
  { key: "B3", kelurahan: B, desil: 3, living: 1 },
  { key: "C1", kelurahan: C, desil: 2, living: 1 },
  { key: "C2", kelurahan: C, desil: 4, living: 2, receipts: [["BLT-DD", "2021-06"]] },
  // Desil 5: a candidate only at max_desil 5, where B and C then tie at three candidates each.
  { key: "C3", kelurahan: C, desil: 5, living: 1 },
];
const CANDIDATE_ORDER = ["A1", "B1", "A5", "A2", "A3", "B2", "C1", "a9", "B3", "C2"];

const ACCOUNTS = {
  admin: { role: "admin", areas: [] },
  dinsos: { role: "dinsos", areas: ["64.72"] },
  pimpinan: { role: "pimpinan", areas: ["64.72"] },
  pimpinanLain: { role: "pimpinan", areas: ["64.74"] },
  camat: { role: "camat", areas: ["64.72.05"] },
  lurahC: { role: "lurah", areas: [C] },
} satisfies Record<string, { role: UserRole; areas: string[] }>;
type Account = keyof typeof ACCOUNTS;

describeEachEngine("tidak double: scenarios of a city program's recipients", (fixture) => {
  const actors = {} as Record<Account, UserActor>;
  const as = (who: Account): SignedInContext => ({ ...fixture().ctx, actor: actors[who] });
  const ids = new Map<number, string>();
  const keyOf = (dtks: string) => dtks.slice(2);

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    Object.assign(actors, await insertActors(ctx.db, ACCOUNTS));
    // The city's and the province's own programs, added as an admin adds them on the rules page.
    for (const program of [
      { code: "kota-uji", name: "Program kota uji", level: "kabkota", max_desil: 4, owner_area_code: "64.72" },
      { code: "PROV-UJI", name: "Program provinsi uji", level: "provinsi", max_desil: 6, owner_area_code: "64" },
    ]) {
      await saveProgram({ ctx: as("admin"), input: programChange.parse(program) });
    }
    const batch = await insertBatch(ctx.db);
    let serial = 0;
    for (const h of HOUSEHOLDS) {
      const row = await insertHousehold(ctx.db, {
        dtksId: `S-${h.key}`,
        declaredKelurahanCode: h.kelurahan,
        effectiveKelurahanCode: h.kelurahan,
        desil: h.desil,
        status: h.status ?? "aktif",
        ...(h.status === "nonaktif" && { nonaktifReason: "mampu" as const }),
        vervalStatus: h.verified === false ? "belum" : "terverifikasi",
      });
      ids.set(row.id, h.key);
      for (let i = 0; i < h.living + (h.dead ?? 0); i++) {
        serial++;
        await insertMember(ctx.db, {
          householdId: row.id,
          nik: `647205010180${String(serial).padStart(4, "0")}`,
          nikCheck: "valid",
          name: `${h.key} anggota ${i + 1}`,
          relation: i === 0 ? "kepala keluarga" : "anak",
          ...(i >= h.living && { deathDate: "2020-05-01" }),
        });
      }
      for (const [program, period] of h.receipts ?? []) {
        await insertReceipt(ctx.db, {
          importBatchId: batch.id,
          programCode: program,
          period,
          kelurahanCode: h.kelurahan,
          matchedHouseholdId: row.id,
          matchMethod: "no_kk",
          noKk: "6472050101210099",
          amount: 300_000,
        });
      }
    }
  });

  const compute = async (body: object, who: Account = "dinsos"): Promise<ScenarioResult> => {
    const result = await computeScenario({
      ctx: as(who),
      input: scenarioParams.parse({ program: "KOTA-UJI", covered_window: WINDOW, ...body }),
    });
    if (!result) throw new Error("no result");
    return result;
  };
  const keys = (result: ScenarioResult) => result.households!.map((h) => keyOf(h.dtks_id));
  const nonEmpty = (result: ScenarioResult) =>
    Object.fromEntries(result.areas.filter((a) => a.candidates > 0).map((a) => [a.code, [a.candidates, a.selected]]));

  it("lets an admin add and change the city's own programs, which the rules may then name", async () => {
    const programs = await listProgramRecords({ ctx: as("admin") });
    expect(programs.find((p) => p.code === "KOTA-UJI")).toEqual({
      code: "KOTA-UJI",
      name: "Program kota uji",
      level: "kabkota",
      unit: "household",
      max_desil: 4,
      owner_area_code: "64.72",
      description: null,
      active: true,
    });
    const pairs = await changeProgramPair({
      ctx: as("admin"),
      input: { programs: ["KOTA-UJI", "PKH"], state: "melanggar_aturan", note: "kota hanya untuk yang belum menerima" },
    });
    expect(pairs.find((p) => p.programs.join("+") === "KOTA-UJI+PKH")?.state).toBe("melanggar_aturan");
    const changed = await saveProgram({
      ctx: as("admin"),
      input: programChange.parse({
        code: "KOTA-UJI",
        name: "Program kota uji (ubah)",
        level: "kabkota",
        max_desil: 4,
        owner_area_code: "64.72",
      }),
    });
    expect(changed.find((p) => p.code === "KOTA-UJI")?.name).toBe("Program kota uji (ubah)");
    const [logged] = await queryRows<{ n: number }>(
      fixture().ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'program_change' AND entity_id = 'KOTA-UJI'`,
    );
    expect(logged!.n).toBe(2);
    await expect(
      saveProgram({ ctx: as("dinsos"), input: programChange.parse({ code: "X", name: "Xyz", level: "pusat" }) }),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      saveProgram({
        ctx: as("admin"),
        input: programChange.parse({ code: "KOTA-LAIN", name: "Salah", level: "kabkota", owner_area_code: "64.72.05" }),
      }),
    ).rejects.toThrow(/owner_area_code/);
    expect(
      programChange.safeParse({ code: "KOTA-LAIN", name: "Salah", level: "kabkota" }).error?.issues[0]?.path,
    ).toEqual(["owner_area_code"]);
  });

  it("selects the first N candidates in the contract's order", async () => {
    const all = await compute({ quota: { total: 50 } });
    expect(all.candidates).toBe(10);
    expect(all.selected).toBe(10);
    expect(keys(all)).toEqual(CANDIDATE_ORDER);
    expect(all.households!.map((h) => h.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(all.scenario.exclude_programs).toEqual(["BPNT", "BST", "PBI-JK", "PKH", "PROV-UJI"]);
    expect(all.scenario.max_desil).toBe(4);

    const four = await compute({ quota: { total: 4 } });
    expect(keys(four)).toEqual(["A1", "B1", "A5", "A2"]);
    expect(four.cost).toBeNull();
    // Child areas of the city: its kecamatan.
    expect(nonEmpty(four)).toEqual({ "64.72.05": [8, 4], "64.72.01": [2, 0] });
  });

  it("gives the overlap and the uncovered before and after", async () => {
    const all = await compute({ quota: { total: 50 } });
    // Every excluded program 0 by construction; the city's own and the village's program as received.
    for (const program of all.scenario.exclude_programs) expect(all.overlap[program]).toBe(0);
    expect(all.overlap["KOTA-UJI"]).toBe(1);
    expect(all.overlap["BLT-DD"]).toBe(1);
    expect(all.above_max_desil).toBe(0);
    // Eligible and nothing in 2021: A1 A2 A3 a9 B1 B2 B3 C1 (A4, A5 and C2 received something).
    expect(all.eligible_uncovered_before).toBe(8);
    expect(all.eligible_uncovered_after).toBe(0);
    const four = await compute({ quota: { total: 4 } });
    // A1, B1 and A2 were uncovered; A5 had the city's program.
    expect(four.eligible_uncovered_after).toBe(5);
  });

  it("splits a quota per kelurahan by largest remainder, ties to more candidates", async () => {
    // A 5, B 3, C 2 candidates, N = 5: A 2.5, B 1.5, C 1.0; one seat left, A and B tie at .5, A has more.
    const five = await compute({ quota: { total: 5, per: "kelurahan" } });
    expect(nonEmpty(five)).toEqual({ [A]: [5, 3], [B]: [3, 1], [C]: [2, 1] });
    expect(keys(five)).toEqual(["A1", "B1", "A5", "A2", "C1"]);
    // Every kelurahan of the city is listed, those without candidates at 0.
    expect(five.areas.length).toBeGreaterThan(50);
    // N = 3: A 1.5, B 0.9, C 0.6: two seats left go to B and C.
    const three = await compute({ quota: { total: 3, per: "kelurahan" } });
    expect(nonEmpty(three)).toEqual({ [A]: [5, 1], [B]: [3, 1], [C]: [2, 1] });
    expect(keys(three)).toEqual(["A1", "B1", "C1"]);
    // Per kecamatan, N = 3: 64.72.05 2.4, 64.72.01 0.6: the seat left goes to 64.72.01.
    const kecamatan = await compute({ quota: { total: 3, per: "kecamatan" } });
    expect(nonEmpty(kecamatan)).toEqual({ "64.72.05": [8, 2], "64.72.01": [2, 1] });
    expect(keys(kecamatan)).toEqual(["A1", "B1", "C1"]);
    // Desil ≤ 5: A 6 (with A7), B 3, C 3 (with C3). N = 2: A 1.0, B 0.5, C 0.5: B and C tie in
    // remainder and in candidates, so the seat goes to the lower code, C (64.72.01…).
    const tie = await compute({ max_desil: 5, quota: { total: 2, per: "kelurahan" } });
    expect(nonEmpty(tie)).toEqual({ [A]: [6, 1], [B]: [3, 0], [C]: [3, 1] });
    expect(keys(tie)).toEqual(["A1", "C1"]);
    // N at least every candidate: all of them.
    const surplus = await compute({ quota: { total: 12, per: "kelurahan" } });
    expect(surplus.selected).toBe(10);
    // Inside one kecamatan, its kelurahan: A 5, B 3, N = 4: A 2.5, B 1.5, tie at .5 to A.
    const inside = await compute({ area: "64.72.05", quota: { total: 4, per: "kelurahan" } });
    expect(nonEmpty(inside)).toEqual({ [A]: [5, 3], [B]: [3, 1] });
  });

  it("turns a budget into households and cost, and follows max_desil and require_verified", async () => {
    const budget = await compute({ quota: { budget: 1_000_000, amount_per_month: 100_000, months: 3 } });
    expect(budget.quota_households).toBe(3);
    expect(keys(budget)).toEqual(["A1", "B1", "A5"]);
    expect(budget.cost).toBe(900_000);
    const poorest = await compute({ max_desil: 1, quota: { total: 10 } });
    expect(keys(poorest)).toEqual(["A1", "B1", "A5", "A2"]);
    const unverified = await compute({ require_verified: false, quota: { total: 20 } });
    expect(keys(unverified)).toEqual(["A1", "B1", "A5", "A2", "A3", "B2", "C1", "a9", "A6", "B3", "C2"]);
    // Excluding the village program too drops C2.
    const village = await compute({ exclude_programs: ["PKH", "BLT-DD"], quota: { total: 20 } });
    expect(keys(village)).not.toContain("C2");
    expect(keys(village)).not.toContain("A4");
  });

  it("answers figures without households to pimpinan, refuses others and out-of-area", async () => {
    const figures = await compute({ quota: { total: 4 } }, "pimpinan");
    expect(figures.selected).toBe(4);
    expect(figures.households).toBeUndefined();
    await expect(compute({ quota: { total: 4 } }, "camat")).rejects.toBeInstanceOf(AccessDenied);
    await expect(compute({ quota: { total: 4 } }, "lurahC")).rejects.toBeInstanceOf(AccessDenied);
    expect(
      await computeScenario({
        ctx: as("pimpinanLain"),
        input: scenarioParams.parse({ program: "KOTA-UJI", area: "64.72", quota: { total: 4 } }),
      }),
    ).toBeNull();
    await expect(compute({ program: "TIDAK-ADA", quota: { total: 1 } })).rejects.toThrow(/program tidak dikenal/);
    await expect(compute({ area: A, quota: { total: 1, per: "kecamatan" } })).rejects.toThrow(/tidak terbagi/);
    const bad = scenarioParams.safeParse({ program: "X", quota: { total: 1, budget: 5 }, max_desil: 11 });
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["max_desil", "quota.budget"]);
  });

  it("saves, compares and adopts scenarios; the list exports and payment is followed", async () => {
    const save = (who: Account, name: string, body: object) =>
      saveScenario({
        ctx: as(who),
        input: { ...scenarioParams.parse({ program: "KOTA-UJI", covered_window: WINDOW, ...body }), name },
      });
    const first = (await save("pimpinan", "Empat teratas", { quota: { total: 4 } }))!;
    const second = (await save("dinsos", "Tiga per kelurahan", { quota: { total: 3, per: "kelurahan" } }))!;
    expect(first.figures.selected).toBe(4);
    expect(first.stale).toBe(false);
    const comparison = (await compareScenarios({ ctx: as("pimpinan"), input: { a: first.id, b: second.id } }))!;
    expect(comparison.both).toBe(2);
    expect(comparison.areas).toEqual([
      { code: C, in_a: 0, in_b: 1, both: 0, lost: 0, gained: 1 },
      { code: B, in_a: 1, in_b: 1, both: 1, lost: 0, gained: 0 },
      { code: A, in_a: 3, in_b: 1, both: 1, lost: 2, gained: 0 },
    ]);
    // Pimpinan sees figures, never the households, and cannot adopt.
    await expect(scenarioHouseholds({ ctx: as("pimpinan"), input: { id: second.id } })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    await expect(adoptScenario({ ctx: as("pimpinan"), input: { id: second.id } })).rejects.toBeInstanceOf(AccessDenied);
    await expect(exportScenarioList({ ctx: as("dinsos"), input: { id: second.id, format: "csv" } })).rejects.toThrow(
      /ditetapkan/,
    );

    expect((await adoptScenario({ ctx: as("dinsos"), input: { id: first.id } }))!.adopted_at).not.toBeNull();
    const adopted = (await adoptScenario({ ctx: as("dinsos"), input: { id: second.id } }))!;
    expect(adopted.adopted_by).toBe("dinsos");
    expect((await scenarioDetail({ ctx: as("dinsos"), input: { id: first.id } }))!.retired_at).not.toBeNull();
    const listed = (await scenarioHouseholds({ ctx: as("dinsos"), input: { id: second.id } }))!;
    expect(listed.households.map((h) => keyOf(h.dtks_id))).toEqual(["A1", "B1", "C1"]);

    const masked = (await exportScenarioList({
      ctx: as("dinsos"),
      input: { id: second.id, format: "csv", periode: "2022-01" },
    }))!;
    const text = new TextDecoder().decode(masked.body);
    const [header, ...rows] = parseCsv(text).map((row) => row.cells);
    expect(header).toEqual([
      "nik",
      "no_kk",
      "nama",
      "program",
      "periode",
      "nominal",
      "kode_kelurahan",
      "tgl_lahir",
      "rt",
      "id_dtks",
      "peringkat",
      "desil",
    ]);
    // Masked: no birth date either (the members here have no RT).
    expect(rows.map((row) => row.slice(2))).toEqual([
      ["A1 anggota 1", "KOTA-UJI", "2022-01", "", A, "", "", "S-A1", "1", "1"],
      ["B1 anggota 1", "KOTA-UJI", "2022-01", "", B, "", "", "S-B1", "2", "1"],
      ["C1 anggota 1", "KOTA-UJI", "2022-01", "", C, "", "", "S-C1", "3", "2"],
    ]);
    expect(text).not.toMatch(/\d{16}/);
    const full = (await exportScenarioList({
      ctx: as("dinsos"),
      input: { id: second.id, format: "csv", fullNik: { reason: "BNBA penyaluran Januari" } },
    }))!;
    expect(parseCsv(new TextDecoder().decode(full.body))[1]!.cells[0]).toMatch(/^\d{16}$/);
    const [audit] = await queryRows<{ n: number }>(
      fixture().ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'scenario_export' AND detail->>'reason' = 'BNBA penyaluran Januari'`,
    );
    expect(audit!.n).toBe(1);

    // A camat sees the adopted list's count in the kecamatan, per kelurahan; no household.
    const inArea = await adoptedScenariosInArea({ ctx: as("camat") });
    expect(inArea).toEqual([
      expect.objectContaining({
        id: second.id,
        selected: 2,
        areas: [
          { code: B, selected: 1 },
          { code: A, selected: 1 },
        ],
      }),
    ]);

    // Payment after adoption: A1 and C1 of the list paid, A3 paid though not listed.
    const month = (
      await queryRows<{ m: string }>(
        fixture().ctx.db,
        sql`SELECT to_char(now() AT TIME ZONE 'Asia/Makassar', 'YYYY-MM') AS m`,
      )
    )[0]!.m;
    const batch = await insertBatch(fixture().ctx.db);
    for (const key of ["A1", "C1", "A3"]) {
      const id = [...ids].find(([, k]) => k === key)![0];
      await insertReceipt(fixture().ctx.db, {
        importBatchId: batch.id,
        programCode: "KOTA-UJI",
        period: month,
        matchedHouseholdId: id,
        matchMethod: "no_kk",
        noKk: "6472050101210098",
      });
    }
    const detail = (await scenarioDetail({ ctx: as("dinsos"), input: { id: second.id } }))!;
    expect(detail.following).toEqual({
      from: month,
      to: month,
      listed: 3,
      listed_paid: 2,
      paid_outside: 1,
      unmatched_receipts: 0,
    });
    expect(detail.stale).toBe(true);
  });
});
