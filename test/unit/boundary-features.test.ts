import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";

import { BoundaryFileError, toBoundaryRows } from "@/lib/boundaries";

const square = (x: number, y: number) => ({
  type: "Polygon" as const,
  coordinates: [
    [
      [x, y],
      [x + 0.01, y],
      [x + 0.01, y + 0.01],
      [x, y + 0.01],
      [x, y],
    ],
  ],
});

function collection(features: Array<{ properties: Record<string, unknown>; geometry: unknown }>): FeatureCollection {
  return { type: "FeatureCollection", features: features.map((f) => ({ type: "Feature", ...f })) } as FeatureCollection;
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BoundaryFileError);
    return (error as BoundaryFileError).problems.length
      ? (error as BoundaryFileError).problems
      : [(error as Error).message];
  }
  throw new Error("expected the file to be refused");
}

describe("toBoundaryRows", () => {
  it("maps codes and names, finding the fields whatever their case", () => {
    const rows = toBoundaryRows(
      collection([
        { properties: { KODE: "64.72.05.1004", NAMA: "Sungai Siring" }, geometry: square(117.2, -0.4) },
        { properties: { KODE: "6472051005", NAMA: "Tanah Merah" }, geometry: square(117.3, -0.4) },
      ]),
    );
    expect(rows.map((r) => [r.code, r.level, r.name])).toEqual([
      ["64.72.05.1004", "kelurahan", "Sungai Siring"],
      ["64.72.05.1005", "kelurahan", "Tanah Merah"],
    ]);
  });

  it("uses the code field the operator names", () => {
    const rows = toBoundaryRows(
      collection([{ properties: { id_desa: "6472051004", kode: "x" }, geometry: square(117, 0) }]),
      {
        codeField: "ID_DESA",
      },
    );
    expect(rows[0]!.code).toBe("64.72.05.1004");
  });

  it("refuses a file without any code field, naming the accepted ones", () => {
    const [message] = problemsOf(() =>
      toBoundaryRows(collection([{ properties: { foo: 1 }, geometry: square(117, 0) }])),
    );
    expect(message).toMatch(/Tidak ada kolom kode wilayah/);
    expect(message).toMatch(/--code-field/);
  });

  it("names every feature at fault and refuses the whole file", () => {
    const problems = problemsOf(() =>
      toBoundaryRows(
        collection([
          { properties: { kode: "64.72.05.1004" }, geometry: square(117, 0) },
          { properties: { kode: "" }, geometry: square(117, 0) },
          { properties: { kode: "Samarinda" }, geometry: square(117, 0) },
          { properties: { kode: "64.72.05.1004" }, geometry: square(117, 0) },
          {
            properties: { kode: "64.72.05.1006" },
            geometry: {
              type: "LineString",
              coordinates: [
                [117, 0],
                [118, 1],
              ],
            },
          },
          { properties: { kode: "64.72.05.1007" }, geometry: square(500000, 9000000) },
          { properties: { kode: "64.72.05.1008" }, geometry: null },
        ]),
      ),
    );
    expect(problems).toEqual([
      'Fitur ke-2: kolom kode "kode" kosong.',
      'Fitur ke-3: kode "Samarinda" bukan kode wilayah Kemendagri (contoh 64.72.05.1004).',
      "Fitur ke-4 (kode 64.72.05.1004): kode yang sama sudah dipakai fitur ke-1.",
      "Fitur ke-5 (kode 64.72.05.1006): geometri LineString, harus Polygon atau MultiPolygon.",
      "Fitur ke-6 (kode 64.72.05.1007): koordinat [500000, 9000000] bukan derajat bujur/lintang WGS84 (EPSG:4326).",
      "Fitur ke-7 (kode 64.72.05.1008): geometri kosong, harus Polygon atau MultiPolygon.",
    ]);
  });

  it("refuses codes of another level than the one asked for", () => {
    const problems = problemsOf(() =>
      toBoundaryRows(collection([{ properties: { kode: "64.72.05" }, geometry: square(117, 0) }]), {
        level: "kelurahan",
      }),
    );
    expect(problems[0]).toMatch(/tingkat kecamatan, sedangkan impor ini untuk tingkat kelurahan/);
  });

  it("refuses an empty collection", () => {
    expect(problemsOf(() => toBoundaryRows(collection([])))[0]).toMatch(/tidak berisi fitur/);
  });
});

describe("toBoundaryRows with broken coordinates", () => {
  it("names a polygon whose coordinates are not rings of positions", () => {
    const problems = problemsOf(() =>
      toBoundaryRows(
        collection([
          { properties: { kode: "64.72.05.1004" }, geometry: { type: "Polygon", coordinates: null } },
          { properties: { kode: "64.72.05.1005" }, geometry: { type: "Polygon", coordinates: [[1, 2, 3]] } },
          {
            properties: { kode: "64.72.05.1006" },
            geometry: {
              type: "MultiPolygon",
              coordinates: [
                [
                  [
                    [117, 0],
                    [117.1, 0],
                    [117, 0],
                  ],
                ],
              ],
            },
          },
        ]),
      ),
    );
    expect(problems).toEqual([
      "Fitur ke-1 (kode 64.72.05.1004): koordinat bukan Polygon yang sah (setiap cincin perlu sedikitnya 4 titik [bujur, lintang], titik terakhir sama dengan yang pertama).",
      "Fitur ke-2 (kode 64.72.05.1005): koordinat bukan Polygon yang sah (setiap cincin perlu sedikitnya 4 titik [bujur, lintang], titik terakhir sama dengan yang pertama).",
      "Fitur ke-3 (kode 64.72.05.1006): koordinat bukan MultiPolygon yang sah (setiap cincin perlu sedikitnya 4 titik [bujur, lintang], titik terakhir sama dengan yang pertama).",
    ]);
  });
});

describe("toBoundaryRows with hostile features", () => {
  it("names every feature that is no Feature, a code that is no text, a geometry without a type and an open ring, in Indonesian", () => {
    const features = [
      1,
      "a",
      null,
      { type: "Feature", properties: { kode: { a: 1 } }, geometry: square(117, 0) },
      { type: "Feature", properties: { kode: ["64.72"] }, geometry: square(117, 0) },
      { type: "Feature", properties: { kode: "64.72.05.1004" }, geometry: { coordinates: [] } },
      {
        type: "Feature",
        properties: { kode: "64.72.05.1005" },
        geometry: {
          type: "Polygon",
          coordinates: [
            [
              [117, 0],
              [117.1, 0],
              [117.1, 0.1],
              [117, 0.1],
            ],
          ],
        },
      },
      { type: "Feature", properties: { kode: "99\u0000" }, geometry: square(117, 0) },
    ];
    const problems = problemsOf(() =>
      toBoundaryRows({ type: "FeatureCollection", features } as unknown as FeatureCollection),
    );
    expect(problems).toEqual([
      'Fitur ke-1: bukan objek Feature GeoJSON (isinya "1").',
      'Fitur ke-2: bukan objek Feature GeoJSON (isinya "a").',
      "Fitur ke-3: bukan objek Feature GeoJSON (isinya berupa null).",
      "Fitur ke-4: kode berupa objek bukan kode wilayah Kemendagri (contoh 64.72.05.1004).",
      "Fitur ke-5: kode berupa daftar bukan kode wilayah Kemendagri (contoh 64.72.05.1004).",
      "Fitur ke-6 (kode 64.72.05.1004): geometri tanpa jenis (type), harus Polygon atau MultiPolygon.",
      "Fitur ke-7 (kode 64.72.05.1005): koordinat bukan Polygon yang sah (setiap cincin perlu sedikitnya 4 titik [bujur, lintang], titik terakhir sama dengan yang pertama).",
      'Fitur ke-8: kode "99\uFFFD" bukan kode wilayah Kemendagri (contoh 64.72.05.1004).',
    ]);
    expect(problems.join(" ")).not.toMatch(/undefined|\[object|\u0000/);
  });

  it("keeps a name with control characters as a clean label", () => {
    const [row] = toBoundaryRows(
      collection([
        { properties: { kode: "64.72.05.1004", nama: "Sungai\u0000Siring\u0007 " }, geometry: square(117.2, -0.4) },
      ]),
    );
    expect(row!.name).toBe("Sungai Siring");
  });
});
