import { describe, expect, it } from "vitest";

import { FORMULA_START } from "@/lib/exports/cells";
import { csvDownload, writeCsv } from "@/lib/exports/csv";
import { parseCsv } from "@/lib/imports";

const HOSTILE = [
  "x;=1+1",
  '=HYPERLINK("http://contoh.invalid")',
  "+62 811",
  "-1+2",
  "@SUM(A1)",
  "\t=1",
  "\r=1",
  'a"b',
  "baris\nbaru",
];

describe("writeCsv", () => {
  it("quotes every field and neutralizes every text cell a spreadsheet would run as a formula", () => {
    expect(
      writeCsv([
        ["nama", "nominal"],
        ["x;=1+1", 750000],
        ["=1+1", -5],
        ["-5", null],
      ]),
    ).toBe(`"nama","nominal"\r\n"x;'=1+1","750000"\r\n"'=1+1","-5"\r\n"'-5",""\r\n`);
  });

  it.each([",", ";", "\t"] as const)(
    "leaves no cell that starts a formula when a spreadsheet splits on %j",
    (separator) => {
      const text = writeCsv([HOSTILE, HOSTILE.map((cell) => `x${separator}${cell}`)]);
      const cells = parseCsv(text, separator).flatMap((row) => row.cells);
      expect(cells.filter((cell) => FORMULA_START.test(cell))).toEqual([]);
    },
  );

  it("reads back as written apart from the apostrophes", () => {
    const [row] = parseCsv(writeCsv([HOSTILE]));
    expect(row!.cells.slice(0, 3)).toEqual(["x;'=1+1", `'=HYPERLINK("http://contoh.invalid")`, "'+62 811"]);
    expect(row!.cells.map((cell) => cell.replaceAll("'", ""))).toEqual(HOSTILE);
  });

  it("opens with a byte-order mark as a download", () => {
    expect([...csvDownload([["a"]]).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
