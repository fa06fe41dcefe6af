import { CsvFileError } from "../csv";
import { excelSerialToIsoDate } from "../dates";
import type { Table, TableRow } from "../table";
import { unzipCapped } from "../zip";

/**
 * Reads the first worksheet of an Excel workbook (.xlsx, Office Open XML) into text cells.
 *
 * Cells come out as the operator sees them: shared and inline strings as text, date-formatted
 * numbers as `YYYY-MM-DD`, other numbers in their stored form. A column index is flagged as
 * numeric on its row so that NIK and No. KK typed as numbers (where Excel keeps 15 digits) can
 * be warned about. Formulas count by their cached result. The XML is machine-written, so a few
 * regular expressions read it; anything that is not a workbook is refused with a way out.
 */
export function readXlsx(fileName: string, bytes: Uint8Array): Table {
  const files = unzipCapped(fileName, bytes, {
    kind: "buku kerja Excel (.xlsx)",
    accept: (name) => name.startsWith("xl/") && !name.startsWith("xl/media/"),
    refuse: (message) => new CsvFileError(message),
  });
  const text = (path: string) => {
    const file = files.get(path);
    return file ? new TextDecoder().decode(file) : null;
  };
  const workbook = text("xl/workbook.xml");
  if (!workbook)
    throw new CsvFileError(
      `Berkas ${fileName} bukan buku kerja Excel (.xlsx). Simpan sebagai "Excel Workbook" atau "CSV UTF-8".`,
    );

  const sheetPath = firstSheetPath(workbook, text("xl/_rels/workbook.xml.rels") ?? "");
  const sheet = sheetPath ? text(sheetPath) : null;
  if (!sheet) throw new CsvFileError(`Berkas ${fileName} tidak berisi lembar kerja.`);
  const shared = sharedStrings(text("xl/sharedStrings.xml") ?? "");
  const dateStyles = dateStyleIndexes(text("xl/styles.xml") ?? "");

  const rows: TableRow[] = [];
  for (const rowMatch of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const line = Number(attribute(rowMatch[1]!, "r")) || rows.length + 1;
    const cells: string[] = [];
    let numericColumns: Set<number> | undefined;
    let next = 0;
    for (const cellMatch of (rowMatch[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attributes = cellMatch[1]!;
      const reference = attribute(attributes, "r");
      const column = reference ? columnIndex(reference) : next;
      next = column + 1;
      const body = cellMatch[2] ?? "";
      const type = attribute(attributes, "t") ?? "n";
      const value = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let cell = "";
      if (type === "s") cell = value === undefined ? "" : (shared[Number(value)] ?? "");
      else if (type === "inlineStr") cell = textRuns(body);
      else if (type === "str" || type === "e") cell = value === undefined ? "" : decodeXml(value);
      else if (type === "b") cell = value === "1" ? "TRUE" : "FALSE";
      else if (value !== undefined) {
        const style = Number(attribute(attributes, "s") ?? 0);
        if (dateStyles.has(style)) cell = excelSerialToIsoDate(Number(value)) ?? value;
        else {
          cell = value;
          (numericColumns ??= new Set()).add(column);
        }
      }
      while (cells.length < column) cells.push("");
      cells[column] = cell;
    }
    if (cells.every((cell) => cell.trim() === "")) continue;
    rows.push(numericColumns ? { line, cells, numericColumns } : { line, cells });
  }
  const [header, ...body] = rows;
  if (!header) throw new CsvFileError(`Lembar pertama berkas ${fileName} kosong.`);
  return { headers: header.cells.map((cell) => cell.trim()), rows: body };
}

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];
}

/** `B12` → 1 (columns from 0). */
function columnIndex(reference: string): number {
  let index = 0;
  for (const ch of reference.replace(/\d+$/, "")) index = index * 26 + (ch.toUpperCase().charCodeAt(0) - 64);
  return index - 1;
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
    if (entity[0] !== "#") return named[entity.toLowerCase()]!;
    const codePoint = entity[1]?.toLowerCase() === "x" ? parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    // A reference to no character at all is shown as U+FFFD rather than stopping the import.
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : "\uFFFD";
  });
}

/** The text of `<t>` runs (plain or rich text), without phonetic runs. */
function textRuns(xml: string): string {
  const withoutPhonetic = xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, "");
  return [...withoutPhonetic.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((m) => decodeXml(m[1]!)).join("");
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<si\b[^>]*>([\s\S]*?)<\/si>/g)].map((m) => textRuns(m[1]!));
}

function firstSheetPath(workbook: string, relations: string): string | null {
  const relationId = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(workbook)?.[1];
  if (!relationId) return null;
  for (const relation of relations.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    if (attribute(relation[1]!, "Id") !== relationId) continue;
    const target = attribute(relation[1]!, "Target") ?? "";
    return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  }
  return null;
}

/** Excel's built-in date formats (14–22, 45–47) and custom ones with day, month or year codes. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

function dateStyleIndexes(styles: string): Set<number> {
  const customDate = new Set<number>();
  for (const format of styles.matchAll(/<numFmt\b([^>]*)\/?>/g)) {
    const code = decodeXml(attribute(format[1]!, "formatCode") ?? "").replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
    if (/[dmy]/i.test(code)) customDate.add(Number(attribute(format[1]!, "numFmtId")));
  }
  const cellFormats = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? "";
  const dates = new Set<number>();
  [...cellFormats.matchAll(/<xf\b([^>]*)/g)].forEach((xf, index) => {
    const formatId = Number(attribute(xf[1]!, "numFmtId") ?? 0);
    if (BUILT_IN_DATE_FORMATS.has(formatId) || customDate.has(formatId)) dates.add(index);
  });
  return dates;
}
