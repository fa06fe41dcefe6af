import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { IMPORT_KINDS, IMPORT_STATUSES, type ImportKind, type ImportStatus } from "@/db/schema/vocabulary";
import { assertCan, recordAudit } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { csvDownload } from "@/lib/exports";
import { maskIdNumber } from "@/lib/nik";

import { DTKS_COLUMNS, mapHeaders, RECIPIENT_COLUMNS } from "./headers";

export const IMPORT_HISTORY_PAGE_SIZE = 50;
export const REJECTION_PAGE_SIZE = 100;

export const importHistoryParams = z.object({
  jenis: z.enum(IMPORT_KINDS, { error: "jenis impor tidak dikenal" }).optional(),
  status: z.enum(IMPORT_STATUSES, { error: "status impor tidak dikenal" }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ImportHistoryQuery = z.input<typeof importHistoryParams>;

/** How a batch came out, as the history shows it: a partial success is not a success. */
export type ImportOutcome = "berhasil" | "sebagian" | "ditolak" | "gagal" | "berjalan";

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  boundaries: "Batas wilayah",
  dtks: "DTKS",
  penerima: "Daftar penerima",
  dukcapil: "Peristiwa Dukcapil",
};

export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  berjalan: "Berjalan",
  selesai: "Selesai",
  ditolak: "Ditolak utuh",
  gagal: "Gagal",
};

export const IMPORT_OUTCOME_LABELS: Record<ImportOutcome, string> = {
  berhasil: "Berhasil",
  sebagian: "Sebagian: ada baris ditolak",
  ditolak: "Ditolak utuh",
  gagal: "Gagal, tidak ada yang berubah",
  berjalan: "Berjalan",
};

export interface ImportBatchRow {
  id: number;
  kind: ImportKind;
  file_name: string;
  program_code: string | null;
  period: string | null;
  status: ImportStatus;
  outcome: ImportOutcome;
  rows_total: number;
  rows_accepted: number;
  rows_rejected: number;
  /** Refused rows kept for the batch (a whole-file refusal may keep the rows at fault). */
  rejections_kept: number;
  message: string | null;
  created_by: string | null;
  started_at: string;
  finished_at: string | null;
}

/** The batches an account may see: those of its kabupaten/kota, and the boundary files, which belong to none. */
async function batchesInScope(ctx: Context): Promise<SQL> {
  const kabkota = await homeKabkotaCode(ctx);
  return sql`(b.kabkota_code = ${kabkota} OR b.kabkota_code IS NULL)`;
}

const BATCH_COLUMNS = sql`
  b.id::int AS id, b.kind::text AS kind, b.file_name, b.program_code, b.period, b.status::text AS status,
  CASE WHEN b.status = 'selesai' AND b.rows_rejected > 0 THEN 'sebagian'
       WHEN b.status = 'selesai' THEN 'berhasil' ELSE b.status::text END AS outcome,
  b.rows_total, b.rows_accepted, b.rows_rejected,
  (SELECT count(*)::int FROM import_rejection r WHERE r.kabkota_code = b.kabkota_code AND r.import_batch_id = b.id) AS rejections_kept,
  b.message, u.username AS created_by, b.started_at::text AS started_at, b.finished_at::text AS finished_at`;

/**
 * Every import of the account's kabupaten/kota, newest first, with its state, its counts and who
 * brought it in: the history an operator returns to when a file came back partly refused.
 */
export async function listImportBatches({
  ctx,
  input,
}: {
  ctx: Context;
  input: ImportHistoryQuery;
}): Promise<{ total: number; rows: ImportBatchRow[] }> {
  assertCan(ctx.actor, "import");
  const query = importHistoryParams.parse(input);
  const where = sql.join(
    [
      await batchesInScope(ctx),
      ...(query.jenis ? [sql`b.kind = ${query.jenis}`] : []),
      ...(query.status ? [sql`b.status = ${query.status}`] : []),
    ],
    sql` AND `,
  );
  const [counted] = await queryRows<{ total: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS total FROM import_batch b WHERE ${where}`,
  );
  const rows = await queryRows<ImportBatchRow>(
    ctx.db,
    sql`SELECT ${BATCH_COLUMNS} FROM import_batch b LEFT JOIN app_user u ON u.id = b.created_by
        WHERE ${where} ORDER BY b.started_at DESC, b.id DESC
        LIMIT ${IMPORT_HISTORY_PAGE_SIZE} OFFSET ${(query.page - 1) * IMPORT_HISTORY_PAGE_SIZE}`,
  );
  return { total: counted?.total ?? 0, rows };
}

export const rejectionParams = z.object({
  id: z.coerce.number().int().positive(),
  kolom: z.string().trim().max(60).optional(),
  alasan: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type RejectionQuery = z.input<typeof rejectionParams>;

export interface RejectedRow {
  row_number: number;
  field: string | null;
  reason: string;
  /** The row's cells by header, NIK and No. KK masked (16-digit numbers never leave). */
  cells: Record<string, string>;
}

export interface ImportBatchDetail {
  batch: ImportBatchRow;
  /** The refused rows' headers in the templates' order (the store keeps cells by header, not in file order). */
  headers: string[];
  /** The fields rows were refused for, with how many each. */
  fields: Array<{ field: string | null; rows: number }>;
  total: number;
  rejections: RejectedRow[];
}

/** A run of 15 or more digits: a NIK or No. KK, whatever column it stands in. */
const ID_NUMBER = /\d{15,}/g;

/** A refused row's cells as the history shows and exports them: every ID number masked. */
function maskedCells(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).map(([header, value]) => [
      header,
      String(value ?? "").replace(ID_NUMBER, (digits) => maskIdNumber(digits)!),
    ]),
  );
}

/** The templates' columns with every alias, in the templates' order: refused rows' headers are shown in it. */
const TEMPLATE_COLUMNS: Record<string, readonly string[]> = {};
for (const [column, aliases] of [...Object.entries(DTKS_COLUMNS), ...Object.entries(RECIPIENT_COLUMNS)])
  TEMPLATE_COLUMNS[column] = [...(TEMPLATE_COLUMNS[column] ?? []), ...aliases];
const TEMPLATE_ORDER = Object.keys(TEMPLATE_COLUMNS);

/** The headers of refused rows, those a template knows in its order, the others after by name. */
function orderedHeaders(rows: ReadonlyArray<{ cells: Record<string, string> }>): string[] {
  const headers = [...new Set(rows.flatMap((row) => Object.keys(row.cells)))].sort((a, b) => a.localeCompare(b));
  const { columns } = mapHeaders(headers, TEMPLATE_COLUMNS);
  const rank = new Map(Object.entries(columns).map(([column, at]) => [headers[at!]!, TEMPLATE_ORDER.indexOf(column)]));
  return headers.sort((a, b) => (rank.get(a) ?? TEMPLATE_ORDER.length) - (rank.get(b) ?? TEMPLATE_ORDER.length));
}

function rejectionFilter(query: z.output<typeof rejectionParams>): SQL {
  return sql.join(
    [
      sql`TRUE`,
      ...(query.kolom ? [sql`r.field = ${query.kolom}`] : []),
      ...(query.alasan ? [sql`r.reason ILIKE ${`%${query.alasan.replace(/[\\%_]/g, "\\$&")}%`}`] : []),
    ],
    sql` AND `,
  );
}

/**
 * A batch's refused rows matching the query's field and reason, in line order, cells masked: a
 * page of them when `page` is given, else all.
 */
async function maskedRejections(
  ctx: Context,
  { kabkota, query, page }: { kabkota: string | null; query: z.output<typeof rejectionParams>; page?: number },
): Promise<RejectedRow[]> {
  const rows = await queryRows<{ row_number: number; field: string | null; reason: string; raw: unknown }>(
    ctx.db,
    sql`SELECT r.row_number, r.field, r.reason, r.raw::text AS raw FROM import_rejection r
        WHERE r.kabkota_code = ${kabkota} AND r.import_batch_id = ${query.id} AND ${rejectionFilter(query)}
        ORDER BY r.row_number, r.id
        ${page === undefined ? sql`` : sql`LIMIT ${REJECTION_PAGE_SIZE} OFFSET ${(page - 1) * REJECTION_PAGE_SIZE}`}`,
  );
  return rows.map(({ raw, ...row }) => ({ ...row, cells: maskedCells(JSON.parse(String(raw))) }));
}

/**
 * One batch with its refused rows (filtered by field and reason, a page at a time), their cells
 * masked. Reading refused rows reads names: logged. Null when the batch is unknown or another
 * kabupaten/kota's.
 */
export async function readImportBatch({
  ctx,
  input,
}: {
  ctx: Context;
  input: RejectionQuery;
}): Promise<ImportBatchDetail | null> {
  assertCan(ctx.actor, "import");
  const query = rejectionParams.parse(input);
  const [batch] = await queryRows<ImportBatchRow & { kabkota_code: string | null }>(
    ctx.db,
    sql`SELECT ${BATCH_COLUMNS}, b.kabkota_code FROM import_batch b LEFT JOIN app_user u ON u.id = b.created_by
        WHERE b.id = ${query.id} AND ${await batchesInScope(ctx)}`,
  );
  if (!batch) return null;
  const { kabkota_code: kabkota, ...shown } = batch;
  const ofBatch = sql`r.kabkota_code = ${kabkota} AND r.import_batch_id = ${query.id}`;
  const fields = await queryRows<{ field: string | null; rows: number }>(
    ctx.db,
    sql`SELECT r.field, count(*)::int AS rows FROM import_rejection r WHERE ${ofBatch}
        GROUP BY r.field ORDER BY count(*) DESC, r.field`,
  );
  const [counted] = await queryRows<{ total: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS total FROM import_rejection r WHERE ${ofBatch} AND ${rejectionFilter(query)}`,
  );
  const rejections = await maskedRejections(ctx, { kabkota, query, page: query.page });
  if (rejections.length)
    await recordAudit(ctx, {
      action: "import_rejections_read",
      entity: "import_batch",
      entityId: query.id,
      detail: { rows: rejections.length, page: query.page, field: query.kolom ?? null, reason: query.alasan ?? null },
    });
  return { batch: shown, headers: orderedHeaders(rejections), fields, total: counted?.total ?? 0, rejections };
}

/**
 * The refused rows of a batch as a CSV to correct and import again: line, field, reason and the
 * row's own cells under its own headers, ID numbers masked (the operator has the file they came
 * from). Logged. Null when the batch is unknown or another kabupaten/kota's.
 */
export async function exportRejections({
  ctx,
  input,
}: {
  ctx: Context;
  input: RejectionQuery;
}): Promise<{ body: Uint8Array; contentType: string; fileName: string } | null> {
  assertCan(ctx.actor, "import");
  const query = rejectionParams.parse(input);
  const [batch] = await queryRows<{ kabkota_code: string | null; file_name: string }>(
    ctx.db,
    sql`SELECT b.kabkota_code, b.file_name FROM import_batch b WHERE b.id = ${query.id} AND ${await batchesInScope(ctx)}`,
  );
  if (!batch) return null;
  const masked = await maskedRejections(ctx, { kabkota: batch.kabkota_code, query });
  const headers = orderedHeaders(masked);
  await recordAudit(ctx, {
    action: "import_rejections_export",
    entity: "import_batch",
    entityId: query.id,
    detail: { rows: masked.length, field: query.kolom ?? null, reason: query.alasan ?? null },
  });
  return {
    body: csvDownload([
      ["baris", "kolom", "alasan", ...headers],
      ...masked.map((row) => [row.row_number, row.field, row.reason, ...headers.map((h) => row.cells[h] ?? "")]),
    ]),
    contentType: "text/csv; charset=utf-8",
    fileName: `baris-ditolak-batch-${query.id}.csv`,
  };
}
