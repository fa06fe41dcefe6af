import { zip } from "@mapbox/shp-write";
import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { boundaryFeatures } from "@/lib/areas";
import { BoundaryFileError, importBoundaries } from "@/lib/boundaries";
import type { Context } from "@/lib/context";

import { describeEachEngine } from "../helpers/each-engine";
import { HAS_SHARED_DATA, sharedCsv, sharedFile } from "../helpers/shared-data";
import { zipBomb } from "../helpers/zip-bomb";

/** A fingerprint of every area row, to prove a refused file changed nothing. */
async function areaFingerprint(ctx: Context): Promise<string> {
  const [row] = await queryRows<{ digest: string | null }>(
    ctx.db,
    sql`SELECT md5(string_agg(code || name || level || coalesce(ST_AsBinary(geom)::text, '') || source, '|' ORDER BY code)) AS digest FROM area`,
  );
  return row?.digest ?? "";
}

async function countByLevel(ctx: Context, kabkota: string) {
  const rows = await queryRows<{ level: string; n: number }>(
    ctx.db,
    sql`SELECT level, count(*)::int AS n FROM area WHERE kabkota_code = ${kabkota} GROUP BY level ORDER BY level`,
  );
  return Object.fromEntries(rows.map((r) => [r.level, r.n]));
}

function geojsonBytes(features: unknown[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ type: "FeatureCollection", features }));
}

describeEachEngine("boundary import of the real files in ../shared/data", (fixture) => {
  beforeAll(async () => {
    if (!HAS_SHARED_DATA) return;
    await importBoundaries({ ctx: fixture().ctx, input: await sharedFile("samarinda-kelurahan.geojson") });
  });

  it.skipIf(!HAS_SHARED_DATA)(
    "gives Samarinda's 59 kelurahan with the codes of the facts table, and its 10 kecamatan",
    async () => {
      const { ctx } = fixture();
      const facts = await sharedCsv("samarinda-kelurahan-facts.csv");
      const codes = await queryRows<{ code: string; km2: number }>(
        ctx.db,
        sql`SELECT code, area_km2 AS km2 FROM area WHERE level = 'kelurahan' AND kabkota_code = '64.72' ORDER BY code`,
      );
      expect(codes.map((c) => c.code)).toEqual(facts.map((f) => f.kode).sort());
      const factArea = new Map(facts.map((f) => [f.kode, Number(f.area_km2)]));
      for (const { code, km2 } of codes)
        expect(Math.abs(km2 - factArea.get(code)!), code).toBeLessThan(0.05 * factArea.get(code)! + 0.02);

      const report = await importBoundaries({ ctx, input: await sharedFile("samarinda-kecamatan-dissolved.geojson") });
      expect(report).toMatchObject({ features: 10, inserted: 0, updated: 10, levels: { kecamatan: 10 } });
      expect(await countByLevel(ctx, "64.72")).toEqual({ kabkota: 1, kecamatan: 10, kelurahan: 59 });
      const kecamatan = await queryRows<{ code: string; name: string; kids: number }>(
        ctx.db,
        sql`SELECT k.code, k.name, (SELECT count(*)::int FROM area c WHERE c.parent_code = k.code) AS kids
          FROM area k WHERE k.level = 'kecamatan' AND k.kabkota_code = '64.72' ORDER BY k.code`,
      );
      expect(kecamatan.map((k) => k.name)).toEqual([
        "Palaran",
        "Samarinda Seberang",
        "Samarinda Ulu",
        "Samarinda Ilir",
        "Samarinda Utara",
        "Sungai Kunjang",
        "Sambutan",
        "Sungai Pinang",
        "Samarinda Kota",
        "Loa Janan Ilir",
      ]);
      expect(kecamatan.reduce((sum, k) => sum + k.kids, 0)).toBe(59);
    },
  );

  it.skipIf(!HAS_SHARED_DATA)(
    "names kelurahan by the official list (Sungai Siring, not the source's spelling)",
    async () => {
      const [row] = await queryRows<{ name: string }>(
        fixture().ctx.db,
        sql`SELECT name FROM area WHERE code = '64.72.05.1004'`,
      );
      expect(row?.name).toBe("Sungai Siring");
    },
  );

  it.skipIf(!HAS_SHARED_DATA)("upserts on re-import: replaces by code, never duplicates", async () => {
    const { ctx } = fixture();
    const before = await areaFingerprint(ctx);
    const report = await importBoundaries({ ctx, input: await sharedFile("samarinda-kelurahan.geojson") });
    expect(report).toMatchObject({ inserted: 0, updated: 59, createdAncestors: [] });
    expect(await countByLevel(ctx, "64.72")).toEqual({ kabkota: 1, kecamatan: 10, kelurahan: 59 });
    expect(await areaFingerprint(ctx)).toBe(before);
  });

  it.skipIf(!HAS_SHARED_DATA)("adds Bontang beside Samarinda and leaves Samarinda as it was", async () => {
    const { ctx } = fixture();
    const samarinda = await queryRows<{ digest: string }>(
      ctx.db,
      sql`SELECT md5(string_agg(code || ST_AsBinary(geom)::text, '|' ORDER BY code)) AS digest FROM area WHERE kabkota_code = '64.72'`,
    );
    await importBoundaries({ ctx, input: await sharedFile("bontang-kelurahan.geojson") });
    await importBoundaries({ ctx, input: await sharedFile("bontang-kecamatan-dissolved.geojson") });
    expect(await countByLevel(ctx, "64.74")).toEqual({ kabkota: 1, kecamatan: 3, kelurahan: 15 });
    const after = await queryRows<{ digest: string }>(
      ctx.db,
      sql`SELECT md5(string_agg(code || ST_AsBinary(geom)::text, '|' ORDER BY code)) AS digest FROM area WHERE kabkota_code = '64.72'`,
    );
    expect(after).toEqual(samarinda);
    const bontang = await boundaryFeatures({ ctx, input: { kabkotaCode: "64.74", level: "kelurahan" } });
    expect(bontang.features).toHaveLength(15);
    expect(bontang.features.filter((f) => f.geometry.coordinates.length > 1).length).toBeGreaterThanOrEqual(2);
  });

  it.skipIf(!HAS_SHARED_DATA)("serves display outlines that are valid and close to the analysis geometry", async () => {
    const [row] = await queryRows<{ invalid: number; worst: number }>(
      fixture().ctx.db,
      sql`SELECT count(*) FILTER (WHERE NOT ST_IsValid(geom_display))::int AS invalid,
                 max(abs(ST_Area(geom_display) - ST_Area(geom)) / ST_Area(geom)) AS worst
          FROM area WHERE geom IS NOT NULL`,
    );
    expect(row?.invalid).toBe(0);
    expect(row?.worst).toBeLessThan(0.02);
  });
});

describeEachEngine("boundary files that must be refused or repaired", (fixture) => {
  const good = {
    type: "Feature",
    properties: { kode: "64.72.01.1001" },
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [117.1, -0.5],
          [117.11, -0.5],
          [117.11, -0.49],
          [117.1, -0.49],
          [117.1, -0.5],
        ],
      ],
    },
  };

  beforeAll(async () => {
    await importBoundaries({ ctx: fixture().ctx, input: { fileName: "awal.geojson", bytes: geojsonBytes([good]) } });
  });

  it.each([
    ["not JSON", new TextEncoder().encode("<html>bukan geojson</html>"), /bukan GeoJSON maupun Shapefile ZIP/],
    [
      "a feature with a line",
      geojsonBytes([
        good,
        {
          ...good,
          properties: { kode: "64.72.01.1002" },
          geometry: {
            type: "LineString",
            coordinates: [
              [117, 0],
              [118, 0],
            ],
          },
        },
      ]),
      /geometri LineString/,
    ],
    [
      "a feature without a code",
      geojsonBytes([good, { ...good, properties: { nama: "Tanpa Kode" } }]),
      /kolom kode "kode" kosong/,
    ],
    [
      "truncated JSON",
      new TextEncoder().encode('{"type":"FeatureCollection","features":[{"type":"Fea'),
      /^Berkas rusak.geojson bukan GeoJSON maupun Shapefile ZIP: isinya bukan JSON yang utuh/,
    ],
    [
      "an empty ZIP",
      new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
      /^Berkas rusak.geojson bukan Shapefile ZIP yang dapat dibaca: tidak ada berkas .shp/,
    ],
    [
      "a ZIP that inflates to 350 MB",
      zipBomb(350, (i) => `bom${i}.shp`),
      /^Isi berkas rusak.geojson melebihi 300 MB setelah dibuka dan ditolak/,
    ],
    [
      "features that are scalars",
      geojsonBytes([good, 1, null]),
      /Fitur ke-2: bukan objek Feature GeoJSON \(isinya "1"\)/,
    ],
    [
      "a code that is an object",
      geojsonBytes([{ ...good, properties: { kode: { a: 1 } } }]),
      /Fitur ke-1: kode berupa objek bukan kode wilayah/,
    ],
    [
      "a geometry without a type",
      geojsonBytes([{ ...good, geometry: { coordinates: [] } }]),
      /geometri tanpa jenis \(type\)/,
    ],
    [
      "an open ring",
      geojsonBytes([
        {
          ...good,
          geometry: {
            type: "Polygon",
            coordinates: [
              [
                [117.1, -0.5],
                [117.11, -0.5],
                [117.11, -0.49],
                [117.1, -0.49],
              ],
            ],
          },
        },
      ]),
      /titik terakhir sama dengan yang pertama/,
    ],
  ])("refuses %s, names the problem and changes nothing", async (_case, bytes, message) => {
    const { ctx } = fixture();
    const before = await areaFingerprint(ctx);
    const attempt = importBoundaries({ ctx, input: { fileName: "rusak.geojson", bytes } });
    await expect(attempt).rejects.toBeInstanceOf(BoundaryFileError);
    await expect(attempt).rejects.toThrow(message);
    expect(await areaFingerprint(ctx)).toBe(before);
    const [batch] = await queryRows<{ status: string; message: string }>(
      ctx.db,
      sql`SELECT status, message FROM import_batch ORDER BY id DESC LIMIT 1`,
    );
    expect(batch?.status).toBe("ditolak");
    expect(batch?.message).toMatch(message);
    expect(batch?.message).not.toMatch(/undefined|\[object|Failed query|Exception|Unexpected|JSON input/);
  });

  it("keeps a name with control characters as a clean label", async () => {
    const { ctx } = fixture();
    const feature = { ...good, properties: { kode: "64.72.01.1007", nama: "Nama\u0000Kendali\u0007" } };
    // A code the official list does not know keeps the file's name, so the file's control characters matter.
    await importBoundaries({
      ctx,
      input: { fileName: "kendali.geojson", bytes: geojsonBytes([feature]), allowUnknownCodes: true },
    });
    const [row] = await queryRows<{ name: string }>(ctx.db, sql`SELECT name FROM area WHERE code = '64.72.01.1007'`);
    expect(row?.name).toMatch(/^Nama.Kendali/);
    expect(row?.name).not.toMatch(/[\u0000-\u001f]/);
  });

  it("repairs a self-intersecting polygon with ST_MakeValid and reports it", async () => {
    const { ctx } = fixture();
    const bowtie = {
      type: "Feature",
      properties: { kode: "64.72.01.1003" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [117.2, -0.5],
            [117.21, -0.49],
            [117.21, -0.5],
            [117.2, -0.49],
            [117.2, -0.5],
          ],
        ],
      },
    };
    const report = await importBoundaries({ ctx, input: { fileName: "kupu.geojson", bytes: geojsonBytes([bowtie]) } });
    expect(report.repaired).toEqual([{ code: "64.72.01.1003", reason: expect.stringMatching(/Self-intersection/i) }]);
    const [row] = await queryRows<{ valid: boolean; type: string; km2: number }>(
      ctx.db,
      sql`SELECT ST_IsValid(geom) AS valid, GeometryType(geom) AS type, area_km2 AS km2 FROM area WHERE code = '64.72.01.1003'`,
    );
    expect(row).toMatchObject({ valid: true, type: "MULTIPOLYGON" });
    expect(row!.km2).toBeGreaterThan(0.5);
  });

  it("drops heights from 3D polygons", async () => {
    const { ctx } = fixture();
    const withZ = {
      type: "Feature",
      properties: { kode: "64.72.01.1005" },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [117.3, -0.5, 12],
            [117.31, -0.5, 12],
            [117.31, -0.49, 15],
            [117.3, -0.49, 9],
            [117.3, -0.5, 12],
          ],
        ],
      },
    };
    await importBoundaries({ ctx, input: { fileName: "z.geojson", bytes: geojsonBytes([withZ]) } });
    const [row] = await queryRows<{ dims: number }>(
      ctx.db,
      sql`SELECT ST_NDims(geom) AS dims FROM area WHERE code = '64.72.01.1005'`,
    );
    expect(row?.dims).toBe(2);
  });

  it("does not let a file named like a marker pose as generated data", async () => {
    const { ctx } = fixture();
    const feature = { ...good, properties: { kode: "64.72.01.1002" } };
    await importBoundaries({ ctx, input: { fileName: "turunan", bytes: geojsonBytes([feature]) } });
    const [row] = await queryRows<{ source: string }>(
      ctx.db,
      sql`SELECT source FROM area WHERE code = '64.72.01.1002'`,
    );
    expect(row?.source).toBe("turunan (berkas)");
  });

  it("imports a zipped Shapefile whose codes have no dots", async () => {
    const { ctx } = fixture();
    const archive = await zip<"uint8array">(
      {
        type: "FeatureCollection",
        features: [{ ...good, properties: { KODE_KEL: "6472011004", NAMA: "Simpang Pasir" } }],
      } as never,
      { outputType: "uint8array", compression: "STORE" },
    );
    const report = await importBoundaries({
      ctx,
      input: { fileName: "kel.zip", bytes: archive, codeField: "kode_kel" },
    });
    expect(report).toMatchObject({ features: 1, inserted: 1 });
    const [row] = await queryRows<{ name: string; parent_code: string }>(
      ctx.db,
      sql`SELECT name, parent_code FROM area WHERE code = '64.72.01.1004'`,
    );
    expect(row).toEqual({ name: "Simpang Pasir", parent_code: "64.72.01" });
  });

  it("derives the outline of an ancestor created from the official list as the union of its children", async () => {
    const [row] = await queryRows<{ source: string; name: string; covers: boolean }>(
      fixture().ctx.db,
      sql`SELECT k.source, k.name, ST_Covers(k.geom, (SELECT ST_Union(geom) FROM area WHERE parent_code = '64.72.01')) AS covers
          FROM area k WHERE k.code = '64.72.01'`,
    );
    expect(row).toEqual({ source: "turunan", name: "Palaran", covers: true });
  });
});
