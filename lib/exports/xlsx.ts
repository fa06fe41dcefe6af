import { strToU8, Zip, ZipDeflate } from "fflate";

import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";

export interface XlsxSheet {
  name: string;
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  /** Columns (from 0) formatted as text, so that a NIK typed into them keeps all 16 digits. */
  textColumns?: ReadonlySet<number>;
}

const escapeXml = (text: string) =>
  text
    .replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!)
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Rows one Excel sheet holds, the header among them. */
export const XLSX_MAX_ROWS = 1_048_576;

/** Rows of the sheet turned into XML and compressed at a time, so no string holds the whole sheet. */
const ROWS_PER_CHUNK = 5_000;

/** One row of the sheet. Styles: 0 default, 1 bold header, 2 text format. */
function rowXml(row: ReadonlyArray<string | number | null>, r: number, text: ReadonlySet<number>): string {
  const cells = row.map((value, c) => {
    const ref = `${columnName(c)}${r + 1}`;
    const style = r === 0 ? ' s="1"' : text.has(c) ? ' s="2"' : "";
    if (value === null || value === "") return style ? `<c r="${ref}"${style}/>` : "";
    if (typeof value === "number") return `<c r="${ref}"${style}><v>${value}</v></c>`;
    return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
  });
  return `<row r="${r + 1}">${cells.join("")}</row>`;
}

/**
 * Writes a one-sheet workbook: strings inline, numbers as numbers, the first row bold and frozen.
 * Text columns carry Excel's "@" format so what is typed there stays text. The sheet is written and
 * compressed in runs of rows: a city of a million households is a sheet of over 500 MB of XML,
 * more than one JavaScript string may hold. A sheet longer than Excel's limit is refused by name.
 */
export function writeXlsx(sheet: XlsxSheet): Uint8Array {
  if (sheet.rows.length > XLSX_MAX_ROWS) {
    throw new UserError(
      `Berkas XLSX tidak dapat dibuat: ${formatInteger(sheet.rows.length - 1)} baris, lebih dari ` +
        `${formatInteger(XLSX_MAX_ROWS - 1)} baris yang dimuat satu lembar Excel. Unduh sebagai CSV, ` +
        `atau persempit daftarnya (wilayah, program atau desil).`,
    );
  }
  let width = 0;
  for (const row of sheet.rows) width = Math.max(width, row.length);
  const text = sheet.textColumns ?? new Set<number>();
  const columns = Array.from(
    { length: width },
    (_, c) => `<col min="${c + 1}" max="${c + 1}" width="18"${text.has(c) ? ' style="2"' : ""}/>`,
  );
  const sheetHead =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    (columns.length ? `<cols>${columns.join("")}</cols>` : "") +
    `<sheetData>`;
  const styles =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
    `<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"/>` +
    `<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
    `</styleSheet>`;
  const parts: Array<[string, Iterable<string>]> = [
    [
      "[Content_Types].xml",
      [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
          `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
          `<Default Extension="xml" ContentType="application/xml"/>` +
          `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
          `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
          `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
          `</Types>`,
      ],
    ],
    [
      "_rels/.rels",
      [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
          `</Relationships>`,
      ],
    ],
    [
      "xl/workbook.xml",
      [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
          `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
          `<sheets><sheet name="${escapeXml(sheet.name.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
    ],
    [
      "xl/_rels/workbook.xml.rels",
      [
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
          `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
          `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
          `</Relationships>`,
      ],
    ],
    ["xl/worksheets/sheet1.xml", sheetXml(sheetHead, sheet.rows, text)],
    ["xl/styles.xml", [styles]],
  ];
  const zipped: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    zipped.push(chunk);
  });
  for (const [name, texts] of parts) {
    const file = new ZipDeflate(name, { level: 6 });
    zip.add(file);
    for (const part of texts) file.push(strToU8(part));
    file.push(new Uint8Array(0), true);
  }
  zip.end();
  return Buffer.concat(zipped);
}

/** The worksheet's XML: its head, then its rows ROWS_PER_CHUNK at a time, then its end. */
function* sheetXml(head: string, rows: XlsxSheet["rows"], text: ReadonlySet<number>): Generator<string> {
  yield head;
  for (let start = 0; start < rows.length; start += ROWS_PER_CHUNK) {
    let part = "";
    for (let r = start; r < Math.min(rows.length, start + ROWS_PER_CHUNK); r++) part += rowXml(rows[r]!, r, text);
    yield part;
  }
  yield `</sheetData></worksheet>`;
}
