import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { BoundaryFileError, importBoundaries } from "@/lib/boundaries";
import type { Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { importDtks } from "@/lib/imports";
import { joinHouseholdsToAreas, locationCounts } from "@/lib/spatial";

import { describeEachEngine } from "../helpers/each-engine";

const K = "64.72.05.1004"; // Sungai Siring, Samarinda Utara
const HEADER =
  "ID_DTKS,NOKK,NIK,NAMA,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,KODE WILAYAH,RW,RT,DESIL,STATUS,STATUS VERVAL,LATITUDE,LONGITUDE";

function csv(lines: string[]): Uint8Array {
  return new TextEncoder().encode([HEADER, ...lines].join("\n") + "\n");
}

function geojson(features: Array<{ code: string; geometry: unknown }>): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      type: "FeatureCollection",
      features: features.map((f) => ({ type: "Feature", properties: { kode: f.code }, geometry: f.geometry })),
    }),
  );
}

/** A square of `size` degrees around a point. */
function square([lon, lat]: [number, number], size = 0.002) {
  const h = size / 2;
  return {
    type: "Polygon",
    coordinates: [
      [
        [lon - h, lat - h],
        [lon + h, lat - h],
        [lon + h, lat + h],
        [lon - h, lat + h],
        [lon - h, lat - h],
      ],
    ],
  };
}

async function labelPoint(ctx: Context, code: string): Promise<[number, number]> {
  const [row] = await queryRows<{ lon: number; lat: number }>(
    ctx.db,
    sql`SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM area WHERE code = ${code}`,
  );
  return [row!.lon, row!.lat];
}

async function areaFingerprint(ctx: Context): Promise<string> {
  const [row] = await queryRows<{ digest: string }>(
    ctx.db,
    sql`SELECT md5(string_agg(code || name || source || coalesce(ST_AsEWKT(geom), ''), '|' ORDER BY code)) AS digest FROM area`,
  );
  return row!.digest;
}

async function statusOf(ctx: Context, dtksId: string) {
  const [row] = await queryRows<{
    location_status: string;
    effective_kelurahan_code: string;
    spatial_kelurahan_code: string | null;
  }>(
    ctx.db,
    sql`SELECT location_status, effective_kelurahan_code, spatial_kelurahan_code FROM household WHERE dtks_id = ${dtksId}`,
  );
  return row;
}

describeEachEngine("places that cannot be", (fixture) => {
  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
  });

  it("flags a DTKS geotag outside the kabupaten/kota, counts it in the declared kelurahan, warns naming its line, and counts it on the map", async () => {
    const { ctx } = fixture();
    const [lon, lat] = await labelPoint(ctx, K);
    const report = await importDtks({
      ctx,
      input: {
        fileName: "dtks-lokasi.csv",
        bytes: csv([
          `P1,6472051203150007,6472051708850003,Di Kelurahan,17-08-1985,L,Kepala Keluarga,${K},1,1,2,aktif,terverifikasi,${lat},${lon}`,
          `P2,6472051203150015,6472050101500001,Titik Nol,01-01-1950,L,Kepala Keluarga,${K},1,2,1,aktif,terverifikasi,0,0`,
          `P2,6472051203150015,6472054101550002,Titik Nol Istri,01-01-1955,P,Istri,${K},1,2,1,aktif,terverifikasi,0,0`,
          `P3,6472051203150023,6472050202800002,Di Jakarta,02-02-1980,L,Kepala Keluarga,${K},1,3,3,aktif,belum,-6.2,106.8`,
        ]),
      },
    });
    expect(report).toMatchObject({ households: 3, persons: 4, rejections: [] });
    expect(report.warnings.filter((w) => /di luar Kota Samarinda/.test(w))).toEqual([
      expect.stringMatching(
        /^Baris 3: titik lokasi rumah tangga P2 \(lintang 0, bujur 0\) berada di luar Kota Samarinda; .*\(64\.72\.05\.1004\)/,
      ),
      expect.stringMatching(/^Baris 5: titik lokasi rumah tangga P3 \(lintang -6\.2, bujur 106\.8\)/),
    ]);
    expect(await statusOf(ctx, "P1")).toEqual({
      location_status: "sesuai",
      effective_kelurahan_code: K,
      spatial_kelurahan_code: K,
    });
    expect(await statusOf(ctx, "P2")).toEqual({
      location_status: "di_luar_kabkota",
      effective_kelurahan_code: K,
      spatial_kelurahan_code: null,
    });
    expect(await statusOf(ctx, "P3")).toMatchObject({
      location_status: "di_luar_kabkota",
      effective_kelurahan_code: K,
    });
    expect(await locationCounts({ ctx, input: { kabkotaCode: "64.72" } })).toMatchObject({
      households: 3,
      outsideKabkota: 2,
      outsideAreas: 0,
    });
    const [batch] = await queryRows<{ details: { outside_kabkota: number; warnings: string[] } }>(
      ctx.db,
      sql`SELECT details FROM import_batch WHERE id = ${report.batchId}`,
    );
    expect(batch!.details.outside_kabkota).toBe(2);
  });

  it("tells a gap inside the city's own polygon from a place outside it, and falls back to the kelurahan union without one", async () => {
    const { ctx } = fixture();
    // A city polygon of its own, 0.05° wider than its kelurahan; a point 0.01° east of the
    // easternmost kelurahan vertex lies inside the city but in no kelurahan.
    await ctx.db.execute(
      sql`UPDATE area SET geom = ST_Multi(ST_Buffer(geom, 0.05)), source = 'kota.geojson' WHERE code = '64.72'`,
    );
    await ctx.db.execute(sql`
      UPDATE household SET geotag = (
        SELECT ST_Translate(p.geom, 0.01, 0) FROM area a, ST_DumpPoints(a.geom) p
        WHERE a.level = 'kelurahan' AND a.kabkota_code = '64.72' ORDER BY ST_X(p.geom) DESC LIMIT 1)
      WHERE dtks_id = 'P3'`);
    const report = await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } });
    expect(report).toMatchObject({ sesuai: 1, diLuarWilayah: 1, diLuarKabkota: 1 });
    expect(await statusOf(ctx, "P3")).toMatchObject({
      location_status: "di_luar_wilayah",
      effective_kelurahan_code: K,
    });
    expect(await locationCounts({ ctx, input: { kabkotaCode: "64.72" } })).toMatchObject({
      outsideKabkota: 1,
      outsideAreas: 1,
    });

    // Without a city polygon, the union of its kelurahan is the city: the same point is outside it.
    await ctx.db.execute(sql`UPDATE area SET geom = NULL WHERE code = '64.72'`);
    expect(await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } })).toMatchObject({
      sesuai: 1,
      diLuarWilayah: 0,
      diLuarKabkota: 2,
    });
  });

  it("refuses a boundary code the official list does not know, naming the feature, and admits it when the admin allows", async () => {
    const { ctx } = fixture();
    const utara = await labelPoint(ctx, "64.72.05");
    const before = await areaFingerprint(ctx);
    const file = geojson([
      { code: "64.72.05.1004.001.001", geometry: square(await labelPoint(ctx, K)) },
      { code: "99.99.99.9999", geometry: square([117.1, -0.5]) },
      { code: "64.72.05.9999.001.001", geometry: square(utara) },
    ]);
    const attempt = importBoundaries({ ctx, input: { fileName: "kode-asing.geojson", bytes: file } });
    await expect(attempt).rejects.toBeInstanceOf(BoundaryFileError);
    const error = (await attempt.catch((e: unknown) => e)) as BoundaryFileError;
    expect(error.message).toMatch(/^Berkas ditolak: 2 fitur berkode di luar daftar resmi, .*--allow-unknown-codes/);
    expect(error.problems).toEqual([
      "Fitur ke-2 (kode 99.99.99.9999): kode ini tidak ada dalam daftar kode wilayah resmi Kemendagri.",
      "Fitur ke-3 (kode 64.72.05.9999.001.001): kelurahan 64.72.05.9999 dari kode RT ini tidak ada dalam daftar kode wilayah resmi Kemendagri.",
    ]);
    expect(await areaFingerprint(ctx)).toBe(before);
    const [refused] = await queryRows<{ status: string }>(
      ctx.db,
      sql`SELECT status FROM import_batch WHERE file_name = 'kode-asing.geojson'`,
    );
    expect(refused!.status).toBe("ditolak");

    const allowed = await importBoundaries({
      ctx,
      input: {
        fileName: "kelurahan-baru.geojson",
        bytes: geojson([{ code: "64.72.05.9999", geometry: square(utara) }]),
        allowUnknownCodes: true,
      },
    });
    expect(allowed).toMatchObject({ features: 1, inserted: 1 });
    const [row] = await queryRows<{ name: string; parent_code: string }>(
      ctx.db,
      sql`SELECT name, parent_code FROM area WHERE code = '64.72.05.9999'`,
    );
    expect(row).toEqual({ name: "64.72.05.9999", parent_code: "64.72.05" });
  });

  it("refuses a polygon in Jakarta under a Samarinda code, against a parent of its own or the city its kelurahan make", async () => {
    const { ctx } = fixture();
    const jakarta = square([106.8, -6.2]);
    const before = await areaFingerprint(ctx);
    // The demo's kecamatan and city outlines are derived from their kelurahan: a polygon 1,000 km away is refused.
    const derived = importBoundaries({
      ctx,
      input: { fileName: "jakarta.geojson", bytes: geojson([{ code: K, geometry: jakarta }]), allowUnknownCodes: true },
    });
    await expect(derived).rejects.toThrow(/Berkas ditolak: 1 fitur berada di luar wilayah induknya/);
    await expect(derived).rejects.toMatchObject({
      problems: [
        "Fitur ke-1 (kode 64.72.05.1004): geometrinya lebih dari sekitar 110 km dari Samarinda Utara (64.72.05) yang sudah ada.",
      ],
    });

    // An RT must touch its kelurahan, which has a polygon of its own.
    const [lon, lat] = await labelPoint(ctx, K);
    const rt = importBoundaries({
      ctx,
      input: {
        fileName: "rt.geojson",
        bytes: geojson([
          { code: `${K}.002.003`, geometry: square([lon, lat]) },
          { code: `${K}.002.004`, geometry: square([lon + 0.3, lat]) },
        ]),
      },
    });
    await expect(rt).rejects.toMatchObject({
      problems: [`Fitur ke-2 (kode ${K}.002.004): geometrinya seluruhnya di luar Sungai Siring (${K}).`],
    });
    expect(await areaFingerprint(ctx)).toBe(before);
  });
});
