import JSZip from "jszip";
import { describe, expect, it } from "vitest";

import { writeXlsx, XLSX_MAX_ROWS } from "@/lib/exports";
import { CsvFileError, parseDtksRows, readTable, templateFile } from "@/lib/imports";

import { zipBomb, zipOfMany } from "../helpers/zip-bomb";

const excelSerial = (iso: string) => (Date.parse(`${iso}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;

/** A workbook shaped the way Excel writes one: shared strings, styles, formulas, sparse cells. */
async function excelLikeWorkbook(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
      `<sheets><sheet name="Data DTKS" sheetId="1" r:id="rId7"/><sheet name="Lain" sheetId="2" r:id="rId8"/></sheets></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId8" Type="…/worksheet" Target="worksheets/sheet2.xml"/>` +
      `<Relationship Id="rId7" Type="…/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
  );
  const headers = ["ID_DTKS", "NOKK", "NIK", "NAMA", "TGL LAHIR", "JENIS KELAMIN", "KODE WILAYAH", "STATUS VERVAL"];
  zip.file(
    "xl/sharedStrings.xml",
    `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      headers.map((h) => `<si><t>${h}</t></si>`).join("") +
      `<si><r><rPr><b/></rPr><t>Siti </t></r><r><t xml:space="preserve">&amp; Aminah</t></r><rPh><t>x</t></rPh></si>` +
      `<si><t>64.72.05.1004</t></si><si><t>terverifikasi</t></si></sst>`,
  );
  zip.file(
    "xl/styles.xml",
    `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      `<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts>` +
      `<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  );
  const row1 = headers.map((_, i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join("");
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="8" width="12"/></cols><sheetData>` +
      `<row r="1" spans="1:8">${row1}</row>` +
      // A NIK typed as a number: Excel kept 15 digits. The birth date with a built-in date style.
      `<row r="2"><c r="A2" t="str"><f>"H"&amp;1</f><v>H1</v></c><c r="B2" t="inlineStr"><is><t>6472051203150007</t></is></c>` +
      `<c r="C2"><v>6.4720557088700E+15</v></c><c r="D2" t="s"><v>8</v></c><c r="E2" s="1"><v>${excelSerial("1987-08-17")}</v></c>` +
      `<c r="F2" t="inlineStr"><is><t>P</t></is></c><c r="G2" t="s"><v>9</v></c><c r="H2" t="s"><v>10</v></c></row>` +
      `<row r="3"/>` +
      // Sparse row: no r attributes on the first cells, a gap before G, a custom date style.
      `<row r="4"><c t="inlineStr"><is><t>H2</t></is></c><c t="inlineStr"><is><t>6472051203150015</t></is></c>` +
      `<c t="inlineStr"><is><t>6472050101500001</t></is></c><c t="inlineStr"><is><t>Darmo</t></is></c>` +
      `<c s="2"><v>${excelSerial("1950-01-01")}</v></c><c r="G4" t="s"><v>9</v></c></row>` +
      `</sheetData></worksheet>`,
  );
  zip.file(
    "xl/worksheets/sheet2.xml",
    `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>salah lembar</t></is></c></row></sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

describe("readTable on Excel workbooks", () => {
  it("reads the first sheet as Excel shows it: shared and rich text, dates, formulas, sparse rows", async () => {
    const table = readTable("dtks.xlsx", await excelLikeWorkbook());
    expect(table.headers).toEqual([
      "ID_DTKS",
      "NOKK",
      "NIK",
      "NAMA",
      "TGL LAHIR",
      "JENIS KELAMIN",
      "KODE WILAYAH",
      "STATUS VERVAL",
    ]);
    expect(table.rows.map((row) => [row.line, row.cells])).toEqual([
      [
        2,
        [
          "H1",
          "6472051203150007",
          "6.4720557088700E+15",
          "Siti & Aminah",
          "1987-08-17",
          "P",
          "64.72.05.1004",
          "terverifikasi",
        ],
      ],
      [4, ["H2", "6472051203150015", "6472050101500001", "Darmo", "1950-01-01", "", "64.72.05.1004"]],
    ]);
    expect([...(table.rows[0]!.numericColumns ?? [])]).toEqual([2]);
  });

  it("warns when a NIK stored as a number lost its last digit, and keeps the row", async () => {
    const table = readTable("dtks.xlsx", await excelLikeWorkbook());
    const parsed = await parseDtksRows(table, { isKecamatan: () => true, isKelurahan: () => true });
    expect(parsed.rejections).toEqual([]);
    expect(parsed.persons.map((p) => [p.nik, p.birthDate])).toEqual([
      ["6472055708870000", "1987-08-17"],
      ["6472050101500001", "1950-01-01"],
    ]);
    expect(parsed.warnings).toEqual([expect.stringMatching(/^Baris 2: NIK tersimpan sebagai angka .*15 digit/)]);
  });

  it("reads back what writeXlsx wrote, text and numbers alike", () => {
    const rows = [
      ["nama", "nominal", "catatan"],
      ['Ali "Abah" <Kutai>', 750000, null],
      ["Ñoñó & co", 0.5, "=SUM(A1)"],
    ];
    const table = readTable("tulis.xlsx", writeXlsx({ name: "Uji", rows, textColumns: new Set([0]) }));
    expect(table.headers).toEqual(["nama", "nominal", "catatan"]);
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['Ali "Abah" <Kutai>', "750000"],
      ["Ñoñó & co", "0.5", "=SUM(A1)"],
    ]);
  });

  it("writes a sheet longer than a call's arguments may be, and refuses one longer than Excel's", async () => {
    // A whole city's list at a million households: the width was once taken by spreading every
    // row into Math.max, which overflows the stack past about 120,000 rows.
    const rows: Array<Array<string | number>> = [["id_dtks", "desil"]];
    for (let i = 1; i <= 200_000; i++) rows.push([`H${i}`, i % 10]);
    const zip = await JSZip.loadAsync(writeXlsx({ name: "Besar", rows, textColumns: new Set([0]) }));
    const worksheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(worksheet.match(/<row /g)).toHaveLength(200_001);
    expect(worksheet).toContain(
      `<row r="200001"><c r="A200001" s="2" t="inlineStr"><is><t xml:space="preserve">H200000</t>`,
    );
    expect(worksheet.endsWith("</sheetData></worksheet>")).toBe(true);

    const tooLong = Array.from({ length: XLSX_MAX_ROWS + 1 }, () => ["H", 1]);
    expect(() => writeXlsx({ name: "Terlalu", rows: tooLong })).toThrow(
      /1\.048\.576 baris, lebih dari 1\.048\.575 baris yang dimuat satu lembar Excel\. Unduh sebagai CSV/,
    );
  });

  it("gives the same rows from the Excel and the CSV template", () => {
    for (const name of ["dtks", "penerima"] as const) {
      const fromCsv = readTable(`${name}.csv`, templateFile(name, "csv").bytes);
      const fromXlsx = readTable(`${name}.xlsx`, templateFile(name, "xlsx").bytes);
      expect(fromXlsx.headers).toEqual(fromCsv.headers);
      expect(fromXlsx.rows.map((row) => row.cells.map((cell) => cell.trim()))).toEqual(
        fromCsv.rows.map((row) => row.cells),
      );
    }
  });

  it("refuses a damaged workbook and an old .xls with a way out", () => {
    const damaged = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    expect(() => readTable("rusak.xlsx", damaged)).toThrow(CsvFileError);
    expect(() => readTable("rusak.xlsx", damaged)).toThrow(/rusak, terpotong atau bukan buku kerja Excel/);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(() => readTable("lama.xls", xls)).toThrow(/Excel lama \(\.xls\)/);
  });

  it("refuses a workbook that inflates beyond the limit, and one of too many entries", () => {
    expect(() =>
      readTable(
        "bom.xlsx",
        zipBomb(350, (i) => `xl/worksheets/sheet${i}.xml`),
      ),
    ).toThrow("Isi berkas bom.xlsx melebihi 300 MB setelah dibuka dan ditolak");
    expect(() =>
      readTable(
        "banyak.xlsx",
        zipOfMany(1_001, (i) => `xl/x${i}.xml`),
      ),
    ).toThrow(/banyak.xlsx berisi 1001 berkas di dalam ZIP/);
    expect(() => readTable("kosong.xlsx", zipOfMany(0, String))).toThrow(/kosong.xlsx bukan buku kerja Excel/);
  }, 60_000);
});
