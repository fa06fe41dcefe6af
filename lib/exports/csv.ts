import { neutralizeFormula } from "./cells";

export type CsvCell = string | number | null;

/**
 * A spreadsheet that splits a line on another separator than the file's (Excel in an Indonesian
 * locale splits on `;`) starts a cell after that separator even inside a quoted field.
 */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(?=[=+\-@\t\r])/g;

/**
 * The one CSV writer of Tepat (exports, the audit log, templates, the DTKS member list): RFC 4180
 * with a comma and CRLF, and every field quoted, so `x;=1+1` stays one field where `;` is the list
 * separator. A text cell that a spreadsheet would run as a formula gets a leading apostrophe
 * (cells.ts), and so does a formula character right after a `,`, `;`, tab or line break inside a
 * text cell: whichever separator a spreadsheet splits on, no cell it makes starts a formula. A
 * number passed as a number (a negative amount, a latitude) is written as it is; the same value
 * passed as text starting with `-` gets the apostrophe, so columns of numbers are passed as numbers.
 */
export function writeCsv(rows: Iterable<ReadonlyArray<CsvCell>>): string {
  const field = (value: CsvCell) => {
    if (value === null) return '""';
    const text =
      typeof value === "number"
        ? String(value)
        : String(neutralizeFormula(value)).replace(FORMULA_AFTER_SEPARATOR, "$1'");
    return `"${text.replace(/"/g, '""')}"`;
  };
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(field).join(","));
  return lines.join("\r\n") + "\r\n";
}

/** A CSV download: UTF-8 with a byte-order mark, so Excel opens names with their accents. */
export function csvDownload(rows: Iterable<ReadonlyArray<CsvCell>>): Uint8Array {
  return new TextEncoder().encode(`\ufeff${writeCsv(rows)}`);
}
