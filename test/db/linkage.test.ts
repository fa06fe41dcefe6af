import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { AccessDenied, type UserActor, type UserRole } from "@/lib/access";
import { areaSummary, explainHousehold } from "@/lib/analytics";
import type { SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { startLinkageJob } from "@/lib/http";
import { importRecipients } from "@/lib/imports";
import { jobOf } from "@/lib/jobs";
import { decideLinkagePair, LINK_STEPS, linkageQueue, linkRecords, runLinkage } from "@/lib/linkage";
import { matchReceipts } from "@/lib/matching";
import { listSuggestions } from "@/lib/verval";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors, insertHousehold, insertMember } from "../helpers/factories";

// Record linkage worked out by hand (lib/linkage/README.md): weights name 0.5, birth date 0.25,
// ID numbers 0.15, place 0.1; unknown evidence 0.4 of its weight; automatic at 0.80, review at 0.60.
const A = "64.72.05.1004";
const B = "64.72.05.1002";
const WINDOW = { from: "2021-01", to: "2021-12" };

interface Member {
  key: string;
  name: string;
  born: string;
  nik: string;
}
const REGISTER: Array<{ key: string; kelurahan: string; rt: string; noKk: string; members: Member[] }> = [
  {
    key: "H1",
    kelurahan: A,
    rt: "001",
    noKk: "6472050101210001",
    members: [
      { key: "aminah", name: "Siti Aminah", born: "1985-08-17", nik: "6472055708850001" },
      { key: "yani", name: "Ahmad Yani", born: "1980-02-03", nik: "6472050302800001" },
    ],
  },
  {
    key: "H2",
    kelurahan: A,
    rt: "002",
    noKk: "6472050101210002",
    members: [{ key: "amanah", name: "Siti Amanah", born: "1990-03-04", nik: "6472054403900001" }],
  },
  {
    key: "H3",
    kelurahan: A,
    rt: "001",
    noKk: "6472050101210003",
    members: [{ key: "rizky", name: "Muhammad Rizky", born: "1995-05-06", nik: "6472050605950001" }],
  },
  {
    key: "H4",
    kelurahan: B,
    rt: "003",
    noKk: "6472050101210004",
    members: [{ key: "sukarno", name: "Sukarno Joyo", born: "1970-07-08", nik: "6472050807700001" }],
  },
  {
    key: "H5",
    kelurahan: A,
    rt: "004",
    noKk: "6472050101210005",
    members: [{ key: "budi1", name: "Budi Santoso", born: "1988-01-02", nik: "6472050201880001" }],
  },
  {
    key: "H6",
    kelurahan: A,
    rt: "005",
    noKk: "6472050101210006",
    members: [{ key: "budi2", name: "Budi Santoso", born: "1960-11-12", nik: "6472051211600001" }],
  },
  // The same woman in two households under two NIKs, her birth day and month swapped: a ganda candidate.
  {
    key: "H7",
    kelurahan: A,
    rt: "006",
    noKk: "6472050101210007",
    members: [{ key: "dewi1", name: "Dewi Lestari", born: "1992-09-10", nik: "6472055009920001" }],
  },
  {
    key: "H8",
    kelurahan: B,
    rt: "001",
    noKk: "6472050101210008",
    members: [{ key: "dewi2", name: "Dewi Lestari", born: "1992-10-09", nik: "6472054910920002" }],
  },
];

const HEADER = "nik,no_kk,nama,program,periode,nominal,kode_kelurahan,tgl_lahir,rt";
// Each row's right answer:
//  2 NIK of Siti Aminah: matched by NIK (H1).
//  3 a degree, a stranger's NIK, her birth date: 0.5 + 0.25 + 0.06 + 0.085 = 0.895 → linked automatically (H1).
//  4 NIK of Muhammad Rizky, PKH 2021-05: matched by NIK (H3).
//  5 "Moch. Rizky", name only: 0.5 + 0.1 + 0.06 + 0.085 = 0.745 → queue (H3); confirmed, H3 is paid PKH 2021-05 twice.
//  6 "Budi Santoso", name only: H5 and H6 both 0.745 → queue (H5, the lower id); dismissed, H6 is asked next.
//  7 "Joko Widodo": nobody of that name → unmatched, not queued.
//  8 old spelling, the No. KK one digit off, birth date written d-m-y, kelurahan B: 0.5 + 0.25 + 0.105 + 0.085 = 0.94 → linked (H4).
//  9 "Siti Amanah", name only: H2 0.745 (review); Siti Aminah 0.3 + 0.1 + 0.06 + 0.085 = 0.545 → queue (H2), never linked alone.
const LIST = [
  HEADER,
  `6472055708850001,,Siti Aminah,PKH,2021-03,300000,${A},,`,
  `6472054107859999,,"SITI AMINAH, S.Pd.",BST,2021-03,200000,${A},1985-08-17,`,
  `6472050605950001,,Muhammad Rizky,PKH,2021-05,300000,${A},,`,
  `,,Moch. Rizky,PKH,2021-05,300000,${A},,`,
  `,,Budi Santoso,BPNT,2021-06,200000,${A},,`,
  `,,Joko Widodo,BPNT,2021-06,200000,${A},,`,
  `,6472050101210014,Soekarno Djojo,PKH,2021-07,300000,${B},08-07-1970,`,
  `,,Siti Amanah,BPNT,2021-08,200000,${A},,`,
].join("\n");

const ACCOUNTS = {
  dinsos: { role: "dinsos", areas: ["64.72"] },
  dinsosColleague: { role: "dinsos", areas: ["64.72"] },
  operatorA: { role: "operator", areas: [A] },
  operatorB: { role: "operator", areas: [B] },
  pimpinan: { role: "pimpinan", areas: ["64.72"] },
} satisfies Record<string, { role: UserRole; areas: string[] }>;
type Account = keyof typeof ACCOUNTS;

describeEachEngine("record linkage: a hand-built list against a hand-built register", (fixture) => {
  const actors = {} as Record<Account, UserActor>;
  const as = (who: Account): SignedInContext => ({ ...fixture().ctx, actor: actors[who] });
  const personIds = new Map<string, number>();
  const householdIds = new Map<string, number>();
  const keyOfPerson = (id: number | null) => [...personIds].find(([, v]) => v === id)?.[0] ?? null;
  /** The register member a pair's side shows, by name and birth date (the view masks the NIK). */
  const memberKeyOf = (record: { name: string | null; birth_date: string | null }) =>
    REGISTER.flatMap((h) => h.members).find((m) => m.name === record.name && m.born === record.birth_date)?.key ?? null;

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    Object.assign(actors, await insertActors(ctx.db, ACCOUNTS));
    for (const h of REGISTER) {
      const row = await insertHousehold(ctx.db, {
        dtksId: `L-${h.key}`,
        noKk: h.noKk,
        noKkCheck: "valid",
        declaredKelurahanCode: h.kelurahan,
        effectiveKelurahanCode: h.kelurahan,
        rt: h.rt,
        desil: 2,
      });
      householdIds.set(h.key, row.id);
      for (const [i, m] of h.members.entries()) {
        const member = await insertMember(ctx.db, {
          householdId: row.id,
          nik: m.nik,
          nikCheck: "valid",
          name: m.name,
          birthDate: m.born,
          relation: i === 0 ? "kepala keluarga" : "istri",
        });
        personIds.set(m.key, member.id);
      }
    }
  });

  const receiptsByRow = async () =>
    Object.fromEntries(
      (
        await queryRows<{ source_row: number; person_id: number | null; method: string | null; score: number | null }>(
          fixture().ctx.db,
          sql`SELECT source_row, matched_person_id::int AS person_id, match_method::text AS method, match_score::float8 AS score
              FROM aid_receipt WHERE source_file = 'daftar-kota.csv' ORDER BY source_row`,
        )
      ).map((r) => [
        r.source_row,
        [keyOfPerson(r.person_id), r.method, r.score === null ? null : Number(r.score.toFixed(3))],
      ]),
    );
  const counts = async () => {
    const city = (await areaSummary({ ctx: fixture().ctx, input: { code: "64.72", ...WINDOW } }))!;
    return {
      stacked: city.stacked_households,
      paid_twice: city.inclusion_errors.paid_twice,
      not_in_register: city.inclusion_errors.not_in_register,
    };
  };
  const queue = async (who: Account, kind: "penerima" | "ganda" = "penerima") =>
    (await linkageQueue({ ctx: as(who), input: { kind } })).pairs;

  it("normalises the spellings of one name to one key, and keeps different names apart", async () => {
    const cases: Array<[string, string]> = [
      ["  SITI   aminah ", "siti aminah"],
      ["St. Aminah", "siti aminah"],
      ["Hj. Siti Aminah, S.Pd.", "siti aminah"],
      ["H. Ahmad Dahlan", "ahmad dahlan"],
      ["Dr. Ir. Ma'ruf Amin, M.M.", "maruf amin"],
      ["Drs. Bambang S.E.", "bambang"],
      ["Budi A.Md.", "budi"],
      ["Muhammad Rizky", "muhamad rizky"],
      ["Muhamad Rizky", "muhamad rizky"],
      ["Mohammad Rizky", "muhamad rizky"],
      ["Moch. Rizky", "muhamad rizky"],
      ["Moh. Rizky", "muhamad rizky"],
      ["M. Rizky", "muhamad rizky"],
      ["M.Ali", "muhamad ali"],
      ["Noor Aini", "nur aini"],
      ["Soekarno Djojo", "sukarno joyo"],
      ["Tjahjo Koemolo", "cahyo kumolo"],
      ["Chairul Anwar", "hairul anwar"],
      ["Khairul Anwar", "hairul anwar"],
      ["Jusuf Kalla", "yusuf kala"],
      ["Abdullah", "abdulah"],
      ["Joko Widodo", "joko widodo"],
      ["Jaya Suprana", "jaya suprana"],
    ];
    const keys = await queryRows<{ key: string }>(
      fixture().ctx.db,
      sql`SELECT tepat_name_key(n) AS key FROM unnest(${`{${cases.map(([raw]) => `"${raw.replace(/"/g, '\\"')}"`).join(",")}}`}::text[]) WITH ORDINALITY AS t(n, i) ORDER BY i`,
    );
    expect(keys.map((k) => k.key)).toEqual(cases.map(([, key]) => key));
    // Two women, one letter apart: the names stay two, and with the same birth date, kelurahan and no
    // No. KK the pair scores 0.5 × 0.6 + 0.25 + 0.06 + 0.085 = 0.695, below the automatic 0.80.
    const [pair] = await queryRows<{ a: string; b: string; similarity: number }>(
      fixture().ctx.db,
      sql`SELECT tepat_name_key('Siti Aminah') AS a, tepat_name_key('Siti Amanah') AS b,
                 similarity(tepat_name_key('Siti Aminah'), tepat_name_key('Siti Amanah'))::float8 AS similarity`,
    );
    expect(pair!.a).not.toBe(pair!.b);
    expect(0.5 * pair!.similarity + 0.25 + 0.06 + 0.085).toBeLessThan(0.8);
  });

  it("links, queues or leaves each row of the list as worked out, and the counts follow", async () => {
    const report = await importRecipients({
      ctx: fixture().ctx,
      input: { fileName: "daftar-kota.csv", bytes: new TextEncoder().encode(LIST) },
    });
    expect(report.rejections).toEqual([]);
    expect([report.matchedByNik, report.linkedAutomatically, report.waitingReview, report.unmatched]).toEqual([
      2, 2, 3, 4,
    ]);
    expect(await receiptsByRow()).toEqual({
      2: ["aminah", "nik", null],
      3: ["aminah", "tautan_otomatis", 0.895],
      4: ["rizky", "nik", null],
      5: [null, null, null],
      6: [null, null, null],
      7: [null, null, null],
      8: ["sukarno", "tautan_otomatis", 0.94],
      9: [null, null, null],
    });
    // Siti Aminah has PKH and BST in March, a forbidden pair: stacked. Rows 5, 6, 7 and 9 are nobody yet.
    expect(await counts()).toEqual({ stacked: 1, paid_twice: 0, not_in_register: 4 });

    const pairs = await queue("dinsos");
    expect(pairs.map((p) => [p.left.name, memberKeyOf(p.right), Number(p.score.toFixed(3))])).toEqual([
      ["Moch. Rizky", "rizky", 0.745],
      ["Budi Santoso", "budi1", 0.745],
      ["Siti Amanah", "amanah", 0.745],
    ]);
    // Masked: the first four digits only, never a full NIK.
    expect(JSON.stringify(pairs)).not.toMatch(/\d{16}/);
    expect(pairs[0]!.right.nik).toBe("6472************");
    // Register duplicates are sought by a whole run (npm run link, or "Jalankan tautan"), which changes
    // nothing of the list's links. The ganda pair spans kelurahan A and B: Dinas Sosial's, not an operator's.
    const whole = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect([whole.linkedAutomatically, whole.queuedReceipts, whole.queuedDuplicates, whole.rewritten]).toEqual([
      2, 3, 1, 0,
    ]);
    // A run writes only what it changes (each write a dead row version to vacuum): the two automatic
    // links, undone, are written again, and nothing else.
    await fixture().ctx.db.execute(
      sql`UPDATE aid_receipt SET matched_person_id = NULL, matched_household_id = NULL, match_method = NULL, match_score = NULL,
                 link_fingerprint = NULL
          WHERE kabkota_code = '64.72' AND match_method = 'tautan_otomatis'`,
    );
    expect((await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } })).rewritten).toBe(2);
    expect(
      (await queue("dinsos", "ganda")).map((p) => [p.left.name, p.right.name, Number(p.score.toFixed(2))]),
    ).toEqual([["Dewi Lestari", "Dewi Lestari", 0.92]]);
    expect(await queue("operatorA", "ganda")).toEqual([]);
    expect((await queue("operatorB")).length).toBe(0);
    await expect(linkageQueue({ ctx: as("pimpinan"), input: {} })).rejects.toBeInstanceOf(AccessDenied);
    // Matching again by NIK and No. KK (after any DTKS import) keeps the links.
    await matchReceipts({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect((await receiptsByRow())[3]).toEqual(["aminah", "tautan_otomatis", 0.895]);
  });

  it("links a confirmed pair, never links a dismissed one, and the counts change by the worked-out amounts", async () => {
    const pairs = await queue("operatorA");
    const rizky = pairs.find((p) => p.left.name === "Moch. Rizky")!;
    const budi = pairs.find((p) => p.left.name === "Budi Santoso")!;
    expect(
      await decideLinkagePair({
        ctx: as("operatorB"),
        input: { fingerprint: rizky.fingerprint, decision: "konfirmasi" },
      }),
    ).toBeNull();
    expect(
      await decideLinkagePair({
        ctx: as("operatorA"),
        input: { fingerprint: rizky.fingerprint, decision: "konfirmasi", note: "sama, dicek di KK" },
      }),
    ).toEqual({ fingerprint: rizky.fingerprint, state: "dikonfirmasi", receipts: 1 });
    await expect(
      decideLinkagePair({ ctx: as("operatorA"), input: { fingerprint: rizky.fingerprint, decision: "tolak" } }),
    ).rejects.toThrow(/sudah diputuskan/);
    await decideLinkagePair({
      ctx: as("operatorA"),
      input: { fingerprint: budi.fingerprint, decision: "tolak", note: "Budi lain, lahir 1975" },
    });
    const rows = await receiptsByRow();
    expect(rows[5]).toEqual(["rizky", "tautan_dikonfirmasi", 0.745]);
    expect(rows[6]).toEqual([null, null, null]);
    // Rizky is paid PKH for May twice now; one receipt fewer is nobody's.
    expect(await counts()).toEqual({ stacked: 1, paid_twice: 1, not_in_register: 3 });
    // The other Budi Santoso is asked next; the dismissed one never comes back.
    const after = await queue("operatorA");
    expect(after.map((p) => [p.left.name, memberKeyOf(p.right)])).toEqual([
      ["Budi Santoso", "budi2"],
      ["Siti Amanah", "amanah"],
    ]);
    // The household page says how each receipt came.
    const h3 = await explainHousehold({ ctx: as("dinsos"), input: { id: householdIds.get("H3")!, ...WINDOW } });
    expect(h3!.receipts.map((r) => r.matched_by)).toEqual([
      "NIK",
      expect.stringMatching(/^tautan dikonfirmasi oleh operatorA pada \d/),
    ]);
    const h1 = await explainHousehold({ ctx: as("dinsos"), input: { id: householdIds.get("H1")!, ...WINDOW } });
    expect(h1!.receipts.map((r) => [r.program, r.matched_by])).toEqual([
      ["BST", "tautan otomatis, skor 0,90"],
      ["PKH", "NIK"],
    ]);
    const [logged] = await queryRows<{ n: number }>(
      fixture().ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'linkage_decide'`,
    );
    expect(logged!.n).toBe(2);
  });

  it("keeps each decision when its person comes back under a new id with the same record (a member written again by a DTKS file or a verval)", async () => {
    const { db } = fixture().ctx;
    const queueBefore = (await queue("operatorA")).map((p) => [p.left.name, memberKeyOf(p.right)]);
    for (const key of ["rizky", "budi1"]) {
      // The same member, written again: a new id, the same NIK, name, birth date and household.
      const [again] = await queryRows<{ id: number }>(
        db,
        sql`INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation)
            SELECT kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation FROM person WHERE id = ${personIds.get(key)!}
            RETURNING id::int AS id`,
      );
      await db.execute(sql`DELETE FROM person WHERE id = ${personIds.get(key)!}`);
      personIds.set(key, again!.id);
    }
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    // Rizky's confirmed pair links to the member written again; the dismissed Budi never comes back.
    expect((await receiptsByRow())[5]).toEqual(["rizky", "tautan_dikonfirmasi", 0.745]);
    expect((await receiptsByRow())[6]).toEqual([null, null, null]);
    expect((await queue("operatorA")).map((p) => [p.left.name, memberKeyOf(p.right)])).toEqual(queueBefore);
  });

  it("asks nothing already decided when the next month's list comes, and a confirmed duplicate becomes a verval suggestion", async () => {
    const nextMonth = [
      HEADER,
      `,,Moch. Rizky,PKH,2021-09,300000,${A},,`,
      `,,Budi Santoso,BPNT,2021-09,200000,${A},,`,
    ].join("\n");
    const report = await importRecipients({
      ctx: fixture().ctx,
      input: { fileName: "daftar-kota-september.csv", bytes: new TextEncoder().encode(nextMonth) },
    });
    expect([report.linkedAutomatically, report.waitingReview]).toEqual([1, 1]);
    const [september] = await queryRows<{ method: string; person_id: number }>(
      fixture().ctx.db,
      sql`SELECT match_method::text AS method, matched_person_id::int AS person_id FROM aid_receipt
          WHERE source_file = 'daftar-kota-september.csv' AND source_row = 2`,
    );
    expect(september).toEqual({ method: "tautan_dikonfirmasi", person_id: personIds.get("rizky") });
    const pairs = await queue("operatorA");
    expect(pairs.map((p) => [p.left.name, memberKeyOf(p.right), p.receipts])).toEqual([
      ["Budi Santoso", "budi2", 2],
      ["Siti Amanah", "amanah", 1],
    ]);
    // A whole run again changes nothing.
    const again = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect([
      again.linkedAutomatically,
      again.linkedConfirmed,
      again.queuedReceipts,
      again.queuedDuplicates,
      again.rewritten,
    ]).toEqual([2, 2, 2, 1, 0]);

    const [dewi] = await queue("dinsos", "ganda");
    await decideLinkagePair({ ctx: as("dinsos"), input: { fingerprint: dewi!.fingerprint, decision: "konfirmasi" } });
    const suggestions = await listSuggestions({ ctx: as("dinsos"), input: { kind: "orang_ganda" } });
    expect(suggestions.suggestions.map((s) => [s.dtks_id, s.person_name, s.detail])).toEqual([
      [
        "L-H8",
        "Dewi Lestari",
        "Orang yang sama dengan anggota rumah tangga L-H7 (dikonfirmasi di antrean tautan data).",
      ],
    ]);
    expect(suggestions.suggestions[0]!.proposal).toEqual({
      kind: "nonaktif",
      household_id: householdIds.get("H8"),
      change: { reason: "ganda", duplicate_of: "L-H7" },
    });
    expect(await queue("dinsos", "ganda")).toEqual([]);

    // A DTKS file that replaces Siti Amanah's household's members leaves her pair nobody to show:
    // it leaves the queue (the next run finds its successor), and nothing fails.
    await fixture().ctx.db.execute(sql`DELETE FROM person WHERE id = ${personIds.get("amanah")!}`);
    expect((await queue("operatorA")).map((p) => p.left.name)).toEqual(["Budi Santoso"]);
  });

  it("takes the queue's statistics anew when a run fills it, so that its counts are planned for its size", async () => {
    const { db } = fixture().ctx;
    // 600 register duplicates: twins in households of their own, the same name and birth date, different NIKs.
    await db.execute(sql`
      INSERT INTO household (kabkota_code, dtks_id, declared_kelurahan_code, effective_kelurahan_code, desil)
      SELECT '64.72', 'KEMBAR-' || i, ${A}, ${A}, 3 FROM generate_series(1, 1200) i`);
    await db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date)
      SELECT h.kabkota_code, h.id, (6472000000000000 + k)::text, 'valid',
             'Kembar ' || translate(((k + 1) / 2)::text, '0123456789', 'abcdefghij'),
             DATE '1960-01-01' + (((k + 1) / 2) * 3)::int
      FROM household h, LATERAL (SELECT substr(h.dtks_id, 8)::int AS k) n
      WHERE h.dtks_id LIKE 'KEMBAR-%'`);
    const statistics = async () =>
      (
        await queryRows<{ counted: number; rows: number }>(
          db,
          sql`SELECT c.reltuples::int AS counted, (SELECT count(*)::int FROM linkage_pair) AS rows
              FROM pg_class c WHERE c.oid = 'linkage_pair'::regclass`,
        )
      )[0]!;
    expect((await statistics()).counted).toBeLessThan(100);
    const report = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(report.queuedDuplicates).toBeGreaterThanOrEqual(600);
    const after = await statistics();
    expect(after.counted).toBe(after.rows);
  });

  it("runs the whole city as a job (Jalankan tautan): one at a time (a second press joins it), its steps counted, the counts at the end", async () => {
    const dinsos = { ...as("dinsos"), actor: { ...actors.dinsos, sessionHash: "sesi-tautan" } };
    const started = await startLinkageJob({ ctx: dinsos, input: {} });
    expect([started.kind, started.status]).toEqual(["tautan", "berjalan"]);
    const pressedWhileLinking = Date.now();
    // Presses while the first links join it, each session now following the same job: another
    // account of Dinas Sosial, and another device of the same account (read without the
    // database); the first session pressing again was following it already. Pressed together: on
    // PGlite each press's reads wait for the linkage's end, its join decided at the press.
    const colleague = { ...actors.dinsosColleague, sessionHash: "sesi-rekan" };
    const otherDevice = { ...dinsos, actor: { ...actors.dinsos, sessionHash: "sesi-tautan-kedua" } };
    const joined = await Promise.all([
      startLinkageJob({ ctx: { ...as("dinsosColleague"), actor: colleague }, input: {} }),
      startLinkageJob({ ctx: otherDevice, input: {} }),
      startLinkageJob({ ctx: dinsos, input: {} }),
    ]);
    expect(joined.map((job) => job.id)).toEqual([started.id, started.id, started.id]);
    expect(jobOf(started.id, { sessionHash: "sesi-rekan" })?.id).toBe(started.id);
    expect(jobOf(started.id, { sessionHash: "sesi-tautan-kedua" })?.id).toBe(started.id);
    expect(jobOf(started.id, { sessionHash: "sesi-lain" })).toBeNull();
    await expect(startLinkageJob({ ctx: as("pimpinan"), input: {} })).rejects.toBeInstanceOf(AccessDenied);
    let job = jobOf(started.id, { userId: actors.dinsos.userId })!;
    while (job.status === "berjalan") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = jobOf(started.id, { userId: actors.dinsos.userId })!;
    }
    expect(job.status).toBe("selesai");
    // A press that arrived while it linked, answered only now (on PGlite the session read waits
    // for the run): it joins the ended run and has its counts at once.
    const phone = { ...actors.dinsosColleague, sessionHash: "sesi-rekan-ponsel" };
    const late = await startLinkageJob({
      ctx: { ...as("dinsosColleague"), actor: phone, receivedAt: pressedWhileLinking },
      input: {},
    });
    expect([late.id, late.status, late.result]).toEqual([started.id, "selesai", job.result]);
    expect(job.steps.map((s) => [s.step, s.state])).toEqual([
      ["mencocokkan", "selesai"],
      ["angka", "selesai"],
    ]);
    // The linkage's six steps counted within its step (the vacuum, the seventh, only when it rewrote much).
    expect([job.steps[0]!.detail, job.steps[0]!.done, job.steps[0]!.total]).toEqual([LINK_STEPS[5], 5, 7]);
    const whole = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(job.result).toEqual({
      status: 200,
      body: {
        kabkota_code: "64.72",
        identities: whole.identities,
        receipts: whole.receipts,
        linked_automatically: whole.linkedAutomatically,
        linked_confirmed: whole.linkedConfirmed,
        waiting: whole.waiting,
        queued_receipts: whole.queuedReceipts,
        queued_duplicates: whole.queuedDuplicates,
        rewritten: expect.any(Number),
      },
    });
    expect(whole.rewritten).toBe(0);
    // The run and each join are in the log: who ran it, with its counts, and who joined it.
    const logged = await queryRows<{ action: string; username: string; detail: Record<string, unknown> }>(
      fixture().ctx.db,
      sql`SELECT action, username, detail FROM audit_log
          WHERE action IN ('linkage_run', 'linkage_join') AND at >= ${job.started_at}::timestamptz ORDER BY id`,
    );
    expect(logged.map((entry) => [entry.action, entry.username])).toEqual(
      expect.arrayContaining([
        ["linkage_run", actors.dinsos.username],
        ["linkage_join", actors.dinsosColleague.username],
        ["linkage_join", actors.dinsos.username],
      ]),
    );
    // One entry per session that joined: the colleague's two devices and the other device, not the first session again.
    expect(logged.filter((entry) => entry.action === "linkage_join").map((entry) => entry.detail)).toEqual([
      { job: started.id },
      { job: started.id },
      { job: started.id },
    ]);
    // Once ended, the next press starts a new run.
    const next = await startLinkageJob({ ctx: dinsos, input: {} });
    expect(next.id).not.toBe(started.id);
    while (jobOf(next.id, { userId: actors.dinsos.userId })!.status === "berjalan")
      await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it("keeps a list that landed when its linkage then fails, says so in the report, and a later run links it", async () => {
    const { db } = fixture().ctx;
    const methods = () =>
      queryRows<{ method: string | null }>(
        db,
        sql`SELECT match_method::text AS method FROM aid_receipt WHERE source_file = 'daftar-kota-oktober.csv'`,
      );
    // The queue refuses every write for a while: the linkage after the import's commit fails.
    await db.execute(sql`CREATE FUNCTION test_queue_down() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'antrean dimatikan oleh uji'; END $$`);
    await db.execute(
      sql`CREATE TRIGGER queue_down BEFORE DELETE ON linkage_pair FOR EACH STATEMENT EXECUTE FUNCTION test_queue_down()`,
    );
    try {
      const report = await importRecipients({
        ctx: fixture().ctx,
        input: {
          fileName: "daftar-kota-oktober.csv",
          bytes: new TextEncoder().encode([HEADER, `,,Moch. Rizky,PKH,2021-10,300000,${A},,`].join("\n")),
        },
      });
      expect([report.receipts, report.alreadyImported, report.linkedAutomatically, report.linkageFailed]).toEqual([
        1,
        false,
        0,
        true,
      ]);
      expect(await methods()).toEqual([{ method: null }]);
    } finally {
      await db.execute(sql`DROP TRIGGER queue_down ON linkage_pair`);
      await db.execute(sql`DROP FUNCTION test_queue_down()`);
    }
    // The next run links it as the earlier months' decision said.
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(await methods()).toEqual([{ method: "tautan_dikonfirmasi" }]);
  });

  it("leaves every receipt and pair as it was when a whole run fails, and logs the failure with its cause", async () => {
    const { db } = fixture().ctx;
    const dinsos = as("dinsos");
    const linkState = async () =>
      (
        await queryRows<{ receipts: string; pairs: string }>(
          db,
          sql`SELECT (SELECT md5(string_agg(concat_ws('|', id, link_key, matched_person_id, match_method, match_score), ',' ORDER BY id))
                      FROM aid_receipt WHERE kabkota_code = '64.72') AS receipts,
                     (SELECT md5(string_agg(concat_ws('|', fingerprint, state, score), ',' ORDER BY fingerprint))
                      FROM linkage_pair WHERE kabkota_code = '64.72') AS pairs`,
        )
      )[0];
    // A new unkeyed receipt, so that the run writes before it fails.
    await importRecipients({
      ctx: fixture().ctx,
      input: {
        fileName: "daftar-kota-november.csv",
        bytes: new TextEncoder().encode([HEADER, `,,Siti Aminah,PKH,2021-11,300000,${A},,`].join("\n")),
      },
    });
    await db.execute(sql`UPDATE aid_receipt SET link_key = NULL WHERE source_file = 'daftar-kota-november.csv'`);
    const before = await linkState();
    const [{ last }] = (await queryRows<{ last: number }>(
      db,
      sql`SELECT coalesce(max(id), 0)::int AS last FROM audit_log`,
    )) as [{ last: number }];
    await db.execute(sql`CREATE FUNCTION test_queue_down() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'antrean dimatikan oleh uji'; END $$`);
    await db.execute(
      sql`CREATE TRIGGER queue_down BEFORE DELETE ON linkage_pair FOR EACH STATEMENT EXECUTE FUNCTION test_queue_down()`,
    );
    try {
      await expect(runLinkage({ ctx: dinsos })).rejects.toThrow();
    } finally {
      await db.execute(sql`DROP TRIGGER queue_down ON linkage_pair`);
      await db.execute(sql`DROP FUNCTION test_queue_down()`);
    }
    expect(await linkState()).toEqual(before);
    const logged = await queryRows<{ action: string; username: string; area_code: string; detail: { error?: string } }>(
      db,
      sql`SELECT action, username, area_code, detail FROM audit_log
          WHERE action IN ('linkage_run', 'linkage_run_failed') AND id > ${last} ORDER BY id`,
    );
    expect(logged.map((entry) => [entry.action, entry.username, entry.area_code])).toEqual([
      ["linkage_run_failed", actors.dinsos.username, "64.72"],
    ]);
    expect(logged[0]!.detail.error).toContain("antrean dimatikan oleh uji");
  });

  it("keys a list's own receipts after its import, and leaves an older receipt without a key to the whole run", async () => {
    const { db } = fixture().ctx;
    const receiptsOf = (file: string) =>
      queryRows<{ key: string | null; method: string | null; person: number | null }>(
        db,
        sql`SELECT link_key AS key, match_method::text AS method, matched_person_id::int AS person
            FROM aid_receipt WHERE source_file = ${file}`,
      );
    // An older receipt of the same person without its key, as a seeded city holds them.
    await db.execute(sql`UPDATE aid_receipt SET link_key = NULL WHERE source_file = 'daftar-kota-november.csv'`);
    await importRecipients({
      ctx: fixture().ctx,
      input: {
        fileName: "daftar-kota-desember.csv",
        bytes: new TextEncoder().encode([HEADER, `,,Siti Aminah,PKH,2021-12,300000,${A},,`].join("\n")),
      },
    });
    const [december] = await receiptsOf("daftar-kota-desember.csv");
    expect(december!.key).not.toBeNull();
    expect((await receiptsOf("daftar-kota-november.csv")).map((receipt) => receipt.key)).toEqual([null]);
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(await receiptsOf("daftar-kota-november.csv")).toEqual([december]);
  });

  it("links by the thresholds the press read, not by those in force when the run reads the settings", async () => {
    const dinsos = as("dinsos");
    // Thresholds no score reaches: nothing links by itself and nothing waits; the confirmed pairs still link.
    const unreachable = await runLinkage({ ctx: dinsos, input: { thresholds: { automatic: 2, review: 2 } } });
    expect([unreachable.linked_automatically, unreachable.waiting, unreachable.queued_receipts]).toEqual([0, 0, 0]);
    const inForce = await runLinkage({ ctx: dinsos });
    expect(inForce.linked_automatically).toBeGreaterThan(0);
    expect(inForce.queued_receipts).toBeGreaterThan(0);
  });
});
