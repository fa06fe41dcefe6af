import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import {
  NATIONAL_CHECKS,
  NONAKTIF_REASONS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATES,
  type NationalCheck,
  type NikCheck,
  type ProposalKind,
  type ProposalState,
} from "@/db/schema/vocabulary";
import { AccessDenied, assertCan, placeInScope, placeScopeSql, recordAudit } from "@/lib/access";
import { homeKabkotaCode, kecamatanLookup } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { checkNik, maskIdNumber } from "@/lib/nik";
import { readSettings, TUNABLE_SETTINGS } from "@/lib/settings";

import { applyProposal } from "./apply";
import { proposalDraft, type ProposalDraft } from "./change";
import { describeChange } from "./describe";
import { householdState, type HouseholdState } from "./snapshot";
import { availableActions, OPEN_STATES, PROPOSAL_ACTIONS, refusal, transitionOf, type ProposalAction } from "./states";

/** A proposal as lists show it. */
export interface ProposalSummary {
  id: number;
  kind: ProposalKind;
  state: ProposalState;
  kelurahan_code: string;
  kelurahan_name: string | null;
  rt_code: string | null;
  household_id: number | null;
  dtks_id: string | null;
  /** One line: what it asks (the reason, or the first member's name for a new household). */
  title: string;
  author: string | null;
  author_id: number;
  created_at: string;
  state_changed_at: string;
  days_in_state: number;
  /** Waiting on the lurah or Dinas Sosial longer than the SLA setting allows. */
  overdue: boolean;
  lon: number | null;
  lat: number | null;
}

export interface ProposalDetail extends ProposalSummary {
  reason: string | null;
  /** What the register should become; NIK and No. KK masked. */
  change: unknown;
  /** The same in sentences (describe.ts). */
  description: string[];
  /** The NIK checks of the members a `baru` proposal or a correction names (shown, never blocking). */
  nik_checks: Array<{ name: string; nik: string | null; check: NikCheck }>;
  rt_recommendation: { rw: string | null; rt: string | null; head_name: string | null; date: string | null };
  note: string | null;
  suggestion_key: string | null;
  history: Array<{
    action: string;
    from: ProposalState | null;
    to: ProposalState;
    by: string | null;
    at: string;
    note: string | null;
  }>;
  photos: Array<{ id: number; kind: string; size: number; uploaded_at: string }>;
  /** The musyawarah kelurahan that discussed it (a `baru` proposal needs one before the lurah approves). */
  muskel: { id: number; held_on: string; attendance: number } | null;
  /** Whether the latest DTKS/DTSEN file covering its kelurahan agrees with it (applied proposals only). */
  national: { check: NationalCheck; differences: string[]; checked_at: string; batch_id: number } | null;
  /** What the asking account may do now. */
  actions: ProposalAction[];
}

const summaryColumns = (actor: Context["actor"]) => sql`
  p.id::int AS id, p.kind, p.state, p.kelurahan_code, a.name AS kelurahan_name, p.rt_code, p.household_id::int AS household_id,
  coalesce(h.dtks_id, 'TEPAT-' || p.id) AS dtks_id, p.reason, p.change, u.display_name AS author, p.author_id::int AS author_id,
  to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at,
  to_char(p.state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS state_changed_at,
  (${sql`(now() AT TIME ZONE 'Asia/Makassar')::date - (p.state_changed_at AT TIME ZONE 'Asia/Makassar')::date`})::int AS days_in_state,
  ST_X(p.geotag) AS lon, ST_Y(p.geotag) AS lat,
  ${placeScopeSql(actor, sql`p.kelurahan_code`, sql`p.rt_code`)} AS in_scope`;
const summaryFrom = sql`
  proposal p
  LEFT JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
  LEFT JOIN area a ON a.code = p.kelurahan_code
  LEFT JOIN app_user u ON u.id = p.author_id`;

interface SummaryRow extends Omit<ProposalSummary, "title" | "overdue"> {
  reason: string | null;
  change: Record<string, unknown>;
  in_scope: boolean;
}

/** Days a proposal may wait in each stage before it is overdue (settings `sla_lurah_days`, `sla_dinsos_days`). */
export async function slaLimits(ctx: Context): Promise<Partial<Record<ProposalState, number>>> {
  const { sla_lurah_days, sla_dinsos_days } = await readSettings(ctx, {
    sla_lurah_days: TUNABLE_SETTINGS.sla_lurah_days,
    sla_dinsos_days: TUNABLE_SETTINGS.sla_dinsos_days,
  });
  return { diajukan: sla_lurah_days, disetujui_lurah: sla_dinsos_days, diverifikasi: sla_dinsos_days };
}

function titleOf(row: SummaryRow): string {
  const change = row.change as { members?: Array<{ name?: string; op?: string }>; why?: string };
  switch (row.kind) {
    case "baru":
      return `Rumah tangga baru: ${change.members?.[0]?.name ?? "tanpa nama"}`;
    case "nonaktif":
      return `Nonaktifkan: ${row.reason ?? "–"}`;
    case "aktif_kembali":
      return "Aktifkan kembali";
    case "perubahan": {
      const ops = (change.members ?? []).map((m) => m.op).filter(Boolean);
      return `Perubahan data${ops.length ? `: anggota ${[...new Set(ops)].join(", ")}` : ""}`;
    }
  }
}

function summaryOf(row: SummaryRow, limits: Partial<Record<ProposalState, number>>): ProposalSummary {
  const limit = limits[row.state];
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    kelurahan_code: row.kelurahan_code,
    kelurahan_name: row.kelurahan_name,
    rt_code: row.rt_code,
    household_id: row.household_id,
    dtks_id: row.dtks_id,
    title: titleOf(row),
    author: row.author,
    author_id: row.author_id,
    created_at: row.created_at,
    state_changed_at: row.state_changed_at,
    days_in_state: row.days_in_state,
    overdue: limit !== undefined && row.days_in_state > limit,
    lon: row.lon,
    lat: row.lat,
  };
}

/** NIK and No. KK in a change, masked wherever they stand. */
function maskedChange(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskedChange);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        (key === "nik" || key === "no_kk") && typeof v === "string" ? maskIdNumber(v) : maskedChange(v),
      ]),
    );
  return value;
}

/** A proposal row in the actor's scope, or null (unknown and out of scope answer alike: 404). */
async function proposalRow(ctx: Context, id: number) {
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<
    SummaryRow & {
      base: HouseholdState | null;
      rt_rw: string | null;
      rt_number: string | null;
      rt_head_name: string | null;
      rt_recommended_on: string | null;
      note: string | null;
      suggestion_key: string | null;
      kabkota_code: string;
      muskel_id: number | null;
      muskel_held_on: string | null;
      muskel_attendance: number | null;
      national_check: NationalCheck | null;
      national_differences: string[] | null;
      national_checked_at: string | null;
      national_batch_id: number | null;
    }
  >(
    ctx.db,
    sql`SELECT ${summaryColumns(ctx.actor)}, p.base, p.rt_rw, p.rt_number, p.rt_head_name, p.rt_recommended_on::text, p.note,
               p.suggestion_key, p.kabkota_code, p.muskel_id::int AS muskel_id, m.held_on::text AS muskel_held_on,
               m.attendance AS muskel_attendance, p.national_check, p.national_differences,
               to_char(p.national_checked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS national_checked_at,
               p.national_batch_id::int AS national_batch_id
        FROM ${summaryFrom} LEFT JOIN muskel m ON m.kabkota_code = p.kabkota_code AND m.id = p.muskel_id
        WHERE p.kabkota_code = ${kabkota} AND p.id = ${id}`,
  );
  return row && row.in_scope ? row : null;
}

export const proposalIdParam = z.object({
  id: z.coerce.number().int().positive({ error: "nomor usulan tidak valid" }),
});

/** One proposal with its history, photos and the actions the actor may take; every read is logged. Null when unknown or out of scope. */
export async function getProposal({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<ProposalDetail | null> {
  assertCan(ctx.actor, "person_details");
  const row = await proposalRow(ctx, input.id);
  if (!row) return null;
  await recordAudit(ctx, {
    action: "proposal_read",
    entity: "proposal",
    entityId: row.id,
    areaCode: row.kelurahan_code,
  });
  const history = await queryRows<ProposalDetail["history"][number]>(
    ctx.db,
    sql`SELECT ph.action, ph.from_state AS "from", ph.to_state AS "to", u.display_name AS by,
               to_char(ph.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, ph.note
        FROM proposal_history ph LEFT JOIN app_user u ON u.id = ph.actor_id
        WHERE ph.kabkota_code = ${row.kabkota_code} AND ph.proposal_id = ${row.id} ORDER BY ph.id`,
  );
  const photos = await queryRows<ProposalDetail["photos"][number]>(
    ctx.db,
    sql`SELECT id::int AS id, kind, size, to_char(uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS uploaded_at
        FROM proposal_photo WHERE kabkota_code = ${row.kabkota_code} AND proposal_id = ${row.id} ORDER BY id`,
  );
  return {
    ...summaryOf(row, await slaLimits(ctx)),
    reason: row.reason,
    change: maskedChange(row.change),
    description: describeChange(row.kind, row.change, row.base),
    nik_checks: await nikChecksOf(row.kind, row.change),
    rt_recommendation: { rw: row.rt_rw, rt: row.rt_number, head_name: row.rt_head_name, date: row.rt_recommended_on },
    note: row.note,
    suggestion_key: row.suggestion_key,
    history,
    photos,
    muskel:
      row.muskel_id === null
        ? null
        : { id: row.muskel_id, held_on: row.muskel_held_on!, attendance: row.muskel_attendance! },
    national:
      row.national_check === null
        ? null
        : {
            check: row.national_check,
            differences: row.national_differences ?? [],
            checked_at: row.national_checked_at!,
            batch_id: row.national_batch_id!,
          },
    actions: availableActions(ctx.actor, { state: row.state, authorId: row.author_id }),
  };
}

async function nikChecksOf(kind: ProposalKind, change: Record<string, unknown>): Promise<ProposalDetail["nik_checks"]> {
  const isKecamatan = await kecamatanLookup();
  const named: Array<{ name: string; nik?: string; birth_date?: string; sex?: "L" | "P" }> = [];
  if (kind === "baru") named.push(...((change.members as typeof named) ?? []));
  if (kind === "perubahan")
    for (const m of (change.members as Array<{
      op: string;
      member?: (typeof named)[number];
      nik?: string;
      name?: string;
    }>) ?? []) {
      if (m.op === "tambah" && m.member) named.push(m.member);
      if (m.op === "koreksi" && m.nik) named.push({ name: m.name ?? "anggota dikoreksi", nik: m.nik });
    }
  return named.map((m) => ({
    name: m.name,
    nik: maskIdNumber(m.nik ?? null),
    check: checkNik(m.nik ?? null, { isKecamatan, birthDate: m.birth_date ?? null, sex: m.sex ?? null }).check,
  }));
}

export const proposalListParams = z.object({
  state: z.enum(PROPOSAL_STATES, { error: "status usulan tidak dikenal" }).optional(),
  open: z
    .enum(["1", "0"])
    .optional()
    .transform((v) => v === "1"),
  household: z.coerce.number().int().positive().optional(),
  kelurahan: z.string().trim().max(20).optional(),
  /** Applied proposals by what the latest national file said of them. */
  national: z.enum(NATIONAL_CHECKS, { error: "nasional: tercermin atau tidak_tercermin" }).optional(),
});
export type ProposalListQuery = z.infer<typeof proposalListParams>;

export const PROPOSAL_LIST_LIMIT = 500;

/** Proposals in the actor's scope, newest change first. */
export async function listProposals({
  ctx,
  input,
}: {
  ctx: Context;
  input: ProposalListQuery;
}): Promise<ProposalSummary[]> {
  assertCan(ctx.actor, "person_details");
  const kabkota = await homeKabkotaCode(ctx);
  const rows = await queryRows<SummaryRow>(
    ctx.db,
    sql`SELECT ${summaryColumns(ctx.actor)} FROM ${summaryFrom}
        WHERE p.kabkota_code = ${kabkota} AND ${placeScopeSql(ctx.actor, sql`p.kelurahan_code`, sql`p.rt_code`)}
          ${input.state ? sql`AND p.state = ${input.state}` : sql``}
          ${input.open ? sql`AND p.state NOT IN ('diterapkan', 'ditolak')` : sql``}
          ${input.household ? sql`AND p.household_id = ${input.household}` : sql``}
          ${input.kelurahan ? sql`AND p.kelurahan_code = ${input.kelurahan}` : sql``}
          ${input.national ? sql`AND p.national_check = ${input.national}` : sql``}
        ORDER BY p.state_changed_at DESC, p.id DESC LIMIT ${PROPOSAL_LIST_LIMIT}`,
  );
  const limits = await slaLimits(ctx);
  return rows.map((row) => summaryOf(row, limits));
}

/** The household a proposal is about, when it lies in the actor's scope. */
async function householdInScope(ctx: Context, kabkota: string, id: number) {
  const [row] = await queryRows<{ kelurahan_code: string | null; rt_code: string | null; status: string }>(
    ctx.db,
    sql`SELECT effective_kelurahan_code AS kelurahan_code, effective_rt_code AS rt_code, status
        FROM household WHERE kabkota_code = ${kabkota} AND id = ${id}`,
  );
  return row && row.kelurahan_code && placeInScope(ctx.actor, row.kelurahan_code, row.rt_code) ? row : null;
}

/** Checks a draft against the register: the household's state for its kind, the members it names, the kelurahan. */
async function checkAgainstRegister(ctx: Context, kabkota: string, draft: ProposalDraft, state: HouseholdState | null) {
  const problems: Record<string, string> = {};
  const memberIds = new Set(state?.members.map((m) => m.id));
  const named = (id: number | undefined, path: string) => {
    if (id !== undefined && !memberIds.has(id)) problems[path] = "anggota ini bukan anggota rumah tangga tersebut";
  };
  if (draft.kind === "nonaktif") {
    if (state?.status !== "aktif") problems.kind = "rumah tangga ini sudah nonaktif";
    named(draft.change.person_id, "change.person_id");
  }
  if (draft.kind === "aktif_kembali" && state?.status !== "nonaktif") problems.kind = "rumah tangga ini masih aktif";
  if (draft.kind === "perubahan") {
    draft.change.members.forEach((m, i) => {
      if (m.op !== "tambah") named(m.person_id, `change.members.${i}.person_id`);
    });
    const code = draft.change.household.kelurahan_code;
    if (code && !(await isKelurahanOf(ctx, kabkota, code)))
      problems["change.household.kelurahan_code"] = "kelurahan tidak dikenal";
  }
  if (draft.kind === "baru" && !(await isKelurahanOf(ctx, kabkota, draft.kelurahan_code!)))
    problems.kelurahan_code = "kelurahan tidak dikenal";
  if (Object.keys(problems).length) throw new FieldErrors(problems);
}

async function isKelurahanOf(ctx: Context, kabkota: string, code: string): Promise<boolean> {
  const [row] = await queryRows<{ ok: boolean }>(
    ctx.db,
    sql`SELECT true AS ok FROM area WHERE code = ${code} AND level = 'kelurahan' AND kabkota_code = ${kabkota}`,
  );
  return Boolean(row);
}

/** A 400 naming the fields at fault, as a zod failure does (lib/http answers `fields`). */
export class FieldErrors extends UserError {
  constructor(readonly fields: Record<string, string>) {
    super(
      "Usulan belum dapat disimpan",
      Object.entries(fields).map(([field, message]) => `${field}: ${message}`),
    );
  }
}

/**
 * Drafts a proposal for a household of the actor's kelurahan (or a new household in it), keeping
 * the household's state as its base. Null when the household or kelurahan lies outside the
 * actor's scope (404).
 */
export async function createProposal({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: ProposalDraft;
}): Promise<ProposalDetail | null> {
  assertCan(ctx.actor, "propose");
  const kabkota = await homeKabkotaCode(ctx);
  const placed = await placeOf(ctx, kabkota, input);
  if (!placed) return null;
  const state = input.household_id ? await householdState(ctx.db, kabkota, input.household_id) : null;
  await checkAgainstRegister(ctx, kabkota, input, state);
  if (input.household_id) {
    const [open] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT id::int AS id FROM proposal WHERE kabkota_code = ${kabkota} AND household_id = ${input.household_id}
            AND kind = ${input.kind} AND state NOT IN ('diterapkan', 'ditolak') LIMIT 1`,
    );
    if (open)
      throw new UserError(
        `Sudah ada usulan ${PROPOSAL_KIND_LABELS[input.kind].toLowerCase()} yang belum selesai untuk rumah tangga ini: #${open.id}.`,
      );
  }
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO proposal (kabkota_code, kind, household_id, kelurahan_code, rt_code, reason, change, base, rt_rw, rt_number,
                                rt_head_name, rt_recommended_on, geotag, note, suggestion_key, author_id)
          VALUES (${kabkota}, ${input.kind}, ${input.household_id ?? null}, ${placed.kelurahan}, ${placed.rt},
                  ${input.kind === "nonaktif" ? input.change.reason : null}, ${JSON.stringify(input.change)}::jsonb,
                  ${state ? JSON.stringify(state) : null}::jsonb, ${input.rt_recommendation.rw ?? null}, ${input.rt_recommendation.rt ?? null},
                  ${input.rt_recommendation.head_name ?? null}, ${input.rt_recommendation.date ?? null},
                  ${input.geotag ? sql`ST_SetSRID(ST_MakePoint(${input.geotag.lon}, ${input.geotag.lat}), 4326)` : null},
                  ${input.note ?? null}, ${input.suggestion_key ?? null}, ${ctx.actor.userId})
          RETURNING id::int AS id`,
    );
    await tx.execute(sql`INSERT INTO proposal_history (kabkota_code, proposal_id, action, from_state, to_state, actor_id)
                         VALUES (${kabkota}, ${row!.id}, 'buat', NULL, 'draf', ${ctx.actor.userId})`);
    return row!.id;
  });
  await recordAudit(ctx, {
    action: "proposal_create",
    entity: "proposal",
    entityId: id,
    areaCode: placed.kelurahan,
    detail: { kind: input.kind, households: input.household_id ?? null },
  });
  return getProposal({ ctx, input: { id } });
}

/** Where a draft belongs: its household's kelurahan and RT, or the kelurahan a new household is proposed in; null out of scope. */
async function placeOf(ctx: Context, kabkota: string, input: ProposalDraft) {
  if (input.kind === "baru") {
    const kelurahan = input.kelurahan_code!;
    const rt = input.change.household.rt_code ?? null;
    return placeInScope(ctx.actor, kelurahan, rt) ? { kelurahan, rt } : null;
  }
  const household = await householdInScope(ctx, kabkota, input.household_id!);
  return household ? { kelurahan: household.kelurahan_code!, rt: household.rt_code } : null;
}

/** A rewritten draft: the path's id with the same body as a new one. */
export const proposalUpdate = z
  .looseObject({ id: z.coerce.number().int().positive({ error: "nomor usulan tidak valid" }) })
  .transform((value, issues) => {
    const draft = proposalDraft.safeParse(value);
    if (!draft.success) {
      for (const issue of draft.error.issues) issues.addIssue(issue as never);
      return z.NEVER;
    }
    return { ...draft.data, id: value.id };
  });

/**
 * Rewrites a draft or a returned proposal (its author only), taking the household's state anew as
 * its base: what was returned as "data sudah berubah" can then be applied.
 */
export async function updateProposal({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: ProposalDraft & { id: number };
}): Promise<ProposalDetail | null> {
  assertCan(ctx.actor, "propose");
  const row = await proposalRow(ctx, input.id);
  if (!row) return null;
  if (row.author_id !== ctx.actor.userId) throw new AccessDenied("propose");
  if (row.state !== "draf" && row.state !== "dikembalikan")
    throw new UserError("Hanya draf atau usulan yang dikembalikan yang dapat diubah.");
  if (input.kind !== row.kind || (input.household_id ?? null) !== row.household_id)
    throw new FieldErrors({ kind: "jenis dan rumah tangga usulan tidak dapat diganti; buat usulan baru" });
  const kabkota = row.kabkota_code;
  const placed = await placeOf(ctx, kabkota, input);
  if (!placed) return null;
  const state = input.household_id ? await householdState(ctx.db, kabkota, input.household_id) : null;
  await checkAgainstRegister(ctx, kabkota, input, state);
  await ctx.db.execute(sql`
    UPDATE proposal SET kelurahan_code = ${placed.kelurahan}, rt_code = ${placed.rt},
      reason = ${input.kind === "nonaktif" ? input.change.reason : null}, change = ${JSON.stringify(input.change)}::jsonb,
      base = ${state ? JSON.stringify(state) : null}::jsonb, rt_rw = ${input.rt_recommendation.rw ?? null},
      rt_number = ${input.rt_recommendation.rt ?? null}, rt_head_name = ${input.rt_recommendation.head_name ?? null},
      rt_recommended_on = ${input.rt_recommendation.date ?? null},
      geotag = ${input.geotag ? sql`ST_SetSRID(ST_MakePoint(${input.geotag.lon}, ${input.geotag.lat}), 4326)` : sql`geotag`},
      note = ${input.note ?? null}, updated_at = now()
    WHERE kabkota_code = ${kabkota} AND id = ${row.id}`);
  await recordAudit(ctx, {
    action: "proposal_update",
    entity: "proposal",
    entityId: row.id,
    areaCode: placed.kelurahan,
  });
  return getProposal({ ctx, input: { id: row.id } });
}

export const proposalTransition = z.object({
  id: z.coerce.number().int().positive(),
  action: z.enum(PROPOSAL_ACTIONS, { error: `tindakan salah satu dari: ${PROPOSAL_ACTIONS.join(", ")}` }),
  note: z
    .string()
    .trim()
    .max(1000)
    .optional()
    .transform((v) => v || undefined),
});
export type ProposalTransition = z.infer<typeof proposalTransition>;

/**
 * Moves a proposal through the state machine (states.ts), in one transaction with its history;
 * `terapkan` applies it to the register in the same transaction, so a refused or failed apply
 * leaves both the register and the proposal as they were. Logged. Null when unknown or out of
 * scope (404); a role without the right is refused (403); a move the state machine has not is a 400.
 */
export async function transitionProposal({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: ProposalTransition;
}): Promise<ProposalDetail | null> {
  assertCan(ctx.actor, "verval");
  const row = await proposalRow(ctx, input.id);
  if (!row) return null;
  const refused = refusal(ctx.actor, { state: row.state, authorId: row.author_id }, input.action);
  if (refused?.status === 403) throw new AccessDenied(transitionOf(row.state, input.action)!.capability);
  if (refused) throw new UserError(refused.message);
  const transition = transitionOf(row.state, input.action)!;
  if (transition.needsNote && !input.note) throw new FieldErrors({ note: "tuliskan alasannya" });
  if (input.action === "ajukan") {
    const missing: Record<string, string> = {};
    if (!row.rt_head_name) missing["rt_recommendation.head_name"] = "nama ketua RT yang merekomendasikan wajib diisi";
    if (!row.rt_recommended_on) missing["rt_recommendation.date"] = "tanggal rekomendasi RT wajib diisi";
    if (Object.keys(missing).length) throw new FieldErrors(missing);
  }
  // SIKS-NG asks the berita acara of a musyawarah kelurahan for every new household.
  if (input.action === "setujui" && row.kind === "baru" && row.muskel_id === null)
    throw new UserError(
      "Usulan rumah tangga baru harus dibahas dalam musyawarah kelurahan (muskel) dengan berita acara sebelum disetujui. Catat muskelnya di halaman Muskel, lalu setujui.",
    );
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    // The row is locked and its state checked again: two verifiers cannot both apply it.
    const [locked] = await queryRows<{ state: ProposalState }>(
      tx,
      sql`SELECT state FROM proposal WHERE kabkota_code = ${row.kabkota_code} AND id = ${row.id} FOR UPDATE`,
    );
    if (locked?.state !== row.state) throw new UserError("Usulan ini baru saja diubah orang lain; muat ulang halaman.");
    if (input.action === "terapkan") {
      const { householdId } = await applyProposal(txCtx, {
        id: row.id,
        kabkotaCode: row.kabkota_code,
        kind: row.kind,
        householdId: row.household_id,
        kelurahanCode: row.kelurahan_code,
        rtCode: row.rt_code,
        reason: row.reason as (typeof NONAKTIF_REASONS)[number] | null,
        change: row.change,
        base: row.base,
      });
      await tx.execute(
        sql`UPDATE proposal SET household_id = ${householdId} WHERE kabkota_code = ${row.kabkota_code} AND id = ${row.id}`,
      );
    }
    await tx.execute(sql`UPDATE proposal SET state = ${transition.to}, state_changed_at = now(), updated_at = now()
                         WHERE kabkota_code = ${row.kabkota_code} AND id = ${row.id}`);
    await tx.execute(sql`INSERT INTO proposal_history (kabkota_code, proposal_id, action, from_state, to_state, actor_id, note)
                         VALUES (${row.kabkota_code}, ${row.id}, ${input.action}, ${row.state}, ${transition.to}, ${ctx.actor.userId}, ${input.note ?? null})`);
    await recordAudit(txCtx, {
      action: "proposal_transition",
      entity: "proposal",
      entityId: row.id,
      areaCode: row.kelurahan_code,
      oldValue: { state: row.state },
      newValue: { state: transition.to },
      detail: { action: input.action, note: input.note ?? null },
    });
  });
  return getProposal({ ctx, input: { id: row.id } });
}

export { OPEN_STATES };

export interface ProposalCounts {
  /** Submitted and not yet applied, returned or rejected. */
  waiting: number;
  /** Of those, waiting longer than the SLA allows. */
  overdue: number;
  applied_30_days: number;
  rejected_30_days: number;
}

/**
 * SQL: proposal `p` waits in a stage longer than the SLA allows (whole days in WITA), given
 * slaLimits.
 */
export function overdueSql(limits: Partial<Record<ProposalState, number>>): SQL {
  const limitSql = sql`CASE p.state ${sql.join(
    Object.entries(limits).map(([state, days]) => sql`WHEN ${state}::proposal_state THEN ${days}::int`),
    sql` `,
  )} END`;
  return sql`(p.state IN ('diajukan', 'disetujui_lurah', 'diverifikasi')
    AND (now() AT TIME ZONE 'Asia/Makassar')::date - (p.state_changed_at AT TIME ZONE 'Asia/Makassar')::date > ${limitSql})`;
}

/** Proposal counts of an area (its kelurahan and below; the whole kabupaten/kota for its code), for the screen and area pages. */
export async function proposalCounts(ctx: Context, kabkota: string, areaCode: string): Promise<ProposalCounts> {
  const [row] = await queryRows<ProposalCounts>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE p.state IN ('diajukan', 'disetujui_lurah', 'diverifikasi'))::int AS waiting,
               count(*) FILTER (WHERE ${overdueSql(await slaLimits(ctx))})::int AS overdue,
               count(*) FILTER (WHERE p.state = 'diterapkan' AND p.state_changed_at > now() - interval '30 days')::int AS applied_30_days,
               count(*) FILTER (WHERE p.state = 'ditolak' AND p.state_changed_at > now() - interval '30 days')::int AS rejected_30_days
        FROM proposal p
        WHERE p.kabkota_code = ${kabkota}
          AND (p.kelurahan_code = ${areaCode} OR p.kelurahan_code LIKE ${`${areaCode}.%`} OR ${areaCode} = ${kabkota})`,
  );
  return row!;
}

export interface ProposalPoint {
  type: "Feature";
  geometry: { type: "Point"; coordinates: [number, number] };
  properties: { id: number; state: ProposalState; kind: ProposalKind };
}

/**
 * The proposals of the actor's areas as map points: where the operator stood when drafting, else
 * the household's geotag; rejected ones and those applied more than 90 days ago are left out.
 * For roles that see single households on the map.
 */
export async function proposalPoints({
  ctx,
}: {
  ctx: Context;
}): Promise<{ type: "FeatureCollection"; features: ProposalPoint[] }> {
  assertCan(ctx.actor, "household_points");
  assertCan(ctx.actor, "person_details");
  const kabkota = await homeKabkotaCode(ctx);
  const rows = await queryRows<{ id: number; state: ProposalState; kind: ProposalKind; lon: number; lat: number }>(
    ctx.db,
    sql`SELECT p.id::int AS id, p.state, p.kind, ST_X(coalesce(p.geotag, h.geotag)) AS lon, ST_Y(coalesce(p.geotag, h.geotag)) AS lat
        FROM proposal p LEFT JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${kabkota} AND coalesce(p.geotag, h.geotag) IS NOT NULL
          AND p.state <> 'ditolak' AND NOT (p.state = 'diterapkan' AND p.state_changed_at < now() - interval '90 days')
          AND ${placeScopeSql(ctx.actor, sql`p.kelurahan_code`, sql`p.rt_code`)}
        ORDER BY p.id`,
  );
  return {
    type: "FeatureCollection",
    features: rows.map((row) => ({
      type: "Feature",
      geometry: { type: "Point", coordinates: [row.lon, row.lat] },
      properties: { id: row.id, state: row.state, kind: row.kind },
    })),
  };
}
