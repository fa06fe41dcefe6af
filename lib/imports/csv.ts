import { UserError } from "@/lib/errors";

/** A CSV file Tepat refuses whole (encoding, shape); nothing was stored. */
export class CsvFileError extends UserError {}

/**
 * UTF-16 saved without its BOM: the header line is Latin letters, so one byte of every pair is
 * zero (the second in little-endian, the first in big-endian) and the other never is.
 */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const length = Math.min(bytes.length, 256) & ~1;
  if (length < 4) return null;
  let zeroFirst = 0;
  let zeroSecond = 0;
  for (let at = 0; at < length; at += 2) {
    if (bytes[at] === 0) zeroFirst++;
    if (bytes[at + 1] === 0) zeroSecond++;
  }
  if (zeroSecond === length / 2 && zeroFirst === 0) return "utf-16le";
  if (zeroFirst === length / 2 && zeroSecond === 0) return "utf-16be";
  return null;
}

/**
 * Decodes a CSV file's bytes: UTF-8 (with or without BOM) or UTF-16 (with its BOM, as Excel's
 * "Unicode text" writes, or without one). Anything else is refused: guessing a legacy code page
 * would silently corrupt names.
 */
export function decodeCsv(fileName: string, bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return new TextDecoder(utf16).decode(bytes);
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

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

function newlinesBetween(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf("\n", from); at !== -1 && at < to; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, line breaks inside quotes, CRLF) into
 * rows of strings. Blank lines are skipped; every row keeps the line number it started on, so
 * a rejection can name it as the operator sees it in a spreadsheet. Fields are sliced out of the
 * text rather than built a character at a time: a register export has millions of cells.
 */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const separator = delimiter.charCodeAt(0);
  const length = source.length;
  let cells: string[] = [];
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    // Excel leaves rows of bare delimiters (";;;;") below the data: they are no rows.
    if (cells.some((cell) => cell !== "")) rows.push({ line: rowLine, cells });
    cells = [];
  };

  let at = 0;
  while (at < length) {
    let field = "";
    if (source.charCodeAt(at) === QUOTE) {
      let from = at + 1;
      for (;;) {
        const quote = source.indexOf('"', from);
        if (quote === -1)
          throw new CsvFileError(`Tanda kutip pada baris ${rowLine} tidak ditutup sampai akhir berkas.`);
        line += newlinesBetween(source, from, quote);
        field += source.slice(from, quote);
        if (source.charCodeAt(quote + 1) === QUOTE) {
          field += '"';
          from = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
    }
    // The unquoted field, or what follows a closing quote up to the delimiter, taken as it is.
    let end = at;
    for (
      let code = source.charCodeAt(end);
      end < length && code !== separator && code !== LF && code !== CR;
      code = source.charCodeAt(++end)
    );
    field += source.slice(at, end);
    cells.push(field);
    at = end;
    if (at >= length) break;
    const code = source.charCodeAt(at);
    at++;
    if (code === separator) {
      if (at >= length) cells.push("");
      continue;
    }
    if (code === CR && source.charCodeAt(at) === LF) at++;
    endRow();
    line++;
    rowLine = line;
  }
  if (cells.length) endRow();
  return rows;
}
