import { CsvFileError, decodeCsv, parseCsv } from "./csv";

/** A file's rows as text cells, each with the line number a spreadsheet shows. */
export interface Table {
  headers: string[];
  rows: Array<{ line: number; cells: string[] }>;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** Reads a CSV (or tab-separated) file. Excel workbooks are refused with a way out. */
export function readTable(fileName: string, bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new CsvFileError(`Berkas ${fileName} kosong.`);
  if (ZIP_MAGIC.every((byte, i) => bytes[i] === byte)) {
    throw new CsvFileError(`Berkas ${fileName} adalah buku kerja Excel; impor XLSX belum tersedia. Simpan sebagai "CSV UTF-8" lalu impor lagi.`);
  }
  const [header, ...rows] = parseCsv(decodeCsv(fileName, bytes));
  if (!header) throw new CsvFileError(`Berkas ${fileName} tidak berisi baris judul kolom.`);
  return { headers: header.cells, rows };
}
