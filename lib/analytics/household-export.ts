import { eventLoopPass } from "@/db/engine";
import { recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { csvDownload, neutralizeFormula, writeXlsx, type CsvCell } from "@/lib/exports";
import { formatInteger } from "@/lib/format";

import { currentDataVersion } from "./data-version";
import {
  readHouseholdOrder,
  readHouseholdPage,
  type HouseholdListQuery,
  type HouseholdPage,
  type ListedHousehold,
} from "./households";

/** The most households one export carries: far above any city's list, a guard against a runaway one. */
export const EXPORT_MAX_ROWS = 200_000;

/**
 * Rows read per query. Each chunk is a short transaction of its own, so on PGlite (one
 * connection) other requests run between the chunks of a whole-city export.
 */
export const EXPORT_CHUNK_ROWS = 5_000;
/** Reads of a list that met a write between its chunks before the export gives up. */
const EXPORT_ATTEMPTS = 3;

/**
 * Every household of a list (its first EXPORT_MAX_ROWS), read a chunk at a time in one window:
 * the list's order once, as ids, then the rows of a chunk of ids per query. The data version
 * only moves forward, so the same version before the order and after the last chunk means no
 * write came between them: the chunks are one consistent list. It is one page of `maxRows`
 * (`page_size`); `total` is the list's length, which is more than the rows read when the list is
 * longer than an export carries. Null when the area is unknown or out of scope.
 */
export async function wholeList(
  ctx: Context,
  input: Omit<HouseholdListQuery, "page" | "pageSize">,
  chunkRows: number,
  maxRows: number = EXPORT_MAX_ROWS,
): Promise<HouseholdPage | null> {
  for (let attempt = 0; attempt < EXPORT_ATTEMPTS; attempt++) {
    const { version } = await currentDataVersion(ctx);
    const order = await readHouseholdOrder({ ctx, input: { ...input, limit: maxRows } });
    if (!order) return null;
    const households: ListedHousehold[] = [];
    for (let at = 0; at < order.ids.length; at += chunkRows) {
      if (at > 0) await eventLoopPass();
      const chunk = await readHouseholdPage({
        ctx,
        input: {
          ...input,
          ...order.window,
          page: 1,
          pageSize: chunkRows,
          householdIds: order.ids.slice(at, at + chunkRows),
        },
      });
      if (!chunk) return null;
      households.push(...chunk.households);
    }
    if ((await currentDataVersion(ctx)).version === version) {
      return {
        code: order.code,
        window: order.window,
        list: input.list,
        page: 1,
        page_size: maxRows,
        total: order.total,
        households,
      };
    }
  }
  throw new UserError(
    "Data berubah selama ekspor dibaca (ada impor atau perubahan yang sedang berjalan); unduh lagi sebentar lagi.",
  );
}

/** Whether a list of `total` households is longer than one export of `maxRows` carries. */
function longerThanExport(total: number, maxRows: number): boolean {
  return total > maxRows;
}

/**
 * What the list page says beside its download links when the list is longer than one export
 * carries: which part the file holds, and how to get the rest. Null when the file holds it all.
 */
export function exportLimitNote(total: number, maxRows: number = EXPORT_MAX_ROWS): string | null {
  if (!longerThanExport(total, maxRows)) return null;
  return (
    `Daftar ini ${formatInteger(total)} rumah tangga; satu unduhan memuat ${formatInteger(maxRows)} yang pertama ` +
    `dalam urutan ini. Pilih kecamatan atau kelurahan, atau saring per program atau desil, untuk mengunduh sisanya.`
  );
}

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const LIST_FILE_NAMES: Record<HouseholdListQuery["list"], string> = {
  stacked: "bertumpuk",
  conflicting: "melanggar-aturan",
  uncovered: "layak-belum-menerima",
  errors: "kesalahan-inklusi",
  all: "semua",
};

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

/**
 * A table as the file of `format`: CSV (csvDownload quotes and neutralizes it), or an XLSX sheet
 * with every cell neutralized against formula injection and `textColumns` kept as text.
 */
export function tableFile(
  format: ExportFormat,
  baseName: string,
  table: { name: string; header: string[]; rows: CsvCell[][]; textColumns: ReadonlySet<number> },
): ExportFile {
  const { header, rows } = table;
  if (format === "csv") {
    return {
      fileName: `${baseName}.csv`,
      contentType: "text/csv; charset=utf-8",
      body: csvDownload([header, ...rows]),
      rows: rows.length,
    };
  }
  return {
    fileName: `${baseName}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    body: writeXlsx({
      name: table.name,
      rows: [header, ...rows].map((row) => row.map(neutralizeFormula)),
      textColumns: table.textColumns,
    }),
    rows: rows.length,
  };
}

/**
 * A whole household list (the same rows the API pages through) as CSV or XLSX, with headers in
 * Bahasa Indonesia and every text cell neutralized against formula injection. Every export is
 * written to the audit log. Null when the area is unknown or outside the actor's scope.
 */
export async function exportHouseholdList({
  ctx,
  input,
  chunkRows = EXPORT_CHUNK_ROWS,
  maxRows = EXPORT_MAX_ROWS,
}: {
  ctx: Context;
  input: Omit<HouseholdListQuery, "page" | "pageSize"> & { format: ExportFormat; ip?: string | null };
  /** Rows per chunk (EXPORT_CHUNK_ROWS); a test sets a small one to cross chunk boundaries. */
  chunkRows?: number;
  /** Rows one export carries (EXPORT_MAX_ROWS); a test sets a small one to pass it. */
  maxRows?: number;
}): Promise<ExportFile | null> {
  const list = await wholeList(ctx, input, chunkRows, maxRows);
  if (!list) return null;
  await recordAudit(ctx, {
    action: "export",
    entity: "household_list",
    entityId: input.list,
    areaCode: list.code,
    ip: input.ip,
    detail: {
      list: input.list,
      format: input.format,
      rows: list.households.length,
      listed: list.total,
      window: list.window,
      program: input.program ?? null,
      desil: input.desil ?? null,
    },
  });
  // The visit columns (head of household, address) for a role that may see persons, as on screen.
  const visits = list.households.some((h) => h.visit);
  const header = [
    "id_dtks",
    ...(visits ? ["nama_kepala_keluarga", "alamat", "rw", "rt"] : []),
    "kode_kelurahan",
    "kode_rt",
    "desil",
    "status",
    "status_verval",
    "layak",
    "program_dalam_jendela",
    "jumlah_anggota",
    "meninggal",
    "nonaktif",
    "nik_tidak_sah",
    "dibayar_dua_kali",
  ];
  const rows = list.households.map((h) => [
    h.dtks_id,
    ...(visits ? [h.visit?.head_name ?? null, h.visit?.address ?? null, h.visit?.rw ?? null, h.visit?.rt ?? null] : []),
    h.kelurahan_code,
    h.rt_code,
    h.desil,
    h.status,
    h.verval_status,
    h.eligible ? "ya" : "tidak",
    h.programs.join("+"),
    h.persons,
    h.errors.deceased,
    h.errors.nonaktif,
    h.errors.invalid_nik,
    h.errors.paid_twice,
  ]);
  // A list longer than one export says so in the file's name, so the part is never taken for the whole.
  const part = longerThanExport(list.total, list.page_size)
    ? `-${list.households.length}-pertama-dari-${list.total}`
    : "";
  const baseName = `${LIST_FILE_NAMES[input.list]}-${list.code}-${list.window.from}-${list.window.to}${part}`;
  return tableFile(input.format, baseName, {
    name: "Daftar",
    header,
    rows,
    textColumns: new Set(visits ? [0, 1, 2, 3, 4, 5, 6] : [0, 1, 2]),
  });
}
