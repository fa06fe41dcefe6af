import { CsvFileError, decodeCsv, parseCsv } from "./csv";
import { readXlsx } from "./xlsx/read";

export interface TableRow {
  /** The line (or worksheet row) number a spreadsheet shows. */
  line: number;
  cells: string[];
  /** Columns whose cell a workbook stored as a number (a NIK there may have lost digits). */
  numericColumns?: ReadonlySet<number>;
}

/** A file's rows as text cells, each with the line number a spreadsheet shows. */
export interface Table {
  headers: string[];
  rows: TableRow[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Reads a CSV (or tab-separated) file or the first sheet of an Excel workbook (.xlsx). */
export function readTable(fileName: string, bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new CsvFileError(`Berkas ${fileName} kosong.`);
  if (ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) return readXlsx(fileName, bytes);
  if (OLE_MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new CsvFileError(`Berkas ${fileName} adalah buku kerja Excel lama (.xls). Simpan sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8" lalu impor lagi.`);
  }
  const [header, ...rows] = parseCsv(decodeCsv(fileName, bytes));
  if (!header) throw new CsvFileError(`Berkas ${fileName} tidak berisi baris judul kolom.`);
  return { headers: header.cells, rows };
}

/** A NIK or No. KK cell as the workbook stored it: a number where it was typed as one. */
export function idCell(row: TableRow, index: number | undefined): string | number {
  if (index === undefined) return "";
  const text = (row.cells[index] ?? "").trim();
  return row.numericColumns?.has(index) && /^\d+(\.\d+)?(E\+?\d+)?$/i.test(text) ? Number(text) : text;
}
