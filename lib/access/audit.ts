import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
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
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;
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

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** Appends one entry for the context's actor. The table refuses UPDATE and DELETE (migration 0002). */
export async function recordAudit(ctx: Context, entry: AuditEntry): Promise<void> {
  const user = ctx.actor.kind === "user" ? ctx.actor : null;
  const areaCode = entry.areaCode ?? null;
  await ctx.db.execute(sql`
    INSERT INTO audit_log (kabkota_code, user_id, username, action, entity, entity_id, area_code, old_value, new_value, detail, ip)
    VALUES (${areaCode ? kabkotaCodeOf(areaCode) : null}, ${user?.userId ?? null}, ${entry.username ?? user?.username ?? "sistem"},
            ${entry.action}, ${entry.entity ?? null}, ${entry.entityId === undefined ? null : String(entry.entityId)}, ${areaCode},
            ${json(entry.oldValue)}::jsonb, ${json(entry.newValue)}::jsonb, ${json(entry.detail)}::jsonb, ${entry.ip ?? ctx.ip ?? null})`);
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
  const filters = [sql`true`];
  if (input.action) filters.push(sql`action = ${input.action}`);
  if (input.username) filters.push(sql`username = ${input.username}`);
  if (input.from) filters.push(sql`at >= (${input.from}::date::timestamp AT TIME ZONE 'Asia/Makassar')`);
  if (input.to) filters.push(sql`at < ((${input.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Makassar')`);
  const where = sql.join(filters, sql` AND `);
  const [count] = await queryRows<{ total: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS total FROM audit_log WHERE ${where}`,
  );
  const limit = pageSize === null ? sql`` : sql`LIMIT ${pageSize} OFFSET ${(input.page - 1) * pageSize}`;
  const rows = await queryRows<AuditRow>(
    ctx.db,
    sql`SELECT id::int AS id, at::text AS at, username, action, entity, entity_id, area_code, old_value, new_value, detail, ip
        FROM audit_log WHERE ${where} ORDER BY at DESC, id DESC ${limit}`,
  );
  return { total: count?.total ?? 0, rows };
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
