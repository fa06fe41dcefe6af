import { describe, expect, it } from "vitest";

import {
  CsvFileError,
  decodeCsv,
  DTKS_COLUMNS,
  mapHeaders,
  parseCsv,
  parseDate,
  parsePeriod,
  readTable,
  RECIPIENT_COLUMNS,
} from "@/lib/imports";
import { readDegrees, readRupiah } from "@/lib/imports/values";

describe("parseDate", () => {
  it.each([
    ["1985-08-17", "1985-08-17"],
    ["17-08-1985", "1985-08-17"],
    ["17/08/1985", "1985-08-17"],
    ["7/8/1985", "1985-08-07"],
    ["17.08.1985", "1985-08-17"],
    ["31178", "1985-05-11"],
    ["45658", "2025-01-01"],
    [45658, "2025-01-01"],
  ])("reads %s as %s", (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it.each(["31-02-2001", "2001-13-01", "00-01-2001", "17 Agustus 1985", "1985/08/17/1", "12", "", null])(
    "refuses %s",
    (raw) => {
      expect(parseDate(raw)).toBeNull();
    },
  );
});

describe("parsePeriod", () => {
  it("reads YYYY-MM and its variants", () => {
    expect(parsePeriod("2021-04")).toBe("2021-04");
    expect(parsePeriod("2021/4")).toBe("2021-04");
    expect(parsePeriod("04/2021")).toBe("2021-04");
  });

  it("refuses months that do not exist", () => {
    expect(parsePeriod("2021-13")).toBeNull();
    expect(parsePeriod("April 2021")).toBeNull();
    expect(parsePeriod("1999-01")).toBeNull();
  });
});

describe("mapHeaders", () => {
  it("maps canonical and SIKS-NG style headers whatever their case and separators", () => {
    const mapping = mapHeaders(
      [
        "ID_DTKS",
        "NOKK",
        "NIK",
        "NAMA",
        "TGL LAHIR",
        "Jenis.Kelamin",
        "HUB KELUARGA",
        "KODE WILAYAH",
        "Desil",
        "Keterangan lain",
      ],
      DTKS_COLUMNS,
    );
    expect(mapping.columns).toEqual({
      id_dtks: 0,
      no_kk: 1,
      nik: 2,
      nama: 3,
      tgl_lahir: 4,
      jenis_kelamin: 5,
      hub_keluarga: 6,
      kode_kelurahan: 7,
      desil: 8,
    });
    expect(mapping.unknown).toEqual(["Keterangan lain"]);
    expect(mapping.duplicated).toEqual([]);
  });

  it("notices a column named twice", () => {
    expect(mapHeaders(["nik", "NIK Penerima", "no_kk"], RECIPIENT_COLUMNS).duplicated).toEqual(["nik"]);
  });
});

describe("decodeCsv", () => {
  it("reads UTF-8 with and without BOM, and UTF-16 from Excel", () => {
    expect(decodeCsv("a.csv", new TextEncoder().encode("nama\nSiti Aisyah"))).toBe("nama\nSiti Aisyah");
    expect(
      parseCsv(decodeCsv("a.csv", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("nik\n1")])))[0]!.cells,
    ).toEqual(["nik"]);
    const utf16 = Buffer.from("\uFEFFnama\tnik\nÁdé\t1", "utf16le");
    expect(decodeCsv("a.txt", new Uint8Array(utf16))).toBe("nama\tnik\nÁdé\t1");
  });

  it("refuses a legacy code page, telling how to save the file", () => {
    const latin1 = new Uint8Array([0x6e, 0x61, 0x6d, 0x61, 0x0a, 0x4a, 0x6f, 0x73, 0xe9]);
    expect(() => decodeCsv("penerima.csv", latin1)).toThrow(CsvFileError);
    expect(() => decodeCsv("penerima.csv", latin1)).toThrow(/CSV UTF-8/);
  });
});

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, line breaks in quotes and CRLF, keeping line numbers", () => {
    const rows = parseCsv(
      'nik,nama,alamat\r\n"6472051708850003","Siti ""Ani""","Jl. Merdeka\nRT 3"\r\n\r\n6472055708850012,Budi,Jl. Pahlawan\r\n',
    );
    expect(rows).toEqual([
      { line: 1, cells: ["nik", "nama", "alamat"] },
      { line: 2, cells: ["6472051708850003", 'Siti "Ani"', "Jl. Merdeka\nRT 3"] },
      { line: 5, cells: ["6472055708850012", "Budi", "Jl. Pahlawan"] },
    ]);
  });

  it("detects the semicolon Excel writes with an Indonesian locale", () => {
    expect(parseCsv("nik;nama;nominal\n1;Siti;200.000,00")[1]!.cells).toEqual(["1", "Siti", "200.000,00"]);
  });

  it("keeps empty cells", () => {
    expect(parseCsv("a,b,c\n,,x")[1]!.cells).toEqual(["", "", "x"]);
  });

  it("skips rows of bare delimiters that Excel leaves below the data", () => {
    expect(parseCsv("a;b;c\n1;2;3\n;;\n;;\n").map((row) => row.line)).toEqual([1, 2]);
  });

  it("refuses a quote that is never closed, naming the line", () => {
    expect(() => parseCsv('a,b\n1,"tidak ditutup\n2,3')).toThrow(/baris 2/);
  });
});

describe("readDegrees", () => {
  it("reads a degree with a comma or a dot, and one a spreadsheet kept as text behind an apostrophe", () => {
    expect(readDegrees("-0,4602", 90)).toBe(-0.4602);
    expect(readDegrees("'-0.560072", 90)).toBe(-0.560072);
    expect(readDegrees("117.15", 90)).toBeUndefined();
    expect(readDegrees(" ", 180)).toBeNull();
  });
});

describe("readRupiah", () => {
  it.each([
    ["750000", 750000],
    ["750.000", 750000],
    ["750.000,00", 750000],
    ["Rp 750.000,-", 750000],
    ["Rp. 1.250.000", 1250000],
    ["1.234", 1234],
    ["1.234.567", 1234567],
    ["345.678,5", 345679],
    ["345.678,4", 345678],
    ["345678.5", 345679],
    ["345678,4", 345678],
    ["1234567", 1234567],
    ["1,5", 2],
    [345678.4, 345678],
    [1.234, 1],
    ["", null],
  ])("reads %j", (text, expected) => {
    expect(readRupiah(text)).toBe(expected);
  });

  it.each([
    "tujuh ratus ribu",
    "-5000",
    "1,234",
    "1,234,567",
    "1.2345",
    "12.34.567",
    "1e308",
    "9".repeat(400),
    "1000000001",
    1e308,
    -5,
    Number.NaN,
  ])("refuses %j: no amount, ambiguous, or beyond a billion", (text) => {
    expect(readRupiah(text)).toBeUndefined();
  });
});

describe("readTable", () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it("reads UTF-16 saved without its byte-order mark", () => {
    for (const encoding of ["utf16le", "utf16be"] as const) {
      const bytes = Buffer.from("nik,nama\n6472051708850003,Siti Ärni\n", "utf16le");
      if (encoding === "utf16be") bytes.swap16();
      expect(readTable("u16.csv", new Uint8Array(bytes))).toEqual({
        headers: ["nik", "nama"],
        rows: [{ line: 2, cells: ["6472051708850003", "Siti Ärni"] }],
      });
    }
  });

  it("marks the cells that hold control characters and shows them as U+FFFD", () => {
    const table = readTable(
      "nul.csv",
      encode("nik,na\u0000ma,alamat\n6472051708850003,Ah\u0000mad,Jl. \u0007A\n1,Budi,Jl. B\n"),
    );
    expect(table.headers).toEqual(["nik", "nama", "alamat"]);
    expect(table.rows[0]).toEqual({
      line: 2,
      cells: ["6472051708850003", "Ah\uFFFDmad", "Jl. \uFFFDA"],
      controlColumns: new Set([1, 2]),
    });
    expect(table.rows[1]!.controlColumns).toBeUndefined();
  });

  it("refuses an empty ZIP as a workbook, in a sentence naming the file", () => {
    expect(() =>
      readTable("kosong.xlsx", new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)])),
    ).toThrow(/^Berkas kosong.xlsx bukan buku kerja Excel/);
  });
});
