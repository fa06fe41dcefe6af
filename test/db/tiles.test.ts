import { VectorTile, type VectorTileLayer } from "@mapbox/vector-tile";
import { area as turfArea } from "@turf/turf";
import { sql } from "drizzle-orm";
import { PbfReader } from "pbf";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { areaSummary, INDICATORS } from "@/lib/analytics";
import type { Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { tunableSettings } from "@/lib/settings";
import {
  cachedVectorTile,
  CLUSTER_MAX_ZOOM,
  CLUSTER_MIN_ZOOM,
  HOUSEHOLD_MIN_ZOOM,
  vectorTile,
  type TileLayer,
} from "@/lib/tiles";

import { describeEachEngine } from "../helpers/each-engine";
import { tileAt } from "../helpers/tiles";

const WINDOW = { from: "2025-01", to: "2025-12" };

function decode(bytes: Uint8Array, layer: string): VectorTileLayer | undefined {
  return new VectorTile(new PbfReader(bytes)).layers[layer];
}

/** Each feature of a layer as GeoJSON (rings classified by winding, as MapLibre does), keyed. */
function featuresOf(
  layer: VectorTileLayer | undefined,
  t: { z: number; x: number; y: number },
  key: (f: { id?: number; properties: Record<string, unknown> }) => string,
) {
  const out = new Map<string, ReturnType<ReturnType<VectorTileLayer["feature"]>["toGeoJSON"]>>();
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const feature = layer!.feature(i);
    out.set(key(feature as never), feature.toGeoJSON(t.x, t.y, t.z));
  }
  return out;
}

/** The sign of each feature's first ring (MVT: exterior rings have positive surveyor's area, y down). */
function firstRingSigns(
  layer: VectorTileLayer | undefined,
  key: (f: { id?: number; properties: Record<string, unknown> }) => string,
) {
  const out = new Map<string, number>();
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const feature = layer!.feature(i);
    const ring = feature.loadGeometry()[0]!;
    let sum = 0;
    for (let j = 0, k = ring.length - 1; j < ring.length; k = j++)
      sum += (ring[k]!.x - ring[j]!.x) * (ring[j]!.y + ring[k]!.y);
    out.set(key(feature as never), Math.sign(sum));
  }
  return out;
}

describeEachEngine("vector tiles", (fixture, engine) => {
  let kelurahan: { code: string; lon: number; lat: number };
  let household: { lon: number; lat: number };

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 5, households: 1500 } });
    [kelurahan] = (await queryRows<typeof kelurahan>(
      ctx.db,
      sql`SELECT a.code, ST_X(a.label_point) AS lon, ST_Y(a.label_point) AS lat FROM area a
          WHERE a.level = 'kelurahan' AND EXISTS (SELECT 1 FROM household h WHERE h.effective_kelurahan_code = a.code)
          ORDER BY a.code LIMIT 1`,
    )) as [typeof kelurahan];
    [household] = (await queryRows<typeof household>(
      ctx.db,
      sql`SELECT ST_X(geotag) AS lon, ST_Y(geotag) AS lat FROM household WHERE geotag IS NOT NULL ORDER BY id LIMIT 1`,
    )) as [typeof household];
  });

  it("carries each kelurahan's counts and indicators for the window", async () => {
    const { ctx } = fixture();
    const at = tileAt(kelurahan.lon, kelurahan.lat, 13);
    const tile = await vectorTile({ ctx, input: { layer: "kelurahan", ...at, ...WINDOW } });
    expect(tile.window).toEqual(WINDOW);
    const features = featuresOf(decode(tile.bytes, "kelurahan"), at, (f) => String(f.properties.code));
    const drawn = features.get(kelurahan.code)!;
    expect(drawn, `kelurahan ${kelurahan.code} in tile`).toBeDefined();
    expect(["Polygon", "MultiPolygon"]).toContain(drawn.geometry.type);
    const summary = (await areaSummary({ ctx, input: { code: kelurahan.code, ...WINDOW } }))!;
    expect(drawn.properties ?? {}).toMatchObject({
      households: summary.households,
      stacked_households: summary.stacked_households,
      uncovered_eligible_households: summary.uncovered_eligible_households,
      households_with_errors: summary.households_with_errors,
      aid_amount: summary.aid_amount,
      aid_per_receiving_household_month: summary.aid_per_receiving_household_month,
      aid_top10_share: summary.aid_top10_share,
    });
    expect(summary.aid_amount).toBeGreaterThan(0);
    const rate = INDICATORS.uncovered_rate.value(summary);
    expect(drawn.properties?.uncovered_rate).toBeCloseTo(rate!, 1);
  });

  it("shows single households only from street level, with their class and nothing that names them", async () => {
    const { ctx } = fixture();
    const farAt = tileAt(household.lon, household.lat, HOUSEHOLD_MIN_ZOOM - 1);
    const far = decode(
      (await vectorTile({ ctx, input: { layer: "rumah-tangga", ...farAt, ...WINDOW } })).bytes,
      "rumah-tangga",
    )!;
    for (let i = 0; i < far.length; i++) {
      expect(far.feature(i).id, "a cluster, not a household").toBeUndefined();
      expect(far.feature(i).properties.households).toBeGreaterThan(0);
    }
    const at = tileAt(household.lon, household.lat, 16);
    const near = decode(
      (await vectorTile({ ctx, input: { layer: "rumah-tangga", ...at, ...WINDOW } })).bytes,
      "rumah-tangga",
    )!;
    expect(near.length).toBeGreaterThan(0);
    for (let i = 0; i < near.length; i++) {
      const feature = near.feature(i);
      expect(Object.keys(feature.properties).sort()).toEqual(["kelas", "programs"]);
      expect(typeof feature.id).toBe("number");
    }
  });

  it("counts households per cell below street level, every household of the tile once", async () => {
    const { ctx } = fixture();
    const at = tileAt(household.lon, household.lat, 13);
    expect(
      (
        await vectorTile({
          ctx,
          input: { layer: "rumah-tangga", ...tileAt(household.lon, household.lat, CLUSTER_MIN_ZOOM - 1), ...WINDOW },
        })
      ).bytes.length,
    ).toBe(0);
    const layer = decode(
      (await vectorTile({ ctx, input: { layer: "rumah-tangga", ...at, ...WINDOW } })).bytes,
      "rumah-tangga",
    )!;
    let total = 0;
    for (let i = 0; i < layer.length; i++) {
      const { households, kesalahan, bertumpuk, belum_menerima, menerima, kelas } = layer.feature(i)
        .properties as Record<string, number | string>;
      expect(Number(kesalahan) + Number(bertumpuk) + Number(belum_menerima) + Number(menerima)).toBeLessThanOrEqual(
        Number(households),
      );
      expect(["kesalahan", "bertumpuk", "belum_menerima", "menerima", "lainnya"]).toContain(kelas);
      total += Number(households);
    }
    const [expected] = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM household
          WHERE ST_Intersects(geotag, ST_Transform(ST_TileEnvelope(${at.z}::int, ${at.x}::int, ${at.y}::int), 4326))`,
    );
    expect(total).toBe(expected!.n);
    expect(total).toBeGreaterThan(0);
  });

  it("gives a role without single households no cluster of fewer than k, and no finer cells past zoom 14", async () => {
    const { ctx } = fixture();
    const pimpinan: Context = {
      ...ctx,
      actor: {
        kind: "user",
        userId: 0,
        username: "pimpinan",
        displayName: null,
        role: "pimpinan",
        areaCodes: ["64.72"],
        sessionHash: "-",
      },
    };
    const k = (await tunableSettings({ ctx })).small_cell_k;
    const clusters = async (t: { z: number; x: number; y: number }) => {
      const layer = decode(
        (await vectorTile({ ctx: pimpinan, input: { layer: "rumah-tangga", ...t, ...WINDOW } })).bytes,
        "rumah-tangga",
      );
      return Array.from({ length: layer?.length ?? 0 }, (_, i) => {
        const feature = layer!.feature(i);
        const [point] = feature.loadGeometry()[0]!;
        // The centre in global units of zoom 22 (4096 a tile): comparable across zooms.
        const unit = 2 ** (22 - t.z);
        return {
          id: feature.id,
          households: Number(feature.properties.households),
          x: (t.x * 4096 + point!.x) * unit,
          y: (t.y * 4096 + point!.y) * unit,
        };
      });
    };
    // A household in the zoom-14 tile that holds the most households.
    const located = await queryRows<{ lon: number; lat: number }>(
      ctx.db,
      sql`SELECT ST_X(geotag) AS lon, ST_Y(geotag) AS lat FROM household WHERE geotag IS NOT NULL ORDER BY id`,
    );
    const perTile = new Map<string, number>();
    const tileKey = (h: { lon: number; lat: number }) => JSON.stringify(tileAt(h.lon, h.lat, CLUSTER_MAX_ZOOM));
    for (const h of located) perTile.set(tileKey(h), (perTile.get(tileKey(h)) ?? 0) + 1);
    const dense = located.reduce((best, h) => (perTile.get(tileKey(h))! > perTile.get(tileKey(best))! ? h : best));
    let seen = 0;
    for (let z = CLUSTER_MIN_ZOOM; z <= 22; z++) {
      for (const feature of await clusters(tileAt(dense.lon, dense.lat, z))) {
        expect(feature.id, `zoom ${z}: a cluster`).toBeUndefined();
        expect(feature.households, `zoom ${z}`).toBeGreaterThanOrEqual(k);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
    // Zoom 18 draws zoom 14's cells: the zoom-14 cells whose centre falls in a zoom-18 tile, no others, no finer.
    const at14 = tileAt(dense.lon, dense.lat, CLUSTER_MAX_ZOOM);
    const cells14 = await clusters(at14);
    expect(cells14.length).toBeGreaterThan(0);
    const unit18 = 4096 * 2 ** (22 - 18);
    const byPosition = (list: Array<{ households: number; x: number; y: number }>) =>
      list.map((c) => `${c.x},${c.y}:${c.households}`).sort();
    for (const cell of cells14.slice(0, 3)) {
      const at18 = { z: 18, x: Math.floor(cell.x / unit18), y: Math.floor(cell.y / unit18) };
      const expected = cells14.filter(
        (c) => Math.floor(c.x / unit18) === at18.x && Math.floor(c.y / unit18) === at18.y,
      );
      expect(byPosition(await clusters(at18))).toEqual(byPosition(expected));
    }
  });

  it("logs street-level looks at households, once a minute per account and zoom", async () => {
    const { ctx } = fixture();
    const camat: Context = {
      ...ctx,
      actor: {
        kind: "user",
        userId: 4242,
        username: "uji-peta",
        displayName: null,
        role: "camat",
        areaCodes: ["64.72"],
        sessionHash: "-",
      },
    };
    const at16 = tileAt(household.lon, household.lat, 16);
    const look = (t: { z: number; x: number; y: number }, layer: TileLayer = "rumah-tangga") =>
      cachedVectorTile({ ctx: camat, input: { layer, ...t, ...WINDOW } });
    await look(at16);
    await look({ ...at16, x: at16.x + 1 });
    await look(at16);
    await look(tileAt(household.lon, household.lat, 17));
    await look(tileAt(household.lon, household.lat, 14));
    await look(at16, "rt");
    const logged = await queryRows<{ entity_id: string; role: string }>(
      ctx.db,
      sql`SELECT entity_id, detail->>'role' AS role FROM audit_log WHERE action = 'street_tile' AND username = 'uji-peta' ORDER BY id`,
    );
    const at17 = tileAt(household.lon, household.lat, 17);
    expect(logged).toEqual([
      { entity_id: `16/${at16.x}/${at16.y}`, role: "camat" },
      { entity_id: `17/${at17.x}/${at17.y}`, role: "camat" },
    ]);
  });

  if (engine === "postgres") {
    it("encodes in JS the same tiles as ST_AsMVT, layer by layer", async () => {
      const { ctx } = fixture();
      const cases: Array<{ layer: TileLayer; z: number; lon: number; lat: number }> = [
        { layer: "kecamatan", z: 11, ...kelurahan },
        { layer: "kelurahan", z: 13, ...kelurahan },
        { layer: "rt", z: 15, ...kelurahan },
        { layer: "rumah-tangga", z: 16, ...household },
        { layer: "rumah-tangga", z: 13, ...household },
      ];
      for (const { layer, z, lon, lat } of cases) {
        const at = tileAt(lon, lat, z);
        const key = (f: {
          id?: number;
          properties: Record<string, unknown>;
          loadGeometry?: () => Array<Array<{ x: number; y: number }>>;
        }) =>
          layer !== "rumah-tangga"
            ? String(f.properties.code)
            : z >= HOUSEHOLD_MIN_ZOOM
              ? String(f.id)
              : JSON.stringify(f.loadGeometry!()[0]![0]);
        const serverLayer = decode((await vectorTile({ ctx, input: { layer, ...at, ...WINDOW } })).bytes, layer);
        const jsLayer = decode(
          (await vectorTile({ ctx, input: { layer, ...at, ...WINDOW, useServerEncoder: false } })).bytes,
          layer,
        );
        const server = featuresOf(serverLayer, at, key);
        const js = featuresOf(jsLayer, at, key);
        if (layer !== "rumah-tangga")
          expect(firstRingSigns(jsLayer, key), `${layer} winding`).toEqual(firstRingSigns(serverLayer, key));
        expect(server.size, `${layer} features`).toBeGreaterThan(0);
        expect([...js.keys()].sort(), layer).toEqual([...server.keys()].sort());
        for (const [code, expected] of server) {
          const actual = js.get(code)!;
          expect(actual.properties, `${layer} ${code}`).toEqual(expected.properties);
          expect(actual.geometry.type, `${layer} ${code}`).toBe(expected.geometry.type);
          if (layer === "rumah-tangga") {
            expect(actual.geometry).toEqual(expected.geometry);
          } else {
            // Same clipped area to within a few tile units of snapping along the outline.
            expect(turfArea(actual) / turfArea(expected), `${layer} ${code}`).toBeCloseTo(1, 2);
          }
        }
      }
    });
  }
});
