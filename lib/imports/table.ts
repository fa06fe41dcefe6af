import type { RowRejection } from "./batch";
import { CsvFileError, decodeCsv, parseCsv } from "./csv";
import { readXlsx } from "./xlsx/read";

export interface TableRow {
  /** The line (or worksheet row) number a spreadsheet shows. */
  line: number;
  cells: string[];
  /** Columns whose cell a workbook stored as a number (a NIK there may have lost digits). */
  numericColumns?: ReadonlySet<number>;
  /** Columns whose cell held control characters (a NUL byte…), shown as U+FFFD in `cells`. */
  controlColumns?: ReadonlySet<number>;
}

/** A file's rows as text cells, each with the line number a spreadsheet shows. */
export interface Table {
  headers: string[];
  rows: TableRow[];
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** The end record that opens an empty ZIP. */
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((byte, i) => bytes[i] === byte);

/**
 * C0 control characters but tab and line breaks: no name, code or date holds them, and the
 * database cannot store a NUL at all. Cells keep U+FFFD in their place, so a refused row's cells
 * can be stored and shown.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
const EVERY_CONTROL = new RegExp(CONTROL.source, "g");

function markControlCharacters(row: TableRow): TableRow {
  let controlColumns: Set<number> | undefined;
  const cells = row.cells.map((cell, index) => {
    if (!CONTROL.test(cell)) return cell;
    (controlColumns ??= new Set()).add(index);
    return cell.replace(EVERY_CONTROL, "\uFFFD");
  });
  return controlColumns ? { ...row, cells, controlColumns } : row;
}

/** Reads a CSV (or tab-separated) file or the first sheet of an Excel workbook (.xlsx). */
export function readTable(fileName: string, bytes: Uint8Array): Table {
  if (bytes.length === 0) throw new CsvFileError(`Berkas ${fileName} kosong.`);
  let table: Table;
  let clean = false;
  if (startsWith(bytes, ZIP_MAGIC) || startsWith(bytes, EMPTY_ZIP_MAGIC)) table = readXlsx(fileName, bytes);
  else if (startsWith(bytes, OLE_MAGIC)) {
    throw new CsvFileError(
      `Berkas ${fileName} adalah buku kerja Excel lama (.xls). Simpan sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8" lalu impor lagi.`,
    );
  } else {
    const text = decodeCsv(fileName, bytes);
    const [header, ...rows] = parseCsv(text);
    if (!header) throw new CsvFileError(`Berkas ${fileName} tidak berisi baris judul kolom.`);
    table = { headers: header.cells, rows };
    // One scan of the text spares testing millions of cells when, as nearly always, it holds none.
    clean = !CONTROL.test(text);
  }
  if (clean) return table;
  return {
    headers: table.headers.map((header) => header.replace(EVERY_CONTROL, "")),
    rows: table.rows.map(markControlCharacters),
  };
}

/**
 * The first of a format's columns whose cell in this row held control characters, so the row is
 * refused naming it.
 */
export function controlColumnOf<C extends string>(row: TableRow, columns: Partial<Record<C, number>>): C | undefined {
  if (!row.controlColumns) return undefined;
  return (Object.keys(columns) as C[]).find((column) => row.controlColumns!.has(columns[column]!));
}

/** Why a row whose `column` held control characters is refused. */
export const controlReason = (column: string) =>
  `kolom ${column} berisi karakter kendali (misalnya byte NUL) yang tidak dapat disimpan; hapus karakter itu di berkas lalu impor lagi`;

/** A cell as the workbook stored it: a number where it was typed as one (a NIK, an amount). */
export function idCell(row: TableRow, index: number | undefined): string | number {
  if (index === undefined) return "";
  const text = (row.cells[index] ?? "").trim();
  return row.numericColumns?.has(index) && /^\d+(\.\d+)?(E\+?\d+)?$/i.test(text) ? Number(text) : text;
}

/** The cells of one row as the operator sees them, built only for rows that are refused. */
export function rawCells(headers: readonly string[], cells: readonly string[]): Record<string, string> {
  return Object.fromEntries(headers.map((header, i) => [header, cells[i] ?? ""]));
}

/** A row refused for `field`: its line, the reason, and its cells as the operator sees them. */
export function rejectionOf(table: Table, row: TableRow, field: string, reason: string): RowRejection {
  return { line: row.line, field, reason, raw: rawCells(table.headers, row.cells) };
}
