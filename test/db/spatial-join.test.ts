import { bbox, booleanPointInPolygon } from "@turf/turf";
import { sql } from "drizzle-orm";
import type { MultiPolygon } from "geojson";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { seedDemoCity } from "@/lib/demo";
import { importDtks } from "@/lib/imports";
import { joinHouseholdsToAreas, type SpatialJoinReport } from "@/lib/spatial";

import { describeEachEngine } from "../helpers/each-engine";

const WITH_GEOTAG = 12_000;
const WITHOUT_GEOTAG = 300;

describeEachEngine("spatial join of households to kelurahan and RT", (fixture) => {
  let report: SpatialJoinReport;

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    // Random points over the city's bounding box widened by ~2 km, so some fall outside every
    // kelurahan; declared kelurahan cycle through the list, so most disagree with the geotag.
    await ctx.db.execute(sql`
      WITH kel AS (SELECT code, row_number() OVER (ORDER BY code) - 1 AS i FROM area WHERE level = 'kelurahan' AND kabkota_code = '64.72'),
      pts AS (
        SELECT row_number() OVER () AS n, d.geom
        FROM area city, ST_Dump(ST_GeneratePoints(ST_Expand(ST_Envelope(city.geom), 0.02), ${WITH_GEOTAG}, 7)) d
        WHERE city.code = '64.72'
      )
      INSERT INTO household (kabkota_code, dtks_id, declared_kelurahan_code, declared_rt_code, geotag)
      SELECT '64.72', 'G' || pts.n, kel.code, kel.code || '.001.001', ST_SetSRID(pts.geom, 4326)
      FROM pts JOIN kel ON kel.i = pts.n % 59`);
    await ctx.db.execute(sql`
      INSERT INTO household (kabkota_code, dtks_id, declared_kelurahan_code, declared_rt_code)
      SELECT '64.72', 'N' || n, '64.72.05.1004', '64.72.05.1004.001.002' FROM generate_series(1, ${WITHOUT_GEOTAG}) n`);
    report = await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } });
  });

  it("accounts for every household exactly once", () => {
    expect(report.households).toBe(WITH_GEOTAG + WITHOUT_GEOTAG);
    expect(report.withGeotag).toBe(WITH_GEOTAG);
    expect(report.tanpaGeotag).toBe(WITHOUT_GEOTAG);
    expect(report.sesuai + report.tidakSesuai + report.diLuarWilayah + report.diLuarKabkota).toBe(WITH_GEOTAG);
    // The demo city's outline is the union of its kelurahan: a point in none lies outside the city.
    expect(report.diLuarWilayah).toBe(0);
    expect(report.diLuarKabkota).toBeGreaterThan(100);
    expect(report.sesuai).toBeGreaterThan(50);
  });

  it("agrees with turf's booleanPointInPolygon on every one of 12,000 households", async () => {
    const { db } = fixture().ctx;
    const polygons = await queryRows<{ code: string; geojson: string }>(
      db,
      sql`SELECT code, ST_AsGeoJSON(geom, 15) AS geojson FROM area WHERE level = 'kelurahan' AND kabkota_code = '64.72'`,
    );
    const outlines = polygons.map(({ code, geojson }) => {
      const geometry = JSON.parse(geojson) as MultiPolygon;
      return { code, geometry, box: bbox(geometry) };
    });
    const points = await queryRows<{ lon: number; lat: number; code: string | null }>(
      db,
      sql`SELECT ST_X(geotag) AS lon, ST_Y(geotag) AS lat, spatial_kelurahan_code AS code FROM household WHERE geotag IS NOT NULL`,
    );
    expect(points).toHaveLength(WITH_GEOTAG);
    const disagreements: string[] = [];
    for (const { lon, lat, code } of points) {
      const containing = outlines
        .filter(({ box: [w, s, e, n] }) => lon >= w && lon <= e && lat >= s && lat <= n)
        .filter(({ geometry }) => booleanPointInPolygon([lon, lat], geometry))
        .map((o) => o.code);
      const agrees = code === null ? containing.length === 0 : containing.includes(code);
      if (!agrees) disagreements.push(`${lon},${lat}: PostGIS ${code}, turf ${containing.join("|") || "none"}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("places each located household in an RT of its own kelurahan", async () => {
    const [row] = await queryRows<{ without_rt: number; foreign_rt: number; outside_rt: number }>(
      fixture().ctx.db,
      sql`SELECT count(*) FILTER (WHERE h.spatial_rt_code IS NULL)::int AS without_rt,
                 count(*) FILTER (WHERE h.spatial_rt_code NOT LIKE h.spatial_kelurahan_code || '.%')::int AS foreign_rt,
                 count(*) FILTER (WHERE NOT ST_Covers(r.geom, h.geotag))::int AS outside_rt
          FROM household h LEFT JOIN area r ON r.code = h.spatial_rt_code
          WHERE h.spatial_kelurahan_code IS NOT NULL`,
    );
    expect(row).toEqual({ without_rt: 0, foreign_rt: 0, outside_rt: 0 });
  });

  it("attributes by geotag when it lies in a polygon, else by the declared area, and flags the mismatch", async () => {
    const rows = await queryRows<{ location_status: string; n: number; by_spatial: number; by_declared: number }>(
      fixture().ctx.db,
      sql`SELECT location_status, count(*)::int AS n,
                 count(*) FILTER (WHERE effective_kelurahan_code = spatial_kelurahan_code AND effective_rt_code = spatial_rt_code)::int AS by_spatial,
                 count(*) FILTER (WHERE effective_kelurahan_code = declared_kelurahan_code AND effective_rt_code = declared_rt_code)::int AS by_declared
          FROM household GROUP BY location_status ORDER BY location_status`,
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.location_status, r]));
    expect(byStatus.sesuai!.by_spatial).toBe(byStatus.sesuai!.n);
    expect(byStatus.tidak_sesuai!.by_spatial).toBe(byStatus.tidak_sesuai!.n);
    expect(byStatus.di_luar_kabkota!.by_declared).toBe(byStatus.di_luar_kabkota!.n);
    expect(byStatus.tanpa_geotag!.by_declared).toBe(WITHOUT_GEOTAG);
  });

  it("gives the same answer when run again, and follows a household that moved", async () => {
    const { ctx } = fixture();
    const again = await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } });
    expect(again).toEqual(report);
    await ctx.db.execute(sql`
      UPDATE household SET geotag = (SELECT label_point FROM area WHERE code = '64.72.05.1004'),
                           declared_kelurahan_code = '64.72.05.1004'
      WHERE dtks_id = 'G1'`);
    await ctx.db.execute(
      sql`UPDATE household SET geotag = ST_SetSRID(ST_MakePoint(100, 0), 4326) WHERE dtks_id = 'G2'`,
    );
    await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } });
    const moved = await queryRows<{ dtks_id: string; spatial_kelurahan_code: string | null; location_status: string }>(
      ctx.db,
      sql`SELECT dtks_id, spatial_kelurahan_code, location_status FROM household WHERE dtks_id IN ('G1', 'G2') ORDER BY dtks_id`,
    );
    expect(moved).toEqual([
      { dtks_id: "G1", spatial_kelurahan_code: "64.72.05.1004", location_status: "sesuai" },
      { dtks_id: "G2", spatial_kelurahan_code: null, location_status: "di_luar_kabkota" },
    ]);
  });

  it("places the households of a DTKS import exactly as the join of the whole city places the same points", async () => {
    const { ctx } = fixture();
    const columns = [
      "spatial_kelurahan_code",
      "spatial_rt_code",
      "effective_kelurahan_code",
      "effective_rt_code",
      "location_status",
    ];
    const placed = (alias = "") => sql.raw(columns.map((column) => `${alias}${column}`).join(", "));
    const originals = await queryRows<{ dtks_id: string; lon: number; lat: number; kelurahan: string }>(
      ctx.db,
      sql`SELECT dtks_id, ST_X(geotag) AS lon, ST_Y(geotag) AS lat, declared_kelurahan_code AS kelurahan
          FROM household WHERE dtks_id LIKE 'G%' ORDER BY dtks_id`,
    );
    const csv = [
      "id_dtks,nik,nama,kode_kelurahan,rw,rt,latitude,longitude",
      ...originals.map((o, i) => `I${o.dtks_id},,Warga ${i + 1},${o.kelurahan},1,1,${o.lat},${o.lon}`),
    ].join("\n");
    const imported = await importDtks({ ctx, input: { fileName: "titik.csv", bytes: new TextEncoder().encode(csv) } });
    expect(imported.newHouseholds).toBe(WITH_GEOTAG);
    const [comparison] = await queryRows<{ compared: number; differing: number; statuses: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS compared,
                 count(*) FILTER (WHERE (${placed("i.")}) IS DISTINCT FROM (${placed("o.")}))::int AS differing,
                 count(DISTINCT i.location_status)::int AS statuses
          FROM household o JOIN household i ON i.kabkota_code = o.kabkota_code AND i.dtks_id = 'I' || o.dtks_id`,
    );
    expect(comparison).toEqual({ compared: WITH_GEOTAG, differing: 0, statuses: 3 });
    const before = await queryRows(ctx.db, sql`SELECT id, ${placed()} FROM household ORDER BY id`);
    await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: "64.72" } });
    expect(await queryRows(ctx.db, sql`SELECT id, ${placed()} FROM household ORDER BY id`)).toEqual(before);
  });
});
