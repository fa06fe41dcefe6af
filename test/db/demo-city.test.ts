import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { areaInventory, boundaryFeatures, listAreasOfKabkota } from "@/lib/areas";
import { importBoundaries } from "@/lib/boundaries";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";

import { describeEachEngine } from "../helpers/each-engine";
import { HAS_SHARED_DATA, sharedFile } from "../helpers/shared-data";

describeEachEngine("demo city", (fixture) => {
  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
  });

  it("has Samarinda's 10 kecamatan and 59 kelurahan with official names, and about 2,000 RT", async () => {
    const { ctx } = fixture();
    const inventory = await areaInventory({ ctx, input: { kabkotaCode: "64.72" } });
    expect(inventory.hasDemoData).toBe(true);
    expect(inventory.levels).toMatchObject({ kabkota: 1, kecamatan: 10, kelurahan: 59 });
    expect(inventory.levels.rt).toBeGreaterThan(1900);
    expect(inventory.levels.rt).toBeLessThan(2100);
    const [city] = await queryRows<{ name: string; km2: number }>(
      ctx.db,
      sql`SELECT name, area_km2 AS km2 FROM area WHERE code = '64.72'`,
    );
    expect(city?.name).toBe("Kota Samarinda");
    // Samarinda covers about 718 km² (BPS); the generated outline is of the same size.
    expect(city!.km2).toBeGreaterThan(550);
    expect(city!.km2).toBeLessThan(900);
  });

  it("subdivides every kelurahan into RT that tile it exactly, coded <kelurahan>.<RW>.<RT>", async () => {
    const rows = await queryRows<{ code: string; rts: number; bad_codes: number; outside: number; coverage: number }>(
      fixture().ctx.db,
      sql`
        SELECT k.code, count(r.code)::int AS rts,
               count(*) FILTER (WHERE r.code !~ ('^' || replace(k.code, '.', '\\.') || '\\.[0-9]{3}\\.[0-9]{3}$'))::int AS bad_codes,
               count(*) FILTER (WHERE NOT ST_Covers(ST_Buffer(k.geom, 1e-7), r.geom))::int AS outside,
               sum(ST_Area(r.geom)) / ST_Area(k.geom) AS coverage
        FROM area k JOIN area r ON r.parent_code = k.code AND r.level = 'rt'
        WHERE k.level = 'kelurahan' AND k.kabkota_code = '64.72'
        GROUP BY k.code, k.geom`,
    );
    expect(rows).toHaveLength(59);
    for (const row of rows) {
      expect(row.rts, row.code).toBeGreaterThanOrEqual(3);
      expect(row.bad_codes, row.code).toBe(0);
      expect(row.outside, row.code).toBe(0);
      expect(row.coverage, row.code).toBeCloseTo(1, 4);
    }
  });

  it("makes kecamatan the union of their kelurahan", async () => {
    const rows = await queryRows<{ code: string; ratio: number }>(
      fixture().ctx.db,
      sql`SELECT k.code, ST_Area(k.geom) / (SELECT sum(ST_Area(c.geom)) FROM area c WHERE c.parent_code = k.code) AS ratio
          FROM area k WHERE k.level = 'kecamatan' AND k.kabkota_code = '64.72'`,
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) expect(row.ratio, row.code).toBeCloseTo(1, 4);
  });

  it("gives the same city on a second seed", async () => {
    const { ctx } = fixture();
    const digest = sql`SELECT md5(string_agg(code || ST_AsText(ST_SnapToGrid(geom, 1e-6)), '|' ORDER BY code)) AS d FROM area WHERE kabkota_code = '64.72'`;
    const [before] = await queryRows<{ d: string }>(ctx.db, digest);
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    const [after] = await queryRows<{ d: string }>(ctx.db, digest);
    expect(after).toEqual(before);
  });

  it("lists kecamatan and kelurahan of the city in one query, by code", async () => {
    const areas = await listAreasOfKabkota({
      ctx: fixture().ctx,
      input: { kabkotaCode: "64.72", levels: ["kecamatan", "kelurahan"] },
    });
    expect(areas.filter((a) => a.level === "kecamatan")).toHaveLength(10);
    expect(areas.filter((a) => a.level === "kelurahan")).toHaveLength(59);
    expect(areas.map((a) => a.code)).toEqual(areas.map((a) => a.code).sort());
    const palaran = areas.find((a) => a.code === "64.72.01")!;
    expect(palaran).toMatchObject({ name: "Palaran", childCount: 5, parentCode: "64.72" });
    expect(palaran.bbox).toHaveLength(4);
  });

  it("serves the kelurahan outlines as GeoJSON for the map", async () => {
    const collection = await boundaryFeatures({
      ctx: fixture().ctx,
      input: { kabkotaCode: "64.72", level: "kelurahan" },
    });
    expect(collection.features).toHaveLength(59);
    const first = collection.features[0]!;
    expect(first.geometry.type).toBe("MultiPolygon");
    expect(first.properties).toMatchObject({
      code: "64.72.01.1001",
      name: "Rawa Makmur",
      level: "kelurahan",
      parent_code: "64.72.01",
    });
    expect(first.bbox).toHaveLength(4);
  });

  it.skipIf(!HAS_SHARED_DATA)(
    "refuses to overwrite real kelurahan boundaries unless told to, and builds the register inside them",
    async () => {
      const { ctx } = fixture();
      await importBoundaries({ ctx, input: await sharedFile("samarinda-kelurahan.geojson") });
      await expect(seedDemoCity({ ctx, input: { seed: 1, households: 0 } })).rejects.toBeInstanceOf(UserError);
      const report = await seedDemoCity({
        ctx,
        input: { seed: 1, households: 1_500, boundaries: await sharedFile("samarinda-kelurahan.geojson") },
      });
      expect(report).toMatchObject({ kelurahan: 59, kecamatan: 10, boundariesFrom: "samarinda-kelurahan.geojson" });
      // The register inside real outlines: every geotag fault is found back by the spatial join.
      const placed = await queryRows<{ location_status: string; n: number }>(
        ctx.db,
        sql`SELECT location_status, count(*)::int AS n FROM household GROUP BY 1 ORDER BY 1`,
      );
      const byStatus = Object.fromEntries(placed.map((row) => [row.location_status, row.n]));
      const manifest = report.register!.manifest;
      expect(byStatus.tanpa_geotag).toBe(manifest.householdsWithoutGeotag);
      expect(byStatus.tidak_sesuai).toBe(manifest.geotagOutsideDeclaredKelurahan);
      expect(byStatus.di_luar_wilayah ?? 0).toBe(0);
      expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(1_500);
      const [row] = await queryRows<{ demo_kelurahan: number; outside: number }>(
        ctx.db,
        sql`SELECT (SELECT count(*)::int FROM area WHERE level = 'kelurahan' AND source = 'demo') AS demo_kelurahan,
                 (SELECT count(*)::int FROM area r JOIN area k ON k.code = r.parent_code
                   WHERE r.level = 'rt' AND NOT ST_Covers(ST_Buffer(k.geom, 1e-7), r.geom)) AS outside`,
      );
      expect(row).toEqual({ demo_kelurahan: 0, outside: 0 });
    },
  );
});
