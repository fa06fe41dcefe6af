import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";

import { auditLog } from "@/db/schema";
import { kabkotaCodeOf } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { csvDownload } from "@/lib/exports";

import { assertCan } from "./scope";

/** What the audit log records; the labels are what the admin page shows. */
export const AUDIT_ACTIONS = {
  login: "Masuk",
  login_failed: "Gagal masuk",
  login_locked: "Akun terkunci",
  logout: "Keluar",
  password_change: "Ganti kata sandi",
  password_change_failed: "Gagal ganti kata sandi",
  user_create: "Akun dibuat",
  user_update: "Akun diubah",
  import: "Impor data",
  import_refused: "Impor ditolak",
  export: "Ekspor daftar",
  household_read: "Rumah tangga dibuka",
  household_list_read: "Daftar rumah tangga dengan nama dibuka",
  visit_sheet: "Lembar kunjungan RT dibuka",
  area_report: "Laporan wilayah dibuka",
  basemap_install: "Peta dasar dipasang",
  basemap_remove: "Peta dasar dilepas",
  nik_reveal: "NIK lengkap dibuka",
  search: "Pencarian",
  search_limited: "Pencarian ditahan (batas per jam)",
  rule_change: "Aturan diubah",
  setting_change: "Setelan diubah",
  audit_read: "Log audit dibaca",
  audit_export: "Log audit diekspor",
  access_denied: "Akses ditolak",
  not_found: "Tidak ditemukan atau di luar wilayah",
  street_tile: "Peta tingkat jalan dibuka",
  proposal_create: "Usulan verval dibuat",
  proposal_update: "Usulan verval diubah",
  proposal_transition: "Status usulan berubah",
  proposal_read: "Usulan verval dibuka",
  proposal_photo: "Foto bukti usulan",
  suggestion_dismiss: "Saran verval diabaikan",
  muskel_create: "Musyawarah kelurahan dicatat",
  muskel_minutes: "Berita acara muskel dibuka",
  proposal_export: "Usulan diekspor untuk SIKS-NG",
  program_change: "Program ditambah atau diubah",
  scenario_save: "Skenario sasaran disimpan",
  scenario_adopt: "Skenario sasaran ditetapkan",
  scenario_households: "Daftar rumah tangga skenario dibuka",
  scenario_export: "Daftar penerima skenario diekspor",
  linkage_queue_read: "Antrean tautan data dibuka",
  linkage_decide: "Pasangan tautan data diputuskan",
  linkage_run: "Tautan data dijalankan",
  linkage_run_failed: "Tautan data gagal dan dibatalkan",
  linkage_join: "Tautan data diminta lagi saat sedang berjalan (ikut pekerjaan itu)",
  import_preset_save: "Pemetaan kolom impor disimpan",
  import_rejections_read: "Baris impor yang ditolak dibuka",
  import_rejections_export: "Baris impor yang ditolak diekspor",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The keys the log's old, new and detail values use, as the admin page names them. */
const AUDIT_VALUE_LABELS: Record<string, string> = {
  path: "alamat halaman",
  capability: "wewenang",
  reason: "alasan",
  origin: "asal",
  route: "rute",
  file: "berkas",
  error: "galat",
  dtks_id: "ID DTKS",
  members: "anggota",
  filters: "saring",
  page: "halaman",
  rows: "baris",
  hits: "hasil",
  households: "rumah tangga",
  programs: "program",
  state: "status pasangan",
  note: "catatan",
  username: "nama pengguna",
  role: "peran",
  area_codes: "wilayah",
  password: "kata sandi",
  display_name: "nama tampilan",
  active: "aktif",
  kind: "jenis",
  program: "program",
  period: "periode",
  list: "daftar",
  query: "kata kunci",
  zoom: "zoom",
  action: "tindakan",
  from: "dari",
  to: "menjadi",
  photo: "foto",
  fact: "fakta",
  decision: "keputusan",
  job: "pekerjaan",
  score: "skor",
};

/**
 * An audit value as one line an admin reads: `alasan: terkunci; berkas: bpnt.xlsx`, lists joined
 * by commas, yes/no for booleans; never raw JSON.
 */
export function describeAuditValue(value: unknown): string {
  if (value === null || value === undefined) return "–";
  if (typeof value === "boolean") return value ? "ya" : "tidak";
  if (Array.isArray(value)) return value.map(describeAuditValue).join(", ");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => {
        const text = describeAuditValue(v);
        return `${AUDIT_VALUE_LABELS[key] ?? key.replace(/_/g, " ")}: ${typeof v === "object" && v !== null && !Array.isArray(v) ? `(${text})` : text}`;
      })
      .join("; ");
  }
  return String(value);
}
export const AUDIT_ACTION_KEYS = Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]];

export interface AuditEntry {
  action: AuditAction;
  entity?: string;
  entityId?: string | number;
  areaCode?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
  detail?: Record<string, unknown>;
  /** The client's address; the context's (the request's) when not given. */
  ip?: string | null;
  /** Who, when the actor is not (yet) signed in: a failed login names the username tried. */
  username?: string;
}

/** A JSON column's value: absent is SQL NULL, a given null the JSON null (as entries have always been stored). */
const json = (value: unknown) => (value === undefined ? null : value === null ? sql`'null'::jsonb` : value);

/** Appends one entry for the context's actor. The table refuses UPDATE and DELETE (migration 0002). */
export async function recordAudit(ctx: Context, entry: AuditEntry): Promise<void> {
  const user = ctx.actor.kind === "user" ? ctx.actor : null;
  const areaCode = entry.areaCode ?? null;
  await ctx.db.insert(auditLog).values({
    kabkotaCode: areaCode ? kabkotaCodeOf(areaCode) : null,
    userId: user?.userId ?? null,
    username: entry.username ?? user?.username ?? "sistem",
    action: entry.action,
    entity: entry.entity ?? null,
    entityId: entry.entityId === undefined ? null : String(entry.entityId),
    areaCode,
    oldValue: json(entry.oldValue),
    newValue: json(entry.newValue),
    detail: json(entry.detail),
    ip: entry.ip ?? ctx.ip ?? null,
  });
}

/** Logs the read of one household (page, API or proposal form): the account, the household, never a NIK. */
export function recordHouseholdRead(
  ctx: Context,
  household: { id: number; dtks_id: string; kelurahan_code: string | null },
): Promise<void> {
  return recordAudit(ctx, {
    action: "household_read",
    entity: "household",
    entityId: household.id,
    areaCode: household.kelurahan_code,
    detail: { dtks_id: household.dtks_id },
  });
}

export const AUDIT_PAGE_SIZE = 100;

export const auditQueryParams = z.object({
  action: z.enum(AUDIT_ACTION_KEYS, { error: "action bukan jenis kegiatan yang dikenal" }).optional(),
  username: z.string().trim().min(1).max(80).optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "from harus tanggal YYYY-MM-DD" })
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "to harus tanggal YYYY-MM-DD" })
    .optional(),
  page: z.coerce
    .number({ error: "page harus bilangan bulat ≥ 1" })
    .int()
    .min(1, { error: "page harus bilangan bulat ≥ 1" })
    .default(1),
});
export type AuditQuery = z.infer<typeof auditQueryParams>;

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  action: AuditAction;
  entity: string | null;
  entity_id: string | null;
  area_code: string | null;
  old_value: unknown;
  new_value: unknown;
  detail: unknown;
  ip: string | null;
}

const filtersOf = (input: AuditQuery) => ({
  action: input.action,
  username: input.username,
  from: input.from,
  to: input.to,
});

/**
 * Audit entries, newest first, filtered by action, username and days (in WITA); a page at a
 * time, or every match when `pageSize` is null (for the export). Only for actors that may read it.
 */
async function readAudit(
  ctx: Context,
  input: AuditQuery,
  pageSize: number | null,
): Promise<{ total: number; rows: AuditRow[] }> {
  assertCan(ctx.actor, "read_audit");
  const where = and(
    input.action ? eq(auditLog.action, input.action) : undefined,
    input.username ? eq(auditLog.username, input.username) : undefined,
    input.from ? gte(auditLog.at, sql`(${input.from}::date::timestamp AT TIME ZONE 'Asia/Makassar')`) : undefined,
    input.to ? lt(auditLog.at, sql`((${input.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Makassar')`) : undefined,
  );
  const total = await ctx.db.$count(auditLog, where);
  // JSON columns as the driver parsed them: drizzle's jsonb column would parse a JSON string again.
  const query = ctx.db
    .select({
      id: auditLog.id,
      at: sql<string>`${auditLog.at}::text`,
      username: auditLog.username,
      action: sql<AuditAction>`${auditLog.action}`,
      entity: auditLog.entity,
      entity_id: auditLog.entityId,
      area_code: auditLog.areaCode,
      old_value: sql<unknown>`${auditLog.oldValue}`,
      new_value: sql<unknown>`${auditLog.newValue}`,
      detail: sql<unknown>`${auditLog.detail}`,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  const rows = pageSize === null ? await query : await query.limit(pageSize).offset((input.page - 1) * pageSize);
  return { total, rows };
}

/** A page of the audit log (the admin page and its API); the reading itself is logged, with its filters. */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: Context;
  input: AuditQuery & { ip?: string | null };
}): Promise<{ total: number; rows: AuditRow[] }> {
  const result = await readAudit(ctx, input, AUDIT_PAGE_SIZE);
  await recordAudit(ctx, {
    action: "audit_read",
    ip: input.ip,
    detail: { filters: filtersOf(input), page: input.page, rows: result.rows.length },
  });
  return result;
}

/** Every entry the filters match as CSV (formulas neutralized); the export itself is logged. */
export async function exportAudit({
  ctx,
  input,
}: {
  ctx: Context;
  input: AuditQuery & { ip?: string | null };
}): Promise<{ fileName: string; body: Uint8Array }> {
  const { rows } = await readAudit(ctx, input, null);
  await recordAudit(ctx, {
    action: "audit_export",
    ip: input.ip,
    detail: { filters: filtersOf(input), rows: rows.length },
  });
  const text = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  const table = [
    [
      "id",
      "waktu",
      "pengguna",
      "kegiatan",
      "entitas",
      "id_entitas",
      "wilayah",
      "nilai_lama",
      "nilai_baru",
      "rincian",
      "alamat_ip",
    ],
    ...rows.map((r) => [
      String(r.id),
      r.at,
      r.username ?? "",
      r.action,
      r.entity ?? "",
      r.entity_id ?? "",
      r.area_code ?? "",
      text(r.old_value),
      text(r.new_value),
      text(r.detail),
      r.ip ?? "",
    ]),
  ];
  return { fileName: `log-audit-${new Date().toISOString().slice(0, 10)}.csv`, body: csvDownload(table) };
}
