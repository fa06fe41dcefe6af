import { sql } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { PairState } from "@/db/schema/vocabulary";
import {
  householdForRole,
  placeInScope,
  recordHouseholdRead,
  type HouseholdRecord,
  type HouseholdView,
  type PersonRecord,
} from "@/lib/access";
import type { Context } from "@/lib/context";
import { formatDateTime, formatPeriod, formatRupiah } from "@/lib/format";
import { matchLabel } from "@/lib/linkage";

import { householdFacts, programPairs, receiptFacts } from "./facts";
import { anyAnalysisArea, eligibleMaxDesil } from "./scope";
import { resolveWindow, type AnalysisWindow } from "./window";

/** One household as the actor's role may see it (`householdForRole`), with what the counts say of it. */
export interface HouseholdExplanation extends HouseholdView {
  id: number;
  dtks_id: string;
  kabkota_code: string;
  kelurahan_code: string | null;
  rt_code: string | null;
  declared_kelurahan_code: string | null;
  location_status: string;
  window: AnalysisWindow;
  /** What the window's counts say of this household, and why, in Bahasa Indonesia. */
  counts_as: {
    eligible: boolean;
    receiving: boolean;
    stacked: boolean;
    conflicting: boolean;
    uncovered: boolean;
    never_covered: boolean;
  };
  reasons: string[];
  programs_in_window: string[];
  /** Rupiah of the household's receipts in the window (missing nominal counts 0), and how many had none. */
  aid_amount: number;
  receipts_without_amount: number;
  conflicting_pairs: Array<{ programs: [string, string]; note: string | null }>;
  /** Every pair of the window's programs with its state: why the household is stacked or not. */
  program_pairs: Array<{ programs: [string, string]; state: PairState; note: string | null }>;
  /** Each program's desil rule against this household's desil. */
  program_rules: Array<{ program: string; max_desil: number | null; within: boolean | null }>;
  receipts: Array<{
    program: string;
    period: string;
    amount: number | null;
    match_method: string | null;
    /** How the receipt found this household, in words: "NIK", "No. KK", "tautan otomatis, skor 0,97", "tautan dikonfirmasi oleh … pada …". */
    matched_by: string;
    in_window: boolean;
    errors: string[];
  }>;
  /** The register's earlier states, newest first, through the same projection as the live record. */
  history: Array<{
    changed_at: string;
    /** What made the change: "diterapkan dari usulan #12, diverifikasi oleh … pada …", or the DTKS file. */
    source: string;
    /** The verval proposal that made it, if one did. */
    proposal_id: number | null;
    previous: HouseholdView & { declared_kelurahan_code: string | null; declared_rt_code: string | null };
  }>;
}

const ERROR_LABELS = {
  deceased: "meninggal",
  nonaktif: "nonaktif",
  invalid_nik: "NIK tidak sah",
  paid_twice: "dibayar dua kali",
} as const;

/**
 * One household as the counts see it: members, every receipt with its inclusion errors, the
 * window's verdicts (from the same facts the counts read) with their reasons, the programs' desil
 * rules and the register's history. Members, No. KK and history pass through `householdForRole`:
 * masked, and left out for a role without `person_details`. Every read is written to the audit
 * log (the household, never a NIK). Null when no such household, or when it lies outside the
 * actor's scope.
 */
export async function explainHousehold({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number; from?: string; to?: string };
}): Promise<HouseholdExplanation | null> {
  const [household] = await queryRows<{
    id: number;
    dtks_id: string;
    kabkota_code: string;
    kelurahan_code: string | null;
    rt_code: string | null;
    declared_kelurahan_code: string | null;
    location_status: string;
    no_kk: string | null;
    desil: number | null;
    status: string;
    nonaktif_reason: string | null;
    verval_status: string;
  }>(
    ctx.db,
    sql`SELECT id::int AS id, dtks_id, kabkota_code, effective_kelurahan_code AS kelurahan_code, effective_rt_code AS rt_code,
               declared_kelurahan_code, location_status, no_kk, desil, status, nonaktif_reason, verval_status
        FROM household WHERE id = ${input.id}`,
  );
  // Out of the actor's scope answers as if there were no such household.
  if (!household || !placeInScope(ctx.actor, household.kelurahan_code, household.rt_code)) return null;
  await recordHouseholdRead(ctx, household);
  const area =
    (household.kelurahan_code && (await anyAnalysisArea(ctx, household.kelurahan_code))) ||
    (await anyAnalysisArea(ctx, household.kabkota_code));
  if (!area) return null;
  const window = await resolveWindow({
    ctx,
    input: { kabkotaCode: household.kabkota_code, from: input.from, to: input.to },
  });
  const maxDesil = await eligibleMaxDesil(ctx);
  const [facts] = await queryRows<{
    eligible: boolean;
    programs: string[] | null;
    stacked: boolean;
    conflicting: boolean;
    received_ever: boolean;
  }>(
    ctx.db,
    sql`WITH f AS (${householdFacts(area, window, maxDesil)}) SELECT eligible, programs, stacked, conflicting, received_ever FROM f WHERE id = ${household.id}`,
  );
  const programs = facts?.programs ?? [];
  const programPairsOfWindow = await queryRows<{ a: string; b: string; state: PairState; note: string | null }>(
    ctx.db,
    sql`SELECT p.* FROM (${programPairs(sqlArray(programs, "text"))}) p ORDER BY p.a, p.b`,
  );
  const pairs = programPairsOfWindow.filter((pair) => pair.state === "melanggar_aturan");
  const rules = await queryRows<{ program: string; max_desil: number | null }>(
    ctx.db,
    sql`SELECT code AS program, max_desil FROM program WHERE active ORDER BY code`,
  );
  const members = await queryRows<PersonRecord>(
    ctx.db,
    sql`SELECT nik, nik_check, name, sex, relation, birth_date::text, death_date::text FROM person
        WHERE kabkota_code = ${household.kabkota_code} AND household_id = ${household.id} ORDER BY id`,
  );
  // Every period held, through the same receipt facts the counts read.
  const allPeriods = { from: "0001-01", to: "9999-12" };
  const receipts = await queryRows<
    {
      program: string;
      period: string;
      amount: number | null;
      match_method: string | null;
      match_score: number | null;
      decided_by_name: string | null;
      decided_at: string | null;
      in_window: boolean;
    } & Record<keyof typeof ERROR_LABELS, boolean>
  >(
    ctx.db,
    sql`
      SELECT f.program_code AS program, f.period, f.amount::int AS amount, f.match_method::text,
             ar.match_score::float8 AS match_score, coalesce(u.display_name, u.username) AS decided_by_name,
             q.decided_at::text AS decided_at,
             f.period BETWEEN ${window.from} AND ${window.to} AS in_window, f.deceased, f.nonaktif, f.invalid_nik, f.paid_twice
      FROM (${receiptFacts(area, allPeriods, { householdId: household.id })}) f
      JOIN aid_receipt ar ON ar.kabkota_code = ${household.kabkota_code} AND ar.id = f.id
      LEFT JOIN linkage_pair q ON q.kabkota_code = ar.kabkota_code AND q.fingerprint = ar.link_fingerprint
                              AND ar.match_method = 'tautan_dikonfirmasi'
      LEFT JOIN app_user u ON u.id = q.decided_by
      ORDER BY f.period, f.program_code, f.id`,
  );
  // A snapshot's keys picked one by one (its address and geotag stay in the table).
  const history = await queryRows<
    HouseholdRecord & {
      changed_at: string;
      declared_kelurahan_code: string | null;
      declared_rt_code: string | null;
      proposal_id: number | null;
      verified_by: string | null;
      verified_at: string | null;
      import_file: string | null;
    }
  >(
    ctx.db,
    sql`SELECT changed_at::text, hh.proposal_id::int AS proposal_id, v.verified_by, v.verified_at, b.file_name AS import_file,
               previous->>'no_kk' AS no_kk, previous->>'kelurahan_code' AS declared_kelurahan_code,
               previous->>'rt_code' AS declared_rt_code, (previous->>'desil')::int AS desil, previous->>'status' AS status,
               previous->>'nonaktif_reason' AS nonaktif_reason, previous->>'verval_status' AS verval_status,
               coalesce(previous->'members', '[]'::jsonb) AS members
        FROM household_history hh
        LEFT JOIN import_batch b ON b.id = hh.import_batch_id
        LEFT JOIN LATERAL (
          SELECT u.display_name AS verified_by, ph.at::text AS verified_at
          FROM proposal_history ph LEFT JOIN app_user u ON u.id = ph.actor_id
          WHERE ph.kabkota_code = hh.kabkota_code AND ph.proposal_id = hh.proposal_id AND ph.action = 'verifikasi'
          ORDER BY ph.id DESC LIMIT 1
        ) v ON true
        WHERE hh.kabkota_code = ${household.kabkota_code} AND hh.household_id = ${household.id} ORDER BY changed_at DESC, hh.id DESC`,
  );

  const eligible = facts?.eligible ?? false;
  const receiving = programs.length > 0;
  const reasons: string[] = [];
  if (household.status !== "aktif")
    reasons.push(`Tidak layak: status nonaktif (${household.nonaktif_reason ?? "tanpa alasan"}).`);
  if (household.verval_status !== "terverifikasi") reasons.push("Tidak layak: belum terverifikasi (verval).");
  if (household.desil === null) reasons.push("Tidak layak: desil tidak diketahui.");
  else if (household.desil > maxDesil) reasons.push(`Tidak layak: desil ${household.desil} di atas batas ${maxDesil}.`);
  if (eligible) reasons.push(`Layak: aktif, terverifikasi, desil ${household.desil} ≤ ${maxDesil}.`);
  const inWindow = receipts.filter((receipt) => receipt.in_window);
  const aidAmount = inWindow.reduce((sum, receipt) => sum + (receipt.amount ?? 0), 0);
  const withoutAmount = inWindow.filter((receipt) => receipt.amount === null).length;
  if (receiving)
    reasons.push(
      `Menerima ${programs.join(", ")} dalam ${formatPeriod(window.from)} s.d. ${formatPeriod(window.to)}, senilai ${formatRupiah(aidAmount)}${withoutAmount > 0 ? ` (${withoutAmount} penerimaan tanpa nominal)` : ""}.`,
    );
  const note = (pair: { note: string | null }) => (pair.note ? ` — ${pair.note}` : "");
  for (const pair of programPairsOfWindow) {
    if (pair.state === "pelengkap") reasons.push(`Pelengkap (bukan tumpukan): ${pair.a} dan ${pair.b}${note(pair)}`);
  }
  const unsettled = programPairsOfWindow.filter((pair) => pair.state === "belum_diatur");
  if (facts?.stacked) {
    const named = [...pairs, ...unsettled].map((pair) => `${pair.a} + ${pair.b}`).join(", ");
    reasons.push(`Bertumpuk: pasangan yang tidak boleh atau belum diatur boleh bersama (${named}).`);
  }
  for (const pair of pairs) reasons.push(`Melanggar aturan: ${pair.a} dan ${pair.b}${note(pair)}`);
  if (eligible && !receiving)
    reasons.push(
      facts?.received_ever ? "Belum menerima apa pun dalam jendela." : "Tidak pernah menerima bantuan apa pun.",
    );

  return {
    id: household.id,
    dtks_id: household.dtks_id,
    kabkota_code: household.kabkota_code,
    kelurahan_code: household.kelurahan_code,
    rt_code: household.rt_code,
    declared_kelurahan_code: household.declared_kelurahan_code,
    location_status: household.location_status,
    ...householdForRole({ ...household, members }, ctx.actor),
    window,
    counts_as: {
      eligible,
      receiving,
      stacked: facts?.stacked ?? false,
      conflicting: facts?.conflicting ?? false,
      uncovered: eligible && !receiving,
      never_covered: eligible && !(facts?.received_ever ?? false),
    },
    reasons,
    programs_in_window: programs,
    aid_amount: aidAmount,
    receipts_without_amount: withoutAmount,
    conflicting_pairs: pairs.map((pair) => ({ programs: [pair.a, pair.b], note: pair.note })),
    program_pairs: programPairsOfWindow.map((pair) => ({
      programs: [pair.a, pair.b],
      state: pair.state,
      note: pair.note,
    })),
    program_rules: rules.map((rule) => ({
      program: rule.program,
      max_desil: rule.max_desil,
      within: rule.max_desil === null || household.desil === null ? null : household.desil <= rule.max_desil,
    })),
    receipts: receipts.map(
      ({ deceased, nonaktif, invalid_nik, paid_twice, match_score, decided_by_name, decided_at, ...receipt }) => ({
        ...receipt,
        matched_by: matchLabel({ match_method: receipt.match_method, match_score, decided_by_name, decided_at }),
        errors: (
          Object.entries({ deceased, nonaktif, invalid_nik, paid_twice }) as Array<[keyof typeof ERROR_LABELS, boolean]>
        )
          .filter(([, flagged]) => flagged)
          .map(([key]) => ERROR_LABELS[key]),
      }),
    ),
    history: history.map((entry) => ({
      changed_at: entry.changed_at,
      proposal_id: entry.proposal_id,
      source:
        entry.proposal_id !== null
          ? `diterapkan dari usulan #${entry.proposal_id}${entry.verified_by ? `, diverifikasi oleh ${entry.verified_by} pada ${formatDateTime(entry.verified_at)}` : ""}`
          : entry.import_file
            ? `impor DTKS ${entry.import_file}`
            : "perubahan data",
      previous: {
        declared_kelurahan_code: entry.declared_kelurahan_code,
        declared_rt_code: entry.declared_rt_code,
        ...householdForRole(entry, ctx.actor),
      },
    })),
  };
}
