import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { UserActor, UserRole } from "@/lib/access";
import { areaTrend } from "@/lib/analytics";
import type { SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { importDtks, importRecipients, presetColumns, savePreset } from "@/lib/imports";
import { releaseHouseholds, releaseTransitions } from "@/lib/releases";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors } from "../helpers/factories";

// Two DTSEN releases of six households worked out by hand (eligible: aktif, terverifikasi, desil ≤ 4;
// PKH ≤ 4, BPNT and PBI-JK ≤ 5):
//   H1 (A) desil 4 → 5: loses eligibility and PKH, paid PKH 2025-10 → lost, still paid
//   H2 (A) desil 6 → 3: gains eligibility, receives nothing after → to reach
//   H3 (B) desil 2 → 2: eligible in both, paid PKH 2025-10
//   H4 (B) desil 3 → (keluar): loses eligibility, paid BPNT 2025-11 → lost, still paid
//   H5 (A) (masuk) → 2: gains eligibility, paid BPNT 2025-11
//   H6 (B) desil 5 → 5: eligible in neither
const A = "64.72.05.1004";
const B = "64.72.05.1002";
const KECAMATAN = "64.72.05";

const HEADER =
  "ID_DTKS,NOKK,NIK,NAMA,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,KODE WILAYAH,RW,RT,DESIL,STATUS,STATUS VERVAL";
const HOUSEHOLDS = {
  H1: { kelurahan: A, nik: "6472051708850001", name: "Ahmad Yani", wife: "6472055708870001", wifeName: "Siti Aminah" },
  H2: { kelurahan: A, nik: "6472051708850002", name: "Budi Santoso", wife: "6472055708870002", wifeName: "Rina Wati" },
  H3: {
    kelurahan: B,
    nik: "6472051708850003",
    name: "Candra Wijaya",
    wife: "6472055708870003",
    wifeName: "Dewi Lestari",
  },
  H4: { kelurahan: B, nik: "6472051708850004", name: "Dodi Pratama", wife: "6472055708870004", wifeName: "Eka Putri" },
  H5: {
    kelurahan: A,
    nik: "6472051708850005",
    name: "Eko Saputra",
    wife: "6472055708870005",
    wifeName: "Fitri Handayani",
  },
  H6: {
    kelurahan: B,
    nik: "6472051708850006",
    name: "Fajar Nugroho",
    wife: "6472055708870006",
    wifeName: "Gita Permata",
  },
} as const;
type Key = keyof typeof HOUSEHOLDS;

/** A DTKS export of the households with their desil, two members each. */
function dtksExport(desils: Partial<Record<Key, number>>, header = HEADER): Uint8Array {
  const lines = [header];
  for (const [key, desil] of Object.entries(desils) as Array<[Key, number]>) {
    const h = HOUSEHOLDS[key];
    const kk = `64720512031500${key.slice(1).padStart(2, "0")}`;
    const common = `${h.kelurahan},1,1,${desil},aktif,terverifikasi`;
    lines.push(`R-${key},${kk},${h.nik},${h.name},17-08-1985,L,Kepala Keluarga,${common}`);
    lines.push(`R-${key},${kk},${h.wife},${h.wifeName},17-08-1987,P,Istri,${common}`);
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

const RECEIPTS = [
  "NIK,NAMA,PROGRAM,PERIODE,NOMINAL,KODE_KELURAHAN",
  `${HOUSEHOLDS.H3.nik},${HOUSEHOLDS.H3.name},PKH,2024-05,750000,${B}`,
  `${HOUSEHOLDS.H1.nik},${HOUSEHOLDS.H1.name},PKH,2024-11,750000,${A}`,
  `${HOUSEHOLDS.H4.nik},${HOUSEHOLDS.H4.name},PKH,2024-11,750000,${B}`,
  `${HOUSEHOLDS.H1.nik},${HOUSEHOLDS.H1.name},PKH,2025-10,750000,${A}`,
  `${HOUSEHOLDS.H3.nik},${HOUSEHOLDS.H3.name},PKH,2025-10,750000,${B}`,
  `${HOUSEHOLDS.H4.nik},${HOUSEHOLDS.H4.name},BPNT,2025-11,200000,${B}`,
  `${HOUSEHOLDS.H5.nik},${HOUSEHOLDS.H5.name},BPNT,2025-11,200000,${A}`,
].join("\n");

const ACCOUNTS = {
  dinsos: { role: "dinsos", areas: ["64.72"] },
  lurahA: { role: "lurah", areas: [A] },
} satisfies Record<string, { role: UserRole; areas: string[] }>;

describeEachEngine("DTSEN releases: transitions and the trend against the release in force", (fixture) => {
  const actors = {} as Record<keyof typeof ACCOUNTS, UserActor>;
  const as = (who: keyof typeof ACCOUNTS): SignedInContext => ({ ...fixture().ctx, actor: actors[who] });
  const ids = new Map<number, Key>();
  const keysOf = (households: Array<{ id: number }>) => households.map((h) => ids.get(h.id));
  const compare = { from: "2024-Q4", to: "2025-Q3" };

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    Object.assign(actors, await insertActors(ctx.db, ACCOUNTS));
    const first = await importDtks({
      ctx,
      input: {
        fileName: "dtsen-2024-q4.csv",
        bytes: dtksExport({ H1: 4, H2: 6, H3: 2, H4: 3, H6: 5 }),
        release: { name: "2024-Q4", date: "2024-10-21" },
      },
    });
    expect(first.release).toEqual({ name: "2024-Q4", date: "2024-10-21", households: 5 });
    const second = await importDtks({
      ctx,
      input: {
        fileName: "dtsen-2025-q3.csv",
        bytes: dtksExport({ H1: 5, H2: 3, H3: 2, H5: 2, H6: 5 }),
        release: { name: "2025-Q3", date: "2025-09-22" },
      },
    });
    expect(second.release).toEqual({ name: "2025-Q3", date: "2025-09-22", households: 5 });
    await importRecipients({ ctx, input: { fileName: "penerima.csv", bytes: new TextEncoder().encode(RECEIPTS) } });
    for (const row of await queryRows<{ id: number; dtks_id: string }>(
      ctx.db,
      sql`SELECT id::int AS id, dtks_id FROM household WHERE dtks_id LIKE 'R-%'`,
    ))
      ids.set(row.id, row.dtks_id.slice(2) as Key);
  });

  it("counts the desil matrix, eligibility gained and lost, and what asks for action, as worked out", async () => {
    const city = (await releaseTransitions({ ctx: as("dinsos"), input: { code: "64.72", ...compare } }))!;
    expect(city.window_after).toEqual({ from: "2025-09", to: "2025-11" });
    expect(city.households).toEqual({ from: 5, to: 5, masuk: 1, keluar: 1, naik: 1, turun: 1, tetap: 2 });
    expect(city.eligible).toEqual({ from: 3, to: 3, gained: 2, lost: 2, lost_still_paid: 2, gained_unreached: 1 });
    expect(city.matrix.map((c) => `${c.from}>${c.to}:${c.households}`).sort()).toEqual(
      ["2>2:1", "3>keluar:1", "4>5:1", "5>5:1", "6>3:1", "masuk>2:1"].sort(),
    );
    const program = (code: string) => city.programs.find((p) => p.code === code);
    expect(program("PKH")).toMatchObject({ max_desil: 4, gained: 2, lost: 2, lost_still_paid: 1, gained_unreached: 2 });
    expect(program("BPNT")).toMatchObject({
      max_desil: 5,
      gained: 2,
      lost: 1,
      lost_still_paid: 1,
      gained_unreached: 1,
    });
    expect(program("PBI-JK")).toMatchObject({
      max_desil: 5,
      gained: 2,
      lost: 1,
      lost_still_paid: 0,
      gained_unreached: 2,
    });

    const kecamatan = (await releaseTransitions({ ctx: as("dinsos"), input: { code: KECAMATAN, ...compare } }))!;
    expect(
      kecamatan.areas.map(({ code, gained, lost, lost_still_paid, gained_unreached }) => [
        code,
        gained,
        lost,
        lost_still_paid,
        gained_unreached,
      ]),
    ).toEqual([
      [B, 0, 1, 1, 0],
      [A, 2, 1, 1, 1],
    ]);
  });

  it("lists the households that lost eligibility but are still paid, and those to reach", async () => {
    const lost = (await releaseHouseholds({
      ctx: as("dinsos"),
      input: { code: "64.72", ...compare, list: "dicabut_masih_dibayar", page: 1 },
    }))!;
    expect(lost.total).toBe(2);
    expect(keysOf(lost.households).sort()).toEqual(["H1", "H4"]);
    expect(lost.households.find((h) => ids.get(h.id) === "H1")).toMatchObject({
      desil_from: 4,
      desil_to: 5,
      programs: ["PKH"],
    });
    expect(lost.households.find((h) => ids.get(h.id) === "H4")).toMatchObject({ in_to: false, programs: ["BPNT"] });
    const reach = (await releaseHouseholds({
      ctx: as("dinsos"),
      input: { code: "64.72", ...compare, list: "layak_belum_menerima", page: 1 },
    }))!;
    expect(keysOf(reach.households)).toEqual(["H2"]);
    expect(JSON.stringify([lost, reach])).not.toMatch(/\d{16}/);
  });

  it("keeps a lurah to the kelurahan and refuses an unknown release by name", async () => {
    expect(await releaseTransitions({ ctx: as("lurahA"), input: { code: "64.72", ...compare } })).toBeNull();
    const own = (await releaseTransitions({ ctx: as("lurahA"), input: { code: A, ...compare } }))!;
    expect(own.eligible).toMatchObject({ gained: 2, lost: 1, lost_still_paid: 1, gained_unreached: 1 });
    await expect(
      releaseTransitions({ ctx: as("dinsos"), input: { code: "64.72", from: "2019-Q1", to: "2025-Q3" } }),
    ).rejects.toMatchObject({ fields: { from: expect.stringContaining("2024-Q4, 2025-Q3") } });
  });

  it("counts each month's eligible and uncovered households against the release in force then", async () => {
    const trend = (await areaTrend({ ctx: as("dinsos"), input: { code: "64.72", from: "2024-05", to: "2025-11" } }))!;
    expect(trend.eligible_basis).toBe("rilis");
    const month = (period: string) => trend.points.find((p) => p.period === period)!;
    // Before the first release: counted against it, and marked.
    expect(month("2024-05")).toMatchObject({
      release: "2024-Q4",
      release_later_than_period: true,
      eligible_households: 3,
    });
    // 2024-11 against 2024-Q4: eligible H1, H3, H4; H1 and H4 paid → 1 uncovered (the register today would say 3).
    expect(month("2024-11")).toMatchObject({
      release: "2024-Q4",
      release_later_than_period: false,
      eligible_households: 3,
      uncovered_eligible_households: 1,
    });
    // 2025-10 against 2025-Q3: eligible H2, H3, H5; H3 paid → 2 uncovered (the register, still holding H4, would say 3).
    expect(month("2025-10")).toMatchObject({
      release: "2025-Q3",
      eligible_households: 3,
      uncovered_eligible_households: 2,
    });
    expect(trend.eligible_households).toBe(4);
  });

  it("takes a release once, records an older one without touching the register, and refuses a misdated one", async () => {
    const { ctx } = fixture();
    const again = await importDtks({
      ctx,
      input: {
        fileName: "dtsen-2025-q3-salinan.csv",
        bytes: dtksExport({ H1: 5, H2: 3, H3: 2, H5: 2, H6: 5 }),
        release: { name: "2025-Q3", date: "2025-09-22" },
      },
    });
    expect(again.alreadyImported).toBe(true);
    // An older release is recorded beside the register, which keeps H1 at desil 5.
    const older = dtksExport({ H1: 1 });
    const past = await importDtks({
      ctx,
      input: {
        fileName: "dtsen-2024-q2.csv",
        bytes: new Uint8Array([
          ...older,
          ...new TextEncoder().encode(
            "R-H9,6472051203150099,6472051708850009,Hasan Pergi,17-08-1985,L,Kepala Keluarga,64.72.05.1004,1,1,2,aktif,terverifikasi\n",
          ),
        ]),
        release: { name: "2024-Q2", date: "2024-04-15" },
      },
    });
    expect(past).toMatchObject({
      pastRelease: true,
      release: { name: "2024-Q2", households: 1 },
      changedHouseholds: 0,
    });
    expect(past.warnings).toContain(
      "1 rumah tangga rilis 2024-Q2 tidak ada lagi di register, jadi tidak dihitung di rilis itu.",
    );
    const [h1] = await queryRows<{ desil: number }>(
      ctx.db,
      sql`SELECT desil::int AS desil FROM household WHERE dtks_id = 'R-H1'`,
    );
    expect(h1!.desil).toBe(5);
    const earlier = (await releaseTransitions({
      ctx: as("dinsos"),
      input: { code: "64.72", from: "2024-Q2", to: "2024-Q4" },
    }))!;
    expect(earlier.matrix.find((c) => c.from === "1")).toEqual({ from: "1", to: "4", households: 1 });
    expect(earlier.households).toMatchObject({ from: 1, to: 5, masuk: 4 });
    await expect(
      importDtks({
        ctx,
        input: { fileName: "x.csv", bytes: dtksExport({ H6: 5 }), release: { name: "2025-Q3", date: "2025-09-23" } },
      }),
    ).rejects.toThrow(/sudah ada dengan tanggal/);
    const [counts] = await queryRows<{ releases: number; rows: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*)::int FROM dtks_release) AS releases, (SELECT count(*)::int FROM dtks_release_household) AS rows`,
    );
    expect(counts).toEqual({ releases: 3, rows: 11 });
  });

  it("updates the desil of known persons' households from a NIK, name and desil list, refusing other rows one by one", async () => {
    const { ctx } = fixture();
    const list = [
      "NIK,NAMA,DESIL_NASIONAL",
      `${HOUSEHOLDS.H6.nik},${HOUSEHOLDS.H6.name},4`,
      `6472051708859999,Orang Lain,2`,
      `${HOUSEHOLDS.H3.wife},Budi Santoso,1`,
      `${HOUSEHOLDS.H2.nik},${HOUSEHOLDS.H2.name},2`,
      `${HOUSEHOLDS.H2.wife},${HOUSEHOLDS.H2.wifeName},3`,
      `${HOUSEHOLDS.H5.nik},${HOUSEHOLDS.H5.name},11`,
    ].join("\n");
    // A desil list changes the register: never as a past release.
    await expect(
      importDtks({
        ctx,
        input: {
          fileName: "desil-lama.csv",
          bytes: new TextEncoder().encode(list),
          release: { name: "2024-Q1", date: "2024-02-01" },
        },
      }),
    ).rejects.toThrow(/bukan rilis lama 2024-Q1/);
    const report = await importDtks({ ctx, input: { fileName: "desil.csv", bytes: new TextEncoder().encode(list) } });
    expect(report.desilList).toBe(true);
    expect(report.households).toBe(2);
    expect(report.changedHouseholds).toBe(2);
    expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
      [3, "nik"],
      [4, "nama"],
      [6, "desil"],
      [7, "desil"],
    ]);
    const desils = await queryRows<{ dtks_id: string; desil: number; history: number }>(
      ctx.db,
      sql`SELECT h.dtks_id, h.desil::int AS desil,
                 (SELECT count(*)::int FROM household_history x WHERE x.household_id = h.id AND x.import_batch_id = ${report.batchId}) AS history
          FROM household h WHERE h.dtks_id IN ('R-H2', 'R-H3', 'R-H6') ORDER BY h.dtks_id`,
    );
    expect(desils).toEqual([
      { dtks_id: "R-H2", desil: 2, history: 1 },
      { dtks_id: "R-H3", desil: 2, history: 0 },
      { dtks_id: "R-H6", desil: 4, history: 1 },
    ]);
  });

  it("reads a file through a saved column mapping, and names a mapped column the file lacks", async () => {
    const { ctx } = fixture();
    const header =
      "NO_KEL,NOKK,NIK_ART,NAMA_ART,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,KODE_DESA_BPS,RW,RT,PERINGKAT_DESIL,STATUS,STATUS VERVAL";
    const bytes = dtksExport({ H6: 3 }, header);
    await expect(importDtks({ ctx, input: { fileName: "kemensos.csv", bytes } })).rejects.toThrow(
      /Kolom wajib tidak ada: id_dtks, nik, kode_kelurahan\./,
    );
    await savePreset(ctx, {
      kind: "dtks",
      name: "DTSEN Kemensos",
      columns: { id_dtks: "NO_KEL", nik: "NIK_ART", nama: "NAMA_ART", kode_kelurahan: "KODE_DESA_BPS" },
    });
    const columns = await presetColumns(ctx, "dtks", "DTSEN Kemensos");
    const report = await importDtks({ ctx, input: { fileName: "kemensos.csv", bytes, columns } });
    expect(report.changedHouseholds).toBe(1);
    const [h6] = await queryRows<{ desil: number }>(
      ctx.db,
      sql`SELECT desil::int AS desil FROM household WHERE dtks_id = 'R-H6'`,
    );
    expect(h6!.desil).toBe(3);
    await expect(
      importDtks({ ctx, input: { fileName: "lain.csv", bytes: dtksExport({ H6: 3 }), columns } }),
    ).rejects.toThrow(
      /tidak ada di berkas: "NO_KEL" \(untuk id_dtks\), "NIK_ART" \(untuk nik\), "NAMA_ART" \(untuk nama\), "KODE_DESA_BPS"/,
    );
    await expect(presetColumns(ctx, "dtks", "Tidak Ada")).rejects.toThrow(/yang ada: DTSEN Kemensos/);
  });
});
