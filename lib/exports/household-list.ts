import { recordAudit } from "@/lib/access/audit";
import { type HouseholdListQuery, listHouseholds } from "@/lib/analytics";
import type { Context } from "@/lib/context";
import { writeXlsx } from "@/lib/imports/xlsx/write";
import { neutralizeFormula } from "./cells";
import { csvDownload } from "./csv";

/** The most households one export carries: far above any city's list, a guard against a runaway one. */
export const EXPORT_MAX_ROWS = 200_000;

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const LIST_FILE_NAMES: Record<HouseholdListQuery["list"], string> = {
  stacked: "bertumpuk",
  conflicting: "melanggar-aturan",
  uncovered: "layak-belum-menerima",
  errors: "kesalahan-inklusi",
};

export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Uint8Array;
  rows: number;
}

/**
 * A whole household list (the same rows the API pages through) as CSV or XLSX, with headers in
 * Bahasa Indonesia and every text cell neutralized against formula injection. Every export is
 * written to the audit log. Null when the area is unknown or outside the actor's scope.
 */
export async function exportHouseholdList({
  ctx,
  input,
}: {
  ctx: Context;
  input: Omit<HouseholdListQuery, "page" | "pageSize"> & { format: ExportFormat; ip?: string | null };
}): Promise<ExportFile | null> {
  const list = await listHouseholds({ ctx, input: { ...input, page: 1, pageSize: EXPORT_MAX_ROWS } });
  if (!list) return null;
  await recordAudit(ctx, {
    action: "export", entity: "household_list", entityId: input.list, areaCode: list.code, ip: input.ip,
    detail: { list: input.list, format: input.format, rows: list.households.length, window: list.window, program: input.program ?? null, desil: input.desil ?? null },
  });
  const header = [
    "id_dtks", "kode_kelurahan", "kode_rt", "desil", "status", "status_verval", "layak", "program_dalam_jendela", "jumlah_anggota",
    "meninggal", "nonaktif", "nik_tidak_sah", "dibayar_dua_kali",
  ];
  const rows = list.households.map((h) => [
    h.dtks_id, h.kelurahan_code, h.rt_code, h.desil, h.status, h.verval_status, h.eligible ? "ya" : "tidak", h.programs.join("+"), h.persons,
    h.errors.deceased, h.errors.nonaktif, h.errors.invalid_nik, h.errors.paid_twice,
  ]);
  const baseName = `${LIST_FILE_NAMES[input.list]}-${list.code}-${list.window.from}-${list.window.to}`;
  if (input.format === "csv") {
    return { fileName: `${baseName}.csv`, contentType: "text/csv; charset=utf-8", body: csvDownload([header, ...rows]), rows: rows.length };
  }
  return {
    fileName: `${baseName}.xlsx`,
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    body: writeXlsx({ name: "Daftar", rows: [header, ...rows].map((row) => row.map(neutralizeFormula)), textColumns: new Set([0, 1, 2]) }),
    rows: rows.length,
  };
}
