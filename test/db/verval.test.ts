import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { PROPOSAL_STATES, USER_ROLES, type ProposalState, type UserRole } from "@/db/schema/vocabulary";
import { AccessDenied, type UserActor } from "@/lib/access";
import { areaSummary } from "@/lib/analytics";
import type { SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";
import { writeCsv } from "@/lib/exports";
import {
  DTKS_COLUMNS,
  exportProposalsForSiksNg,
  importDtks,
  importDukcapilEvents,
  readTable,
  SIKSNG_PROPOSAL_COLUMNS,
  type SiksNgExportInput,
} from "@/lib/imports";
import { matchReceipts } from "@/lib/matching";
import {
  createMuskel,
  createProposal,
  dismissSuggestion,
  getProposal,
  listProposals,
  listSuggestions,
  MAX_MINUTES_BYTES,
  muskelInput,
  PROPOSAL_ACTIONS,
  proposalDraft,
  readMuskelMinutes,
  StaleProposal,
  transitionOf,
  transitionProposal,
  TRANSITIONS,
  type ProposalAction,
} from "@/lib/verval";
import { householdState } from "@/lib/verval/snapshot";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors, insertBatch, insertHousehold, insertMember, insertReceipt } from "../helpers/factories";

const A = "64.72.05.1004"; // the operator's and lurah's kelurahan
const C = "64.72.01.1001"; // a kelurahan of another kecamatan
const WINDOW = { from: "2025-01", to: "2025-12" };
/** A NIK that passes the checks: kecamatan, birth date (women +40), serial. */
const nik = (kecamatan: string, day: number, month: number, year: number, serial: number) =>
  `${kecamatan}${String(day).padStart(2, "0")}${String(month).padStart(2, "0")}${String(year % 100).padStart(2, "0")}${String(serial).padStart(4, "0")}`;

/** The accounts of the test: each role in kelurahan A's chain, and an operator and lurah of C. */
const ACCOUNTS = {
  admin: { role: "admin", areas: [] },
  dinsos: { role: "dinsos", areas: ["64.72"] },
  pimpinan: { role: "pimpinan", areas: ["64.72"] },
  camat: { role: "camat", areas: ["64.72.05"] },
  lurah: { role: "lurah", areas: [A] },
  operator: { role: "operator", areas: [A] },
  operator2: { role: "operator", areas: [A] },
  layar: { role: "layar", areas: ["64.72"] },
  lurahC: { role: "lurah", areas: [C] },
  operatorC: { role: "operator", areas: [C] },
} satisfies Record<string, { role: UserRole; areas: string[] }>;
type Account = keyof typeof ACCOUNTS;

describeEachEngine("verval proposals: the state machine, scope, apply and suggestions", (fixture) => {
  const actors = {} as Record<Account, UserActor>;
  const as = (who: Account): SignedInContext => ({ ...fixture().ctx, actor: actors[who] });
  let households: { deceased: number; invalidNik: number; inC: number };
  let persons: { deceased: number; invalidNik: number; second: number };

  beforeAll(async () => {
    const { ctx } = fixture();
    // The demo city's areas, without households: the fixture's are the only ones.
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    Object.assign(actors, await insertActors(ctx.db, ACCOUNTS));
    const place = (kelurahan: string) => ({
      declaredKelurahanCode: kelurahan,
      effectiveKelurahanCode: kelurahan,
      vervalStatus: "terverifikasi" as const,
      desil: 2,
      noKkCheck: "valid" as const,
    });
    // One person, died in February 2025 and still paid PKH in March and April: a suggestion to deactivate.
    const deceased = await insertHousehold(ctx.db, { ...place(A), noKk: "6472050101250001" });
    const deceasedNik = nik("647205", 1, 1, 1950, 1);
    const deceasedPerson = await insertMember(ctx.db, {
      householdId: deceased.id,
      nik: deceasedNik,
      nikCheck: "valid",
      name: "Almarhum Uji",
      deathDate: "2025-02-10",
    });
    // Two persons, one with an invalid NIK: a suggestion to correct it.
    const invalid = await insertHousehold(ctx.db, { ...place(A), noKk: "6472050101250002", address: "Jl. Lama 1" });
    const invalidPerson = await insertMember(ctx.db, {
      householdId: invalid.id,
      nik: "123",
      nikCheck: "malformed",
      name: "Salah Nik",
    });
    const second = await insertMember(ctx.db, {
      householdId: invalid.id,
      nik: nik("647205", 2, 2, 1980, 2),
      nikCheck: "valid",
      name: "Anggota Kedua",
    });
    const inC = await insertHousehold(ctx.db, { ...place(C), noKk: "6472010101250003" });
    await insertMember(ctx.db, {
      householdId: inC.id,
      nik: nik("647201", 3, 3, 1970, 3),
      nikCheck: "valid",
      name: "Warga C",
    });
    const batch = await insertBatch(ctx.db);
    for (const period of ["2025-01", "2025-03", "2025-04"])
      await insertReceipt(ctx.db, {
        importBatchId: batch.id,
        period,
        nik: deceasedNik,
        nikCheck: "valid",
        kelurahanCode: A,
      });
    // A receipt naming a NIK nobody holds yet: a new household with it takes it.
    await insertReceipt(ctx.db, {
      importBatchId: batch.id,
      period: "2025-05",
      nik: nik("647205", 45, 5, 1990, 9),
      nikCheck: "valid",
      kelurahanCode: A,
    });
    await matchReceipts({ ctx, input: { kabkotaCode: "64.72" } });
    households = { deceased: deceased.id, invalidNik: invalid.id, inC: inC.id };
    persons = { deceased: deceasedPerson.id, invalidNik: invalidPerson.id, second: second.id };
  });

  /** A household of kelurahan A of its own, so applying one proposal never makes another stale. */
  async function freshHousehold(): Promise<number> {
    const { id } = await insertHousehold(fixture().ctx.db, {
      declaredKelurahanCode: A,
      effectiveKelurahanCode: A,
      address: "Jl. Uji",
    });
    await insertMember(fixture().ctx.db, { householdId: id, name: "Anggota Uji" });
    return id;
  }

  const draft = (input: unknown) => proposalDraft.parse(input);
  const addressChange = (householdId: number, address = "Jl. Baru 2") =>
    draft({
      kind: "perubahan",
      household_id: householdId,
      change: { household: { address } },
      rt_recommendation: { rw: "003", rt: "007", head_name: "Pak RT", date: "2026-11-20" },
    });
  const act = (who: Account, id: number, action: ProposalAction, note?: string) =>
    transitionProposal({ ctx: as(who), input: { id, action, note } });
  /** A scanned berita acara as far as the checks go: a PDF header and trailer. */
  const MINUTES_PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n");
  const holdMuskel = (proposalIds: number[], who: Account = "lurah", bytes = MINUTES_PDF) =>
    createMuskel({
      ctx: as(who),
      input: muskelInput.parse({ kelurahan_code: A, held_on: "2026-11-25", attendance: 23, proposal_ids: proposalIds }),
      minutes: { fileName: "berita-acara.pdf", bytes },
    });

  /** The way from a fresh draft to each state, one step at a time, by the accounts whose work it is. */
  const PATH: Record<ProposalState, Array<[Account, ProposalAction]>> = {
    draf: [],
    diajukan: [["operator", "ajukan"]],
    disetujui_lurah: [
      ["operator", "ajukan"],
      ["lurah", "setujui"],
    ],
    diverifikasi: [
      ["operator", "ajukan"],
      ["lurah", "setujui"],
      ["dinsos", "verifikasi"],
    ],
    diterapkan: [
      ["operator", "ajukan"],
      ["lurah", "setujui"],
      ["dinsos", "verifikasi"],
      ["dinsos", "terapkan"],
    ],
    dikembalikan: [
      ["operator", "ajukan"],
      ["lurah", "kembalikan"],
    ],
    ditolak: [
      ["operator", "ajukan"],
      ["dinsos", "tolak"],
    ],
  };
  async function proposalIn(state: ProposalState): Promise<number> {
    const created = await createProposal({ ctx: as("operator"), input: addressChange(await freshHousehold()) });
    for (const [who, action] of PATH[state]) await act(who, created!.id, action, "catatan uji");
    expect((await getProposal({ ctx: as("admin"), input: { id: created!.id } }))!.state).toBe(state);
    return created!.id;
  }

  /** Who may take each transition: the roles with its capability, only the author where it is the author's. */
  const mayTake = (who: Account, action: ProposalAction, from: ProposalState): boolean => {
    const transition = transitionOf(from, action)!;
    const role = ACCOUNTS[who].role;
    const byRole: Record<string, UserRole[]> = {
      propose: ["admin", "operator"],
      approve_proposals: ["admin", "lurah"],
      verify_proposals: ["admin", "dinsos"],
    };
    if (!byRole[transition.capability]!.includes(role)) return false;
    return transition.authorOnly ? who === "operator" : true;
  };

  it("takes every transition for the roles that may, and refuses every other role (403) and every move it has not (400)", async () => {
    const callers: Account[] = ["admin", "dinsos", "pimpinan", "camat", "lurah", "operator", "operator2", "layar"];
    expect(new Set(callers.map((c) => ACCOUNTS[c].role))).toEqual(new Set(USER_ROLES));
    for (const transition of TRANSITIONS) {
      for (const who of callers) {
        const id = await proposalIn(transition.from);
        const attempt = act(who, id, transition.action, "alasan uji");
        const label = `${who} ${transition.action} from ${transition.from}`;
        if (mayTake(who, transition.action, transition.from)) {
          expect((await attempt)!.state, label).toBe(transition.to);
        } else {
          // A role that sees no persons is refused before the proposal is read: 403 all the same.
          await expect(attempt, label).rejects.toBeInstanceOf(AccessDenied);
          expect((await getProposal({ ctx: as("admin"), input: { id } }))!.state, label).toBe(transition.from);
        }
      }
    }
    // Every (state, action) the machine lacks is refused, to admins too.
    for (const state of PROPOSAL_STATES)
      for (const action of PROPOSAL_ACTIONS) {
        if (transitionOf(state, action)) continue;
        const id = await proposalIn(state);
        await expect(act("admin", id, action, "x"), `${action} from ${state}`).rejects.toThrow(UserError);
      }
  });

  it("asks a note to return or reject, and the RT's recommendation to submit", async () => {
    const id = await proposalIn("diajukan");
    await expect(act("lurah", id, "kembalikan")).rejects.toMatchObject({ fields: { note: expect.any(String) } });
    const bare = await createProposal({
      ctx: as("operator"),
      input: draft({ kind: "perubahan", household_id: await freshHousehold(), change: { household: { rt: "009" } } }),
    });
    await expect(act("operator", bare!.id, "ajukan")).rejects.toMatchObject({
      fields: { "rt_recommendation.head_name": expect.any(String), "rt_recommendation.date": expect.any(String) },
    });
  });

  it("keeps proposals in their areas: another kelurahan's operator and lurah get nothing (404), pimpinan is refused (403)", async () => {
    expect(await createProposal({ ctx: as("operatorC"), input: addressChange(households.invalidNik) })).toBeNull();
    const id = await proposalIn("diajukan");
    expect(await act("lurahC", id, "setujui")).toBeNull();
    expect(await getProposal({ ctx: as("operatorC"), input: { id } })).toBeNull();
    expect(await getProposal({ ctx: as("camat"), input: { id } })).not.toBeNull();
    await expect(getProposal({ ctx: as("pimpinan"), input: { id } })).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      createProposal({ ctx: as("lurah"), input: addressChange(households.invalidNik) }),
    ).rejects.toBeInstanceOf(AccessDenied);
  });

  it("suggests deactivating a deceased person still paid, and the applied proposal changes the register and the counts", async () => {
    const { ctx } = fixture();
    const { suggestions } = await listSuggestions({ ctx: as("operator"), input: {} });
    const suggestion = suggestions.find(
      (s) => s.kind === "meninggal_dibayar" && s.household_id === households.deceased,
    )!;
    expect(suggestion).toMatchObject({
      person_name: "Almarhum Uji",
      proposal: {
        kind: "nonaktif",
        change: { reason: "meninggal", person_id: persons.deceased, death_date: "2025-02-10" },
      },
    });
    expect(suggestion.detail).toBe("Meninggal 10 Feb 2025, masih menerima bantuan sampai Apr 2025.");
    // Another kelurahan's operator is not told about it.
    expect(
      (await listSuggestions({ ctx: as("operatorC"), input: {} })).suggestions.map((s) => s.household_id),
    ).not.toContain(households.deceased);

    const before = (await areaSummary({ ctx, input: { code: A, ...WINDOW } }))!;
    const created = await createProposal({
      ctx: as("operator"),
      input: draft({
        ...suggestion.proposal,
        suggestion_key: suggestion.key,
        rt_recommendation: { rw: "001", rt: "002", head_name: "Ibu RT", date: "2026-11-25" },
        geotag: { lon: 117.15, lat: -0.45 },
      }),
    });
    // The suggestion is taken up: it is offered no more.
    expect((await listSuggestions({ ctx: as("operator"), input: {} })).suggestions.map((s) => s.key)).not.toContain(
      suggestion.key,
    );
    for (const [who, action] of PATH.diterapkan) await act(who, created!.id, action);
    const applied = (await getProposal({ ctx: as("lurah"), input: { id: created!.id } }))!;
    expect(applied.state).toBe("diterapkan");
    expect(applied.history.map((h) => h.action)).toEqual(["buat", "ajukan", "setujui", "verifikasi", "terapkan"]);

    const state = (await householdState(ctx.db, "64.72", households.deceased))!;
    expect(state).toMatchObject({ status: "nonaktif", nonaktif_reason: "meninggal" });
    const [history] = await queryRows<{ proposal_id: number; status: string }>(
      ctx.db,
      sql`SELECT proposal_id::int AS proposal_id, previous->>'status' AS status FROM household_history WHERE household_id = ${households.deceased}`,
    );
    expect(history).toEqual({ proposal_id: created!.id, status: "aktif" });

    const after = (await areaSummary({ ctx, input: { code: A, ...WINDOW } }))!;
    // Desil 2 and verified: it was eligible and now is not; its three receipts of 2025 now also pay a nonaktif household.
    expect(after.eligible_households).toBe(before.eligible_households - 1);
    expect(after.inclusion_errors.nonaktif).toBe(before.inclusion_errors.nonaktif + 3);
    expect(after.inclusion_errors.deceased).toBe(before.inclusion_errors.deceased);
  });

  it("dismisses a suggestion for good, with a reason", async () => {
    const key = (await listSuggestions({ ctx: as("lurah"), input: { kind: "nik_tidak_sah" } })).suggestions.find(
      (s) => s.household_id === households.invalidNik,
    )!.key;
    await expect(dismissSuggestion({ ctx: as("operator"), input: { key, reason: "x" } })).resolves.toEqual({
      dismissed: key,
    });
    expect((await listSuggestions({ ctx: as("operator"), input: {} })).suggestions.map((s) => s.key)).not.toContain(
      key,
    );
    expect(await dismissSuggestion({ ctx: as("operatorC"), input: { key, reason: "bukan wilayah saya" } })).toBeNull();
  });

  it("refuses a proposal whose household changed since it was drafted, with the difference, and writes nothing", async () => {
    const { ctx } = fixture();
    const id = (await createProposal({
      ctx: as("operator"),
      input: addressChange(households.invalidNik, "Jl. Usulan 5"),
    }))!.id;
    for (const [who, action] of PATH.diverifikasi) await act(who, id, action);
    // A newer DTKS file changed the address meanwhile.
    await ctx.db.execute(sql`UPDATE household SET address = 'Jl. Dari DTKS 9' WHERE id = ${households.invalidNik}`);
    const before = await householdState(ctx.db, "64.72", households.invalidNik);
    const refused = act("dinsos", id, "terapkan");
    await expect(refused).rejects.toBeInstanceOf(StaleProposal);
    await expect(refused).rejects.toMatchObject({ problems: ["alamat: Jl. Lama 1 → Jl. Dari DTKS 9"] });
    expect(await householdState(ctx.db, "64.72", households.invalidNik)).toEqual(before);
    expect((await getProposal({ ctx: as("dinsos"), input: { id } }))!.state).toBe("diverifikasi");
  });

  it("leaves the register exactly as it was when an apply fails half-way", async () => {
    const { ctx } = fixture();
    const householdId = await freshHousehold();
    const extra = await insertMember(ctx.db, { householdId, name: "Akan Dihapus" });
    const id = (await createProposal({
      ctx: as("operator"),
      input: draft({
        kind: "perubahan",
        household_id: householdId,
        change: {
          household: { address: "Jl. Setengah 1" },
          members: [
            { op: "tambah", member: { name: "Bayi Baru", birth_date: "2026-10-01", relation: "anak" } },
            { op: "hapus", person_id: extra.id, why: "pindah ikut suami" },
          ],
        },
        rt_recommendation: { head_name: "Pak RT", date: "2026-11-20" },
      }),
    }))!.id;
    for (const [who, action] of PATH.diverifikasi) await act(who, id, action);
    // The member goes by another way after the check on drafting; apply writes the address and the baby first, then fails.
    await ctx.db.execute(sql`UPDATE person SET household_id = ${households.inC} WHERE id = ${extra.id}`);
    const before = await householdState(ctx.db, "64.72", householdId);
    await expect(act("dinsos", id, "terapkan")).rejects.toBeInstanceOf(StaleProposal);
    expect(await householdState(ctx.db, "64.72", householdId)).toEqual(before);
  });

  it("adds a new household with a Tepat ID, places it and matches the receipts that name its members", async () => {
    const { ctx } = fixture();
    const newNik = nik("647205", 45, 5, 1990, 9);
    const created = await createProposal({
      ctx: as("operator"),
      input: draft({
        kind: "baru",
        kelurahan_code: A,
        change: {
          household: { address: "Jl. Baru 3", rw: "002", rt: "004", desil: 1 },
          members: [
            { name: "Ibu Baru", nik: newNik, birth_date: "1990-05-05", sex: "P", relation: "kepala keluarga" },
            { name: "Anak Baru", nik: "64720512", relation: "anak" },
          ],
        },
        rt_recommendation: { head_name: "Pak RT", date: "2026-11-20" },
      }),
    });
    expect(created!.nik_checks.map((c) => c.check)).toEqual(["valid", "malformed"]);
    expect(JSON.stringify(created)).not.toContain(newNik);
    await act("operator", created!.id, "ajukan");
    // A new household reaches Dinas Sosial only with a musyawarah kelurahan's berita acara.
    await expect(act("lurah", created!.id, "setujui")).rejects.toThrow(/musyawarah kelurahan/);
    await holdMuskel([created!.id]);
    expect((await getProposal({ ctx: as("lurah"), input: { id: created!.id } }))!.muskel).toMatchObject({
      held_on: "2026-11-25",
      attendance: 23,
    });
    for (const [who, action] of PATH.diterapkan.slice(1)) await act(who, created!.id, action);
    const [row] = await queryRows<{ dtks_id: string; kelurahan: string; members: number; receipts: number }>(
      ctx.db,
      sql`SELECT h.dtks_id, h.effective_kelurahan_code AS kelurahan,
                 (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members,
                 (SELECT count(*)::int FROM aid_receipt r WHERE r.matched_household_id = h.id AND r.match_method = 'nik') AS receipts
          FROM household h WHERE h.dtks_id = ${`TEPAT-${created!.id}`}`,
    );
    expect(row).toEqual({ dtks_id: `TEPAT-${created!.id}`, kelurahan: A, members: 2, receipts: 1 });
  });
  it("keeps the muskel to the lurah of its kelurahan, with a PDF berita acara of at most 10 MB", async () => {
    const id = await proposalIn("diajukan");
    await expect(holdMuskel([id], "operator")).rejects.toBeInstanceOf(AccessDenied);
    await expect(holdMuskel([id], "lurahC")).rejects.toMatchObject({ fields: { kelurahan_code: expect.any(String) } });
    await expect(holdMuskel([id], "lurah", new TextEncoder().encode("bukan pdf"))).rejects.toMatchObject({
      fields: { minutes: expect.stringContaining("PDF") },
    });
    const tooLarge = new Uint8Array(MAX_MINUTES_BYTES + 1);
    tooLarge.set(MINUTES_PDF);
    await expect(holdMuskel([id], "lurah", tooLarge)).rejects.toMatchObject({
      fields: { minutes: expect.stringContaining("10 MB") },
    });
    const held = await holdMuskel([id]);
    expect(held.proposals.map((p) => p.id)).toEqual([id]);
    // A proposal discussed once is not taken to a second muskel.
    await expect(holdMuskel([id])).rejects.toMatchObject({
      fields: { proposal_ids: expect.stringContaining(`#${id}`) },
    });
    const minutes = await readMuskelMinutes({ ctx: as("camat"), input: { id: held.id } });
    expect(new TextDecoder().decode(minutes!.bytes)).toContain("%PDF-1.4");
    expect(await readMuskelMinutes({ ctx: as("operatorC"), input: { id: held.id } })).toBeNull();
  });

  it("turns a Dukcapil event list into suggestions in the kelurahan concerned; a dismissed one stays dismissed after a re-import", async () => {
    const { ctx } = fixture();
    const person = async (householdId: number, n: string, name: string) =>
      (await insertMember(ctx.db, { householdId, nik: n, nikCheck: "valid", name })).id;
    const two = await freshHousehold();
    const diedNik = nik("647205", 7, 7, 1951, 71);
    const died = await person(two, diedNik, "Wafat Menurut Dukcapil");
    const alone = await insertHousehold(ctx.db, { declaredKelurahanCode: A, effectiveKelurahanCode: A });
    const movedNik = nik("647205", 8, 8, 1982, 72);
    const moved = await person(alone.id, movedNik, "Pindah Menurut Dukcapil");
    const inC = await insertHousehold(ctx.db, { declaredKelurahanCode: C, effectiveKelurahanCode: C });
    await insertMember(ctx.db, { householdId: inC.id, name: "Teman C" });
    const diedInCNik = nik("647201", 9, 9, 1949, 73);
    const diedInC = await person(inC.id, diedInCNik, "Wafat Di C");
    const file = (rows: string[][]) =>
      new TextEncoder().encode(
        [["nik", "nama", "peristiwa", "tanggal", "tujuan"], ...rows].map((r) => r.join(";")).join("\n"),
      );
    const events = [
      [diedNik, "Wafat Menurut Dukcapil", "Meninggal Dunia", "01/10/2026", ""],
      [movedNik, "Pindah Menurut Dukcapil", "pindah", "2026-09-15", "Kota Balikpapan"],
      [diedInCNik, "Wafat Di C", "meninggal", "2026-08-02", ""],
      [nik("647205", 1, 1, 1960, 74), "Bukan Warga DTKS", "meninggal", "2026-07-01", ""],
      [nik("647205", 2, 1, 1960, 75), "Lahir", "lahir", "2026-07-01", ""],
      ["123", "NIK Pendek", "meninggal", "2026-07-01", ""],
      [nik("647205", 3, 1, 1960, 76), "Belum Terjadi", "meninggal", "2099-01-01", ""],
    ];
    const first = await importDukcapilEvents({
      ctx: as("dinsos"),
      input: { fileName: "dukcapil-okt.csv", bytes: file(events) },
    });
    expect(first).toMatchObject({ alreadyImported: false, rows: 7, events: 4, newEvents: 4, matched: 3 });
    expect(first.rejections.map((r) => [r.line, r.field])).toEqual([
      [6, "peristiwa"],
      [7, "nik"],
      [8, "tanggal"],
    ]);
    await expect(
      importDukcapilEvents({ ctx: as("operator"), input: { fileName: "x.csv", bytes: file(events) } }),
    ).rejects.toBeInstanceOf(AccessDenied);

    const dukcapil = async (who: Account) =>
      (await listSuggestions({ ctx: as(who), input: { per_kind: 200 } })).suggestions.filter((x) =>
        x.kind.startsWith("dukcapil_"),
      );
    const mine = await dukcapil("operator");
    const deathKey = `dukcapil-meninggal:${died}`;
    expect(mine.find((x) => x.key === deathKey)).toMatchObject({
      kind: "dukcapil_meninggal",
      household_id: two,
      kelurahan_code: A,
      proposal: {
        kind: "perubahan",
        change: { members: [{ op: "meninggal", person_id: died, death_date: "2026-10-01" }] },
      },
    });
    expect(mine.find((x) => x.key === `dukcapil-pindah:${moved}:2026-09-15`)).toMatchObject({
      kind: "dukcapil_pindah",
      proposal: { kind: "nonaktif", change: { reason: "pindah", destination: "Kota Balikpapan" } },
    });
    expect(mine.some((x) => x.person_name === "Wafat Di C")).toBe(false);
    expect((await dukcapil("operatorC")).map((x) => x.key)).toEqual([`dukcapil-meninggal:${diedInC}`]);
    expect(JSON.stringify(mine)).not.toContain(diedNik);

    await dismissSuggestion({ ctx: as("lurah"), input: { key: deathKey, reason: "sudah dicek: orang lain" } });
    // The same list again changes nothing; a newer list repeating the events adds nothing and brings nothing back.
    expect(
      await importDukcapilEvents({ ctx: as("dinsos"), input: { fileName: "dukcapil-okt.csv", bytes: file(events) } }),
    ).toMatchObject({ alreadyImported: true });
    const again = await importDukcapilEvents({
      ctx: as("admin"),
      input: { fileName: "dukcapil-nov.csv", bytes: file([...events.slice(0, 4)].reverse()) },
    });
    expect(again).toMatchObject({ alreadyImported: false, events: 4, newEvents: 0, matched: 3 });
    const after = (await dukcapil("operator")).map((x) => x.key);
    expect(after).not.toContain(deathKey);
    expect(after).toContain(`dukcapil-pindah:${moved}:2026-09-15`);
  });

  it("exports applied proposals for SIKS-NG with every field, and a later DTKS file marks each tercermin or tidak_tercermin", async () => {
    const { ctx } = fixture();
    const apply = async (input: ReturnType<typeof draft>) => {
      const created = await createProposal({ ctx: as("operator"), input });
      for (const [who, action] of PATH.diterapkan) await act(who, created!.id, action);
      return created!.id;
    };
    const moved = await freshHousehold();
    const addressId = await apply(addressChange(moved, "Jl. Usulan 5"));
    const gone = await freshHousehold();
    const goneId = await apply(
      draft({
        kind: "nonaktif",
        household_id: gone,
        change: { reason: "mampu" },
        rt_recommendation: { head_name: "Pak RT", date: "2026-11-20" },
      }),
    );
    const ids = await queryRows<{ dtks_id: string }>(
      ctx.db,
      sql`SELECT dtks_id FROM household WHERE id IN (${moved}, ${gone}) ORDER BY id`,
    );
    const [movedDtks, goneDtks] = ids.map((row) => row.dtks_id) as [string, string];

    await expect(exportProposalsForSiksNg({ ctx: as("lurah"), input: { format: "csv" } })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    const read = async (input: SiksNgExportInput) => {
      const file = await exportProposalsForSiksNg({ ctx: as("dinsos"), input });
      const table = readTable(file.fileName, file.body);
      return {
        file,
        headers: table.headers,
        rows: table.rows.map((r): Record<string, string> =>
          Object.fromEntries(table.headers.map((h, i) => [h, String(r.cells[i] ?? "")])),
        ),
      };
    };
    const masked = await read({ format: "xlsx" });
    expect(masked.headers).toEqual([...Object.keys(DTKS_COLUMNS), ...SIKSNG_PROPOSAL_COLUMNS]);
    const maskedRow = masked.rows.find((r) => r.id_usulan === String(addressId))!;
    expect(maskedRow.nik === "" || maskedRow.nik!.includes("*")).toBe(true);
    expect(JSON.stringify(masked.rows)).not.toMatch(/(?<!\d)\d{16}(?!\d)/);

    const full = await read({ format: "csv", fullNik: { reason: "entri SIKS-NG November" } });
    const byProposal = (id: number) => full.rows.filter((r) => r.id_usulan === String(id));
    expect(byProposal(addressId)[0]).toMatchObject({
      id_dtks: movedDtks,
      alamat: "Jl. Usulan 5",
      kode_kelurahan: A,
      status: "aktif",
      status_verval: "terverifikasi",
      jenis_usulan: "perubahan",
      alasan_usulan: "perubahan data rumah tangga",
    });
    expect(byProposal(goneId)[0]).toMatchObject({
      id_dtks: goneDtks,
      status: "nonaktif",
      alasan_nonaktif: "mampu",
      jenis_usulan: "nonaktif",
      alasan_usulan: "mampu",
    });
    for (const row of [...byProposal(addressId), ...byProposal(goneId)])
      for (const column of ["tgl_usulan", "tgl_disetujui_lurah", "tgl_diverifikasi", "tgl_diterapkan"])
        expect(row[column], column).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The file with full NIKs carries the register's NIKs (the deceased's, applied earlier), and its reason is in the log.
    expect(full.rows.some((r) => /^\d{16}$/.test(r.nik!))).toBe(true);
    const [audit] = await queryRows<{ detail: { full_nik: boolean; reason: string; proposals: number } }>(
      ctx.db,
      sql`SELECT detail FROM audit_log WHERE action = 'proposal_export' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.detail).toMatchObject({
      full_nik: true,
      reason: "entri SIKS-NG November",
      proposals: full.file.proposals,
    });

    // A national file for kelurahan A: the deactivation made it, the new address did not.
    const columns = Object.keys(DTKS_COLUMNS);
    const national = [movedDtks, goneDtks].flatMap((dtks) =>
      full.rows
        .filter((r) => r.id_dtks === dtks)
        .map((r) => {
          const row: Record<string, string | undefined> = {
            ...r,
            alamat: dtks === movedDtks ? "Jl. Uji" : r.alamat,
            tgl_verval: "2026-11-30",
          };
          return columns.map((c) => row[c] ?? "");
        }),
    );
    const report = await importDtks({
      ctx: as("dinsos"),
      input: { fileName: "dtks-desember.csv", bytes: new TextEncoder().encode(writeCsv([columns, ...national])) },
    });
    expect(report.proposals.tidak_tercermin).toBeGreaterThanOrEqual(1);
    const addressDetail = await getProposal({ ctx: as("dinsos"), input: { id: addressId } });
    expect(addressDetail!.national).toMatchObject({
      check: "tidak_tercermin",
      batch_id: report.batchId,
      differences: ['alamat: data nasional "Jl. Uji", usulan "Jl. Usulan 5"'],
    });
    expect((await getProposal({ ctx: as("dinsos"), input: { id: goneId } }))!.national).toMatchObject({
      check: "tercermin",
      differences: [],
    });
    const listed = await listProposals({ ctx: as("dinsos"), input: { national: "tidak_tercermin", open: false } });
    expect(listed.map((p) => p.id)).toContain(addressId);
    expect(listed.map((p) => p.id)).not.toContain(goneId);
  });
});
