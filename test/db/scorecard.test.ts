import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { todayInWita } from "@/lib/format";
import {
  operatorScorecards,
  readScorecard,
  SCORECARD_FIGURE_KEYS,
  sumCounts,
  type ScorecardCounts,
} from "@/lib/scorecard";
import { dismissSuggestion, listSuggestions } from "@/lib/verval";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors, insertBatch, insertHousehold, insertMember, insertReceipt } from "../helpers/factories";

// A hand-built register whose every scorecard figure is worked out below.
const KECAMATAN = "64.72.05";
const A = "64.72.05.1004"; // kelurahan A
const B = "64.72.05.1002"; // kelurahan B, same kecamatan
const C = "64.72.01.1001"; // kelurahan C, another kecamatan
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

describeEachEngine("the scorecard (rapor data) on a hand-built register", (fixture) => {
  let operatorId = 0;
  const recipientsImportedAt = daysAgo(3);

  async function load(ctx: Context) {
    const dtks = await insertBatch(ctx.db, { kind: "dtks", finishedAt: daysAgo(20), startedAt: daysAgo(20) });
    const recipients = await insertBatch(ctx.db, {
      kind: "penerima",
      finishedAt: recipientsImportedAt,
      startedAt: recipientsImportedAt,
    });
    // A: four households. 1 verified 20 days ago, located as declared; 2 a malformed No. KK, no
    // geotag; 3 located in another kelurahan; 4 no No. KK, no geotag.
    const a = [
      { noKkCheck: "valid", locationStatus: "sesuai", vervalDate: daysAgo(20).toISOString().slice(0, 10) },
      { noKkCheck: "malformed", locationStatus: "tanpa_geotag" },
      { noKkCheck: "valid", locationStatus: "tidak_sesuai" },
      { noKkCheck: "missing", locationStatus: "tanpa_geotag" },
    ] as const;
    const ids: number[] = [];
    for (const [i, h] of a.entries()) {
      const { id } = await insertHousehold(ctx.db, {
        dtksId: `SC-A${i + 1}`,
        effectiveKelurahanCode: A,
        declaredKelurahanCode: A,
        importBatchId: dtks.id,
        noKk: h.noKkCheck === "missing" ? null : "6472050101260001",
        ...h,
      });
      ids.push(id);
    }
    // Six members in A: two invalid NIKs, one without a birth date.
    const members = [
      { householdId: ids[0]!, nik: "6472054101800001", nikCheck: "valid", birthDate: "1980-01-01" },
      { householdId: ids[0]!, nik: "6472050101800002", nikCheck: "valid", birthDate: "1980-01-01" },
      { householdId: ids[1]!, nik: "123", nikCheck: "malformed", birthDate: "1975-05-05" },
      { householdId: ids[2]!, nik: null, nikCheck: "missing", birthDate: "1990-02-02" },
      { householdId: ids[2]!, nik: "6472050202900003", nikCheck: "valid", birthDate: null },
      { householdId: ids[3]!, nik: "6472050303950004", nikCheck: "valid", birthDate: "1995-03-03" },
    ] as const;
    for (const m of members) await insertMember(ctx.db, m);
    // B: two households, every figure clean; C: one household.
    let serial = 10;
    for (const [code, n] of [
      [B, 2],
      [C, 1],
    ] as const) {
      for (let i = 0; i < n; i++) {
        serial++;
        const { id } = await insertHousehold(ctx.db, {
          effectiveKelurahanCode: code,
          declaredKelurahanCode: code,
          noKk: `64720501012600${serial}`,
          noKkCheck: "valid",
          locationStatus: "sesuai",
          importBatchId: dtks.id,
        });
        await insertMember(ctx.db, {
          householdId: id,
          nik: `64720504048500${serial}`,
          nikCheck: "valid",
          birthDate: "1985-04-04",
        });
      }
    }
    // Lists naming A: PKH up to 2026-10, BPNT up to 2026-09, imported three days ago.
    for (const [program, period] of [
      ["PKH", "2026-09"],
      ["PKH", "2026-10"],
      ["BPNT", "2026-09"],
    ] as const)
      await insertReceipt(ctx.db, {
        importBatchId: recipients.id,
        programCode: program,
        period,
        kelurahanCode: A,
        nik: "6472050101800002",
        nikCheck: "valid",
      });
    // Proposals of A: one waiting on the lurah for 10 days (over the 7-day SLA), one since today,
    // one approved yesterday, one applied 5 days ago, one applied 40 days ago.
    const { operator } = await insertActors(ctx.db, { operator: { role: "operator", areas: [A] } });
    operatorId = operator.userId;
    await ctx.db.execute(sql`INSERT INTO user_area (user_id, area_code) VALUES (${operatorId}, ${A})`);
    const proposal = async (state: string, changedDaysAgo: number) =>
      ctx.db.execute(sql`
        INSERT INTO proposal (kabkota_code, kind, state, household_id, kelurahan_code, change, author_id, state_changed_at, created_at)
        VALUES ('64.72', 'perubahan', ${state}::proposal_state, ${ids[0]!}, ${A}, '{}'::jsonb, ${operatorId},
                ${daysAgo(changedDaysAgo).toISOString()}::timestamptz, ${daysAgo(changedDaysAgo).toISOString()}::timestamptz)`);
    await proposal("diajukan", 10);
    await proposal("diajukan", 0);
    await proposal("disetujui_lurah", 1);
    await proposal("diterapkan", 5);
    await proposal("diterapkan", 40);
    await proposal("draf", 2);
    // Refused rows of the last 90 days: two name A (by name, in any case), one names B by code,
    // one names nothing; one of 100 days ago names A and is too old.
    const [names] = await queryRows<{ a: string }>(ctx.db, sql`SELECT name AS a FROM area WHERE code = ${A}`);
    const refusedNow = await insertBatch(ctx.db, { kind: "dtks", status: "selesai", startedAt: daysAgo(2) });
    const refusedOld = await insertBatch(ctx.db, { kind: "dtks", status: "selesai", startedAt: daysAgo(100) });
    const reject = (batch: number, row: number, raw: Record<string, string>) =>
      ctx.db.execute(sql`
        INSERT INTO import_rejection (kabkota_code, import_batch_id, row_number, reason, raw)
        VALUES ('64.72', ${batch}, ${row}, 'uji', ${JSON.stringify(raw)}::jsonb)`);
    await reject(refusedNow.id, 2, { KELURAHAN: names!.a.toUpperCase(), NIK: "1" });
    await reject(refusedNow.id, 3, { kelurahan: ` ${names!.a} ` });
    await reject(refusedNow.id, 4, { kode_kelurahan: B });
    await reject(refusedNow.id, 5, { catatan: "tanpa wilayah" });
    await reject(refusedOld.id, 2, { KELURAHAN: names!.a });
    // Snapshots of A's figures: 31 days ago (a month earlier), and 10 and 50 days ago (neither).
    const snapshot = (days: number, figures: Record<string, number | null>) =>
      ctx.db.execute(sql`
        INSERT INTO scorecard_snapshot (kabkota_code, area_code, taken_on, figures)
        VALUES ('64.72', ${A}, ${todayInWita(daysAgo(days))}::date, ${JSON.stringify(figures)}::jsonb)`);
    await snapshot(31, { nik_invalid_rate: 50, proposals_waiting: 1, applied_30_days: null });
    await snapshot(10, { nik_invalid_rate: 10, proposals_waiting: 9 });
    await snapshot(50, { nik_invalid_rate: 90, proposals_waiting: 0 });
  }

  beforeAll(async () => {
    // The demo city's areas (kecamatan, kelurahan, RT) without a household.
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
    await load(fixture().ctx);
  });

  it("works out every figure of a kelurahan, its rank among the kecamatan's kelurahan, and its change since a month earlier", async () => {
    const { ctx } = fixture();
    const card = (await readScorecard({ ctx, input: { code: A } }))!;
    expect(card.area.counts).toEqual({
      households: 4,
      persons: 6,
      last_import_at: recipientsImportedAt.toISOString(),
      last_verval_on: todayInWita(daysAgo(5)),
      latest_periods: { BPNT: "2026-09", PKH: "2026-10" },
      proposals_diajukan: 2,
      proposals_disetujui_lurah: 1,
      proposals_diverifikasi: 0,
      proposals_overdue: 1,
      // Two invalid No. KK, two invalid NIKs, one location in another kelurahan.
      suggestions_open: 5,
      applied_30_days: 1,
      nik_invalid: 2,
      kk_invalid: 2,
      without_geotag: 2,
      geotagged: 2,
      location_mismatch: 1,
      refused_rows_90_days: 2,
      no_birth_date: 1,
    } satisfies ScorecardCounts);
    const value = (key: (typeof SCORECARD_FIGURE_KEYS)[number]) => card.area.figures[key].value;
    expect(Object.fromEntries(SCORECARD_FIGURE_KEYS.map((key) => [key, value(key)]))).toEqual({
      days_since_import: 3,
      days_since_verval: 5,
      proposals_waiting: 3,
      proposals_overdue: 1,
      suggestions_open: 5,
      applied_30_days: 1,
      nik_invalid_rate: 33.3,
      kk_invalid_rate: 50,
      without_geotag_rate: 50,
      location_mismatch_rate: 50,
      refused_rows_90_days: 2,
      no_birth_date_rate: 16.7,
    });
    // The snapshot of 31 days ago, not those of 10 or 50 days ago.
    expect(card.compared_with).toBe(todayInWita(daysAgo(31)));
    expect(card.area.figures.nik_invalid_rate.change).toBe(-16.7);
    expect(card.area.figures.proposals_waiting.change).toBe(2);
    expect(card.area.figures.applied_30_days.change).toBeNull();
    expect(card.area.figures.kk_invalid_rate.change).toBeNull();

    // Ranks among the kecamatan's kelurahan: B is clean and first; kelurahan without households
    // have no rate and rank after both.
    const siblings = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM area WHERE parent_code = ${KECAMATAN} AND level = 'kelurahan'`,
    );
    expect(card.siblings).toBe(siblings[0]!.n);
    expect(card.area.figures.nik_invalid_rate.rank).toBe(2);
    expect(card.area.figures.applied_30_days.rank).toBe(1);
    // Three waiting, every other kelurahan none: A is last.
    expect(card.area.figures.proposals_waiting.rank).toBe(siblings[0]!.n);
    const b = (await readScorecard({ ctx, input: { code: B } }))!;
    expect(b.area.figures.nik_invalid_rate).toEqual({ value: 0, rank: 1, change: null });
    expect(b.area.counts.refused_rows_90_days).toBe(1);
  });

  it("rolls kelurahan up to the kecamatan and the city by sums, the city also holding refused rows that name no kelurahan", async () => {
    const { ctx } = fixture();
    const city = (await readScorecard({ ctx, input: { code: "64.72" } }))!;
    const kecamatan = (await readScorecard({ ctx, input: { code: KECAMATAN } }))!;
    const kelurahanOf = (code: string) => city.kelurahan.filter((k) => k.code.startsWith(`${code}.`));
    const additive = (c: ScorecardCounts) => {
      const { last_import_at: _a, last_verval_on: _v, latest_periods: _p, ...counts } = c;
      return counts;
    };
    expect(kecamatan.area.counts).toEqual(sumCounts(kelurahanOf(KECAMATAN).map((k) => k.counts)));
    expect(kecamatan.kelurahan.map((k) => k.code)).toEqual(kelurahanOf(KECAMATAN).map((k) => k.code));
    for (const k of city.kecamatan) expect(k.counts).toEqual(sumCounts(kelurahanOf(k.code).map((x) => x.counts)));
    const sum = sumCounts(city.kecamatan.map((k) => k.counts));
    expect(additive(city.area.counts)).toEqual({
      ...additive(sum),
      refused_rows_90_days: sum.refused_rows_90_days + 1,
    });
    expect(city.area.counts).toMatchObject({ households: 7, persons: 9, refused_rows_90_days: 4, suggestions_open: 5 });
    // A figure of a roll-up is that of its sums, not an average of its kelurahan's figures.
    expect(kecamatan.area.figures.nik_invalid_rate.value).toBe(25);
    expect(kecamatan.area.figures.without_geotag_rate.value).toBe(33.3);
    expect(city.area.figures.nik_invalid_rate.value).toBe(22.2);
  });

  it("keeps one snapshot per area and day, and scopes the scorecard and the operators to the account's areas", async () => {
    const { ctx } = fixture();
    const today = todayInWita();
    const taken = await queryRows<{ n: number; areas: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n, count(DISTINCT area_code)::int AS areas FROM scorecard_snapshot WHERE taken_on = ${today}::date`,
    );
    expect(taken[0]!.n).toBe(taken[0]!.areas);
    expect(taken[0]!.n).toBeGreaterThan(10);
    const { lurah, camat } = await insertActors(ctx.db, {
      lurah: { role: "lurah", areas: [A] },
      camat: { role: "camat", areas: [KECAMATAN] },
    });
    expect(await readScorecard({ ctx: { ...ctx, actor: lurah }, input: { code: B } })).toBeNull();
    expect(await readScorecard({ ctx: { ...ctx, actor: lurah }, input: { code: KECAMATAN } })).toBeNull();
    expect((await readScorecard({ ctx: { ...ctx, actor: lurah }, input: { code: A } }))!.area.code).toBe(A);
    const camatCard = (await readScorecard({ ctx: { ...ctx, actor: camat }, input: { code: KECAMATAN } }))!;
    expect(camatCard.kelurahan.every((k) => k.code.startsWith(`${KECAMATAN}.`))).toBe(true);
    expect(await readScorecard({ ctx: { ...ctx, actor: camat }, input: { code: "64.72" } })).toBeNull();

    const operators = await operatorScorecards({ ctx: { ...ctx, actor: camat }, input: { code: KECAMATAN } });
    const mine = operators.find((o) => o.areas.includes(A) && o.drafts === 1)!;
    expect(mine).toMatchObject({
      drafts: 1,
      submitted_30_days: 4,
      applied_30_days: 1,
      returned_30_days: 0,
      overdue: 1,
    });
    expect(await operatorScorecards({ ctx: { ...ctx, actor: camat }, input: { code: "64.72.01" } })).toEqual([]);
  });

  it("counts again once a write moves the data or the verval version, never serving what it kept before", async () => {
    const { ctx } = fixture();
    const before = (await readScorecard({ ctx, input: { code: A } }))!.area.counts;
    const { dinsos } = await insertActors(ctx.db, { dinsos: { role: "dinsos", areas: ["64.72"] } });
    const signedIn = { ...ctx, actor: dinsos };
    // A dismissal moves only the verval version: the suggestion leaves the count.
    const [open] = (await listSuggestions({ ctx: signedIn, input: { per_kind: 50 } })).suggestions.filter(
      (s) => s.kelurahan_code === A,
    );
    await dismissSuggestion({ ctx: signedIn, input: { key: open!.key, reason: "Sudah diperiksa di lapangan" } });
    const afterDismissal = (await readScorecard({ ctx, input: { code: A } }))!.area.counts;
    expect(afterDismissal.suggestions_open).toBe(before.suggestions_open - 1);
    // A member added moves the data version: persons and the rates follow.
    const [household] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT id::int AS id FROM household WHERE dtks_id = 'SC-A1'`,
    );
    await insertMember(ctx.db, { householdId: household!.id, nik: "6472054101800099", nikCheck: "valid" });
    const afterMember = (await readScorecard({ ctx, input: { code: A } }))!.area.counts;
    expect(afterMember).toMatchObject({ persons: before.persons + 1, no_birth_date: before.no_birth_date + 1 });
  });
});
