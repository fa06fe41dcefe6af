import { eventLoopPass } from "@/db/engine";
import { recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { csvDownload, neutralizeFormula, writeXlsx, type CsvCell } from "@/lib/exports";

import { currentDataVersion } from "./data-version";
import { readHouseholdPage, type HouseholdListQuery, type HouseholdPage } from "./households";

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
 * Every household of a list, read a chunk at a time in one window. The data version only moves
 * forward, so the same version before the first chunk and after the last means no write came
 * between them: the chunks are one consistent list. Null when the area is unknown or out of scope.
 */
export async function wholeList(
  ctx: Context,
  input: Omit<HouseholdListQuery, "page" | "pageSize">,
  chunkRows: number,
): Promise<HouseholdPage | null> {
  for (let attempt = 0; attempt < EXPORT_ATTEMPTS; attempt++) {
    const { version } = await currentDataVersion(ctx);
    const first = await readHouseholdPage({ ctx, input: { ...input, page: 1, pageSize: chunkRows } });
    if (!first) return null;
    const households = [...first.households];
    const wanted = Math.min(first.total, EXPORT_MAX_ROWS);
    for (let page = 2; households.length < wanted; page++) {
      await eventLoopPass();
      const next = await readHouseholdPage({ ctx, input: { ...input, ...first.window, page, pageSize: chunkRows } });
      if (!next?.households.length) break;
      households.push(...next.households);
    }
    if ((await currentDataVersion(ctx)).version === version)
      return { ...first, households: households.slice(0, wanted) };
  }
  throw new UserError(
    "Data berubah selama ekspor dibaca (ada impor atau perubahan yang sedang berjalan); unduh lagi sebentar lagi.",
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
}: {
  ctx: Context;
  input: Omit<HouseholdListQuery, "page" | "pageSize"> & { format: ExportFormat; ip?: string | null };
  /** Rows per chunk (EXPORT_CHUNK_ROWS); a test sets a small one to cross chunk boundaries. */
  chunkRows?: number;
}): Promise<ExportFile | null> {
  const list = await wholeList(ctx, input, chunkRows);
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
  const baseName = `${LIST_FILE_NAMES[input.list]}-${list.code}-${list.window.from}-${list.window.to}`;
  return tableFile(input.format, baseName, {
    name: "Daftar",
    header,
    rows,
    textColumns: new Set(visits ? [0, 1, 2, 3, 4, 5, 6] : [0, 1, 2]),
  });
}
