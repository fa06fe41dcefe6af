import { UserError } from "@/lib/errors";

/** A CSV file Tepat refuses whole (encoding, shape); nothing was stored. */
export class CsvFileError extends UserError {}

/**
 * Decodes a CSV file's bytes: UTF-8 (with or without BOM) or UTF-16 with its BOM, as Excel's
 * "Unicode text" writes. Anything else is refused: guessing a legacy code page would silently
 * corrupt names.
 */
export function decodeCsv(fileName: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new CsvFileError(
      `Berkas ${fileName} bukan teks UTF-8. Simpan ulang dari Excel sebagai "CSV UTF-8 (dipisah koma)" lalu impor lagi.`,
    );
  }
}

/** The delimiter of the header line: comma, semicolon (Excel with Indonesian locale) or tab. */
export function detectDelimiter(text: string): "," | ";" | "\t" {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const candidates = [",", ";", "\t"] as const;
  return candidates.reduce((best, ch) => (count(ch) > count(best) ? ch : best), ",");
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes, CRLF) into
 * rows of strings. Blank lines are skipped; every row keeps the line number it started on, so
 * a rejection can name it as the operator sees it in a spreadsheet.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let fieldStarted = false;
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;

  const endRow = () => {
    cells.push(field);
    // Excel leaves rows of bare delimiters (";;;;") below the data: they are no rows.
    if (cells.some((cell) => cell !== "")) rows.push({ line: rowLine, cells });
    cells = [];
    field = "";
    fieldStarted = false;
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      cells.push(field);
      field = "";
      fieldStarted = false;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && source[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new CsvFileError(`Tanda kutip pada baris ${rowLine} tidak ditutup sampai akhir berkas.`);
  if (field !== "" || cells.length) endRow();
  return rows;
}

/** Writes rows as RFC 4180 CSV (comma, CRLF), quoting only the fields that need it. */
export function writeCsv(rows: Iterable<ReadonlyArray<string | number | null>>): string {
  const field = (value: string | number | null) => {
    if (value === null) return "";
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(field).join(","));
  return lines.join("\r\n") + "\r\n";
}
