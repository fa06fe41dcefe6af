import { writeCsv, writeXlsx } from "@/lib/exports";

import { DTKS_COLUMNS, DUKCAPIL_COLUMNS, RECIPIENT_COLUMNS } from "./headers";

/** The downloadable import templates: canonical headers and an example household. */
const TEMPLATES = {
  dtks: {
    sheet: "DTKS",
    header: Object.keys(DTKS_COLUMNS),
    rows: [
      [
        "DTKS-0001",
        "6472051203150007",
        "6472051708850003",
        "Ahmad Yani",
        "1985-08-17",
        "L",
        "kepala keluarga",
        "Jl. Pelita No. 3",
        "64.72.05.1004",
        "003",
        "012",
        2,
        "aktif",
        "",
        "",
        "terverifikasi",
        "2024-05-01",
        -0.39012,
        117.26801,
      ],
      [
        "DTKS-0001",
        "6472051203150007",
        "6472055708870004",
        "Siti Aminah",
        "1987-08-17",
        "P",
        "istri",
        "Jl. Pelita No. 3",
        "64.72.05.1004",
        "003",
        "012",
        2,
        "aktif",
        "",
        "",
        "terverifikasi",
        "2024-05-01",
        -0.39012,
        117.26801,
      ],
    ],
  },
  penerima: {
    sheet: "Penerima",
    header: Object.keys(RECIPIENT_COLUMNS),
    rows: [
      [
        "6472051708850003",
        "6472051203150007",
        "Ahmad Yani",
        "PKH",
        "2021-04",
        750000,
        "64.72.05.1004",
        "1985-08-17",
        "003",
      ],
    ],
  },
  dukcapil: {
    sheet: "Peristiwa",
    header: Object.keys(DUKCAPIL_COLUMNS),
    rows: [
      ["6472051708850003", "Ahmad Yani", "meninggal", "2026-03-14", ""],
      ["6472055708870004", "Siti Aminah", "pindah", "2026-05-02", "Kota Balikpapan"],
    ],
  },
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

/** Columns kept as text in the workbook: codes, dates and numbers with leading zeros. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set([
  "id_dtks",
  "no_kk",
  "nik",
  "tgl_lahir",
  "kode_kelurahan",
  "rw",
  "rt",
  "tgl_meninggal",
  "tgl_verval",
  "periode",
  "tanggal",
]);

export function templateFile(
  name: TemplateName,
  format: "csv" | "xlsx",
): { bytes: Uint8Array; contentType: string; fileName: string } {
  const template = TEMPLATES[name];
  const rows = [template.header, ...template.rows];
  if (format === "csv") {
    return {
      bytes: new TextEncoder().encode(writeCsv(rows)),
      contentType: "text/csv; charset=utf-8",
      fileName: `templat-${name}.csv`,
    };
  }
  const textColumns = new Set(template.header.flatMap((column, i) => (TEXT_COLUMNS.has(column) ? [i] : [])));
  return {
    bytes: writeXlsx({ name: template.sheet, rows, textColumns }),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName: `templat-${name}.xlsx`,
  };
}
