import { fromVectorTileJs, type VectorTileFeatureLike } from "@maplibre/vt-pbf";
import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { areaScopeSql, can, placeScopeSql } from "@/lib/access";
import {
  analysisVerb,
  coverageSource,
  INDICATOR_KEYS,
  INDICATORS,
  resolveWindow,
  type AnalysisWindow,
  type AreaCounts,
  type CoverageSource,
} from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { tunableSettings } from "@/lib/settings";

export const TILE_LAYERS = ["kecamatan", "kelurahan", "rt", "rumah-tangga"] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Tile coordinates in the tile's own grid, as MVT and ST_AsMVTGeom use them. */
export const EXTENT = 4096;
const BUFFER = 256;
/** Individual households appear only from street level (zoom 15) on. */
export const HOUSEHOLD_MIN_ZOOM = 15;
/** Below street level, from this zoom, households come as clusters: counts per grid cell. */
export const CLUSTER_MIN_ZOOM = 12;
/**
 * The finest clusters: a role without single households gets, at every zoom above this one,
 * the cells of this zoom (about 300 m at Samarinda's latitude), each drawn in the tile that holds its centre.
 */
export const CLUSTER_MAX_ZOOM = HOUSEHOLD_MIN_ZOOM - 1;
/** Cluster cell size in tile units (4096 a tile): 8 × 8 cells per tile. */
const CLUSTER_CELL = 512;
/** How often a cell too small to show doubles before its households are dropped: up to the whole tile. */
const CLUSTER_MERGES = Math.log2(EXTENT / CLUSTER_CELL);

export interface TileRequest {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
  from?: string;
  to?: string;
}

/**
 * The properties of each layer's features, with their SQL types: one list for both encoders.
 * Area layers carry the window's counts and every map indicator (rounded to 0.1); household
 * points only their class in the window — never a name, NIK or No. KK.
 */
const AREA_PROPERTIES = {
  code: "text",
  name: "text",
  households: "int",
  eligible_households: "int",
  receiving_households: "int",
  stacked_households: "int",
  conflicting_households: "int",
  uncovered_eligible_households: "int",
  receipts: "int",
  poor_persons: "int",
  population: "int",
  ...Object.fromEntries(INDICATOR_KEYS.map((key) => [key, "float8"])),
} as Record<string, "text" | "int" | "float8">;

/** What a household point says of its window, most pressing first. */
export const HOUSEHOLD_CLASSES = ["kesalahan", "bertumpuk", "belum_menerima", "menerima", "lainnya"] as const;

type Properties = Record<string, string | number | null>;

interface TileFeature {
  id?: number;
  /** Tile-grid geometry as GeoJSON: Point/MultiPoint or Polygon/MultiPolygon. */
  geometry: { type: string; coordinates: unknown };
  properties: Properties;
}

/** The tile's envelope in Web Mercator, and the same with the buffer MVT clips to. */
const envelope = (t: TileRequest) => sql`ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int)`;
const envelopeLonLat = (t: TileRequest) => sql`ST_Transform(${envelope(t)}, 4326)`;

/**
 * What ST_AsMVTGeom does, with functions PGlite's PostGIS has: clip to the tile and its buffer,
 * scale into the tile grid (y down), snap to whole units, repair, and orient rings as MVT
 * wants (exterior rings clockwise on screen: counter-clockwise in the flipped grid's numbers).
 */
function tileGeometry(t: TileRequest, geom3857: SQL, polygon: boolean): SQL {
  const { xmin, ymax, size } = mercatorBounds(t);
  const scale = EXTENT / size;
  const margin = (size * BUFFER) / EXTENT;
  const clipped = polygon
    ? sql`ST_ClipByBox2D(${geom3857}, ST_MakeEnvelope(${xmin - margin}::float8, ${ymax - size - margin}::float8, ${xmin + size + margin}::float8, ${ymax + margin}::float8, 3857))`
    : geom3857;
  const scaled = sql`ST_Affine(${clipped}, ${scale}::float8, 0, 0, ${-scale}::float8, ${-xmin * scale}::float8, ${ymax * scale}::float8)`;
  const snapped = sql`ST_SnapToGrid(${scaled}, 1)`;
  return polygon ? sql`ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(${snapped}), 3))` : snapped;
}

/** Half the width of the Web Mercator world, in metres. */
const MERCATOR_HALF = 20037508.342789244;

/** A tile's west and north edges and its width in Web Mercator metres (what ST_TileEnvelope gives). */
function mercatorBounds(t: TileRequest): { xmin: number; ymax: number; size: number } {
  const size = (2 * MERCATOR_HALF) / 2 ** t.z;
  return { xmin: -MERCATOR_HALF + t.x * size, ymax: MERCATOR_HALF - t.y * size, size };
}

/** The kelurahan and RT codes of the rollup as the layer's area code. */
function rollupCode(layer: TileLayer): SQL {
  if (layer === "kecamatan") return sql`left(c.kelurahan_code, 8)`;
  if (layer === "kelurahan") return sql`c.kelurahan_code`;
  return sql`c.rt_code`;
}

const LEVEL_OF: Record<Exclude<TileLayer, "rumah-tangga">, string> = {
  kecamatan: "kecamatan",
  kelurahan: "kelurahan",
  rt: "rt",
};

/** The areas of a layer the tile touches, with their counts and indicators for the window. */
async function areaProperties(
  ctx: Context,
  t: TileRequest & { layer: Exclude<TileLayer, "rumah-tangga"> },
  window: AnalysisWindow,
) {
  const areas = await queryRows<{ code: string; name: string; kabkota_code: string; population: number | null }>(
    ctx.db,
    sql`SELECT code, name, kabkota_code, population FROM area
        WHERE level = ${LEVEL_OF[t.layer]} AND geom_display && ${envelopeLonLat(t)} AND ${areaScopeSql(ctx.actor, sql`code`)}
        ORDER BY code`,
  );
  const counts = new Map<string, Omit<AreaCounts, "code" | "name" | "level" | "population">>();
  for (const kabkota of new Set(areas.map((a) => a.kabkota_code))) {
    const source = await coverageSource(ctx, kabkota, window);
    const rows = await queryRows<Record<string, number> & { code: string }>(
      ctx.db,
      sql`SELECT ${rollupCode(t.layer)} AS code,
                 sum(households)::int AS households, sum(persons)::int AS persons, sum(poor_persons)::int AS poor_persons,
                 sum(eligible_households)::int AS eligible_households, sum(receiving_households)::int AS receiving_households,
                 sum(stacked_households)::int AS stacked_households, sum(conflicting_households)::int AS conflicting_households,
                 sum(uncovered_eligible_households)::int AS uncovered_eligible_households,
                 sum(never_covered_eligible_households)::int AS never_covered_eligible_households, sum(receipts)::int AS receipts,
                 sum(deceased)::int AS deceased, sum(nonaktif)::int AS nonaktif, sum(not_in_register)::int AS not_in_register,
                 sum(invalid_nik)::int AS invalid_nik, sum(paid_twice)::int AS paid_twice
          FROM ${source.rows} c WHERE ${rollupCode(t.layer)} IS NOT NULL GROUP BY 1`,
    );
    for (const { code, deceased, nonaktif, not_in_register, invalid_nik, paid_twice, ...rest } of rows) {
      counts.set(code, {
        ...(rest as Omit<AreaCounts, "code" | "name" | "level" | "population" | "inclusion_errors">),
        inclusion_errors: {
          deceased: deceased!,
          nonaktif: nonaktif!,
          not_in_register: not_in_register!,
          invalid_nik: invalid_nik!,
          paid_twice: paid_twice!,
        },
      });
    }
  }
  return areas.map((area): Properties => {
    const found = counts.get(area.code);
    const base: Properties = { code: area.code, name: area.name, population: area.population };
    if (!found) return base;
    const full: AreaCounts = {
      ...found,
      code: area.code,
      name: area.name,
      level: LEVEL_OF[t.layer] as AreaCounts["level"],
      population: area.population,
    };
    const indicators = Object.fromEntries(
      INDICATOR_KEYS.map((key) => {
        const value = INDICATORS[key].value(full);
        return [key, value === null ? null : Math.round(value * 10) / 10];
      }),
    );
    return {
      ...base,
      households: found.households,
      eligible_households: found.eligible_households,
      receiving_households: found.receiving_households,
      stacked_households: found.stacked_households,
      conflicting_households: found.conflicting_households,
      uncovered_eligible_households: found.uncovered_eligible_households,
      receipts: found.receipts,
      poor_persons: found.poor_persons,
      ...indicators,
    };
  });
}

/** Households of the actor's scope with a geotag in the tile, each with its class in the window (from the coverage cache). */
function householdRows(ctx: Context, t: TileRequest, source: CoverageSource, geometry: SQL): SQL {
  return sql`
    SELECT h.id::int AS id, ${geometry} AS geom, k.kelas, k.programs::int AS programs
    FROM household h
    JOIN ${source.householdClasses} k ON k.household_id = h.id
    WHERE h.geotag && ${envelopeLonLat(t)} AND ST_Intersects(h.geotag, ${envelopeLonLat(t)})
      AND ${placeScopeSql(ctx.actor, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}`;
}

/**
 * Households counted per grid cell, one point per cell at its centre with the count of each
 * class and the most pressing class present: where households are, without placing any one of
 * them. A cell of fewer than `k` households merges into the cell twice its size, up to the whole
 * tile; what is still fewer than `k` there is left out. From CLUSTER_MAX_ZOOM up the cells are
 * those of that zoom's tile (counted over the whole cell), each drawn in the tile its centre falls in.
 */
function clusterRows(ctx: Context, t: TileRequest, source: CoverageSource, k: number): SQL {
  const up = Math.max(0, t.z - CLUSTER_MAX_ZOOM);
  const base: TileRequest = { ...t, z: t.z - up, x: t.x >> up, y: t.y >> up };
  const scale = 2 ** up;
  const cellOf = (axis: SQL) =>
    sql`least(greatest(floor(${axis} / ${CLUSTER_CELL}::int)::int, 0), ${EXTENT / CLUSTER_CELL - 1}::int)`;
  const levels = Array.from({ length: CLUSTER_MERGES + 1 }, (_, level) => level);
  const merged = levels.map((level) => {
    const from = level === 0 ? sql`hh` : sql`${sql.raw(`level${level - 1}`)} WHERE n < ${k}::int`;
    return sql`${sql.raw(`level${level}`)} AS (
      SELECT cx, cy, kelas, count(*) OVER (PARTITION BY cx / ${2 ** level}::int, cy / ${2 ** level}::int) AS n FROM ${from})`;
  });
  const placed = sql.join(
    levels.map(
      (level) =>
        sql`SELECT ${level}::int AS level, cx / ${2 ** level}::int AS cx, cy / ${2 ** level}::int AS cy, kelas FROM ${sql.raw(`level${level}`)} WHERE n >= ${k}::int`,
    ),
    sql` UNION ALL `,
  );
  // A cell's centre in the base tile's units, then in the requested tile's.
  const centre = (index: SQL) =>
    sql`(${index} * (${CLUSTER_CELL}::int << c.level) + (${CLUSTER_CELL / 2}::int << c.level))`;
  const x = sql`(${centre(sql`c.cx`)} * ${scale}::int - ${(t.x - base.x * scale) * EXTENT}::int)`;
  const y = sql`(${centre(sql`c.cy`)} * ${scale}::int - ${(t.y - base.y * scale) * EXTENT}::int)`;
  return sql`
    WITH hh AS (
      SELECT ${cellOf(sql`ST_X(g.geom)`)} AS cx, ${cellOf(sql`ST_Y(g.geom)`)} AS cy, g.kelas
      FROM (${householdRows(ctx, base, source, tileGeometry(base, sql`ST_Transform(h.geotag, 3857)`, false))}) g
    ),
    ${sql.join(merged, sql`, `)}
    SELECT ST_MakePoint(${x}::float8, ${y}::float8) AS geom, c.households,
           c.kesalahan, c.bertumpuk, c.belum_menerima, c.menerima,
           CASE WHEN c.kesalahan > 0 THEN 'kesalahan' WHEN c.bertumpuk > 0 THEN 'bertumpuk'
                WHEN c.belum_menerima > 0 THEN 'belum_menerima' WHEN c.menerima > 0 THEN 'menerima' ELSE 'lainnya' END AS kelas
    FROM (
      SELECT level, cx, cy, count(*)::int AS households,
             count(*) FILTER (WHERE kelas = 'kesalahan')::int AS kesalahan, count(*) FILTER (WHERE kelas = 'bertumpuk')::int AS bertumpuk,
             count(*) FILTER (WHERE kelas = 'belum_menerima')::int AS belum_menerima, count(*) FILTER (WHERE kelas = 'menerima')::int AS menerima
      FROM (${placed}) p
      GROUP BY level, cx, cy
    ) c
    WHERE ${x} >= 0 AND ${x} < ${EXTENT}::int AND ${y} >= 0 AND ${y} < ${EXTENT}::int`;
}

type TilePoint = ReturnType<VectorTileFeatureLike["loadGeometry"]>[number][number];

/** Encodes one layer in JS from tile-grid GeoJSON (the embedded engine has no ST_AsMVT). */
function encodeLayer(name: string, features: TileFeature[]): Uint8Array {
  // The writer reads only x and y of each point.
  const toPoints = (ring: number[][]) => ring.map(([x, y]) => ({ x, y }) as TilePoint);
  const wrapped: VectorTileFeatureLike[] = features.map((feature) => {
    const { type, coordinates } = feature.geometry;
    let mvtType: 1 | 3;
    let rings: number[][][];
    if (type === "Point") [mvtType, rings] = [1, [[coordinates as number[]]]];
    else if (type === "MultiPoint") [mvtType, rings] = [1, [coordinates as number[][]]];
    else if (type === "Polygon") [mvtType, rings] = [3, coordinates as number[][][]];
    else [mvtType, rings] = [3, (coordinates as number[][][][]).flat()];
    const properties = Object.fromEntries(
      Object.entries(feature.properties).filter((entry): entry is [string, string | number] => entry[1] !== null),
    );
    return { type: mvtType, id: feature.id, properties, extent: EXTENT, loadGeometry: () => rings.map(toPoints) };
  });
  return fromVectorTileJs({
    layers: { [name]: { version: 2, name, extent: EXTENT, length: wrapped.length, feature: (i) => wrapped[i]! } },
  });
}

/** The properties as a typed relation for ST_AsMVT, from the same list the JS encoder writes. */
function propertyRelation(rows: Properties[], properties: Record<string, string>): SQL {
  const columns = Object.entries(properties)
    .map(([name, type]) => `${name} ${type}`)
    .join(", ");
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS p(${sql.raw(columns)})`;
}

export interface Tile {
  /** The MVT bytes; empty when nothing falls in the tile. */
  bytes: Uint8Array;
  window: AnalysisWindow;
  dataVersion: number;
}

/**
 * One vector tile of a layer for an analysis window. On the PostgreSQL server ST_AsMVT encodes
 * it; on the embedded engine PostGIS clips and snaps the same geometry (`tileGeometry`) and JS
 * encodes it (`encodeLayer`); a test checks that the two agree. `useServerEncoder: false`
 * forces the JS path, for that test and the bench.
 */
export const vectorTile = analysisVerb(
  async (ctx: Context, request: TileRequest & { useServerEncoder?: boolean }): Promise<Tile> => {
    const [version] = await queryRows<{ version: number }>(
      ctx.db,
      sql`SELECT version::float8 AS version FROM data_version WHERE id = 1`,
    );
    const window = await resolveWindow({
      ctx,
      input: { kabkotaCode: await homeKabkotaCode(ctx), from: request.from, to: request.to },
    });
    const serverEncoder = (request.useServerEncoder ?? true) && ctx.engine === "postgres";
    const done = (bytes: Uint8Array): Tile => ({ bytes, window, dataVersion: version?.version ?? 0 });
    const geom3857 = (column: SQL) => sql`ST_Transform(${column}, 3857)`;

    if (request.layer === "rumah-tangga") {
      if (request.z < CLUSTER_MIN_ZOOM) return done(new Uint8Array());
      const source = await coverageSource(ctx, await homeKabkotaCode(ctx), window);
      // Single households only to roles that may see them; the others keep the clusters at street
      // level, each of at least k households (the small-cell threshold of shared screens).
      const points = can(ctx.actor, "household_points");
      if (request.z < HOUSEHOLD_MIN_ZOOM || !points) {
        const k = points ? 1 : (await tunableSettings({ ctx })).small_cell_k;
        // Cells in tile units are the same on both engines: no ST_AsMVTGeom needed, only encoding.
        const cells = clusterRows(ctx, request, source, k);
        if (serverEncoder) {
          const [row] = await queryRows<{ tile: Uint8Array }>(
            ctx.db,
            sql`SELECT ST_AsMVT(t, 'rumah-tangga', ${EXTENT}, 'geom') AS tile FROM (${cells}) t`,
          );
          return done(new Uint8Array(row?.tile ?? []));
        }
        const rows = await queryRows<{ geom: string } & Properties>(
          ctx.db,
          sql`SELECT ST_AsGeoJSON(t.geom) AS geom, t.households, t.kesalahan, t.bertumpuk, t.belum_menerima, t.menerima, t.kelas FROM (${cells}) t`,
        );
        if (rows.length === 0) return done(new Uint8Array());
        return done(
          encodeLayer(
            "rumah-tangga",
            rows.map(({ geom, ...properties }) => ({ geometry: JSON.parse(geom), properties })),
          ),
        );
      }
      if (serverEncoder) {
        const geometry = sql`ST_AsMVTGeom(${geom3857(sql`h.geotag`)}, ${envelope(request)}, ${EXTENT}, ${BUFFER}, true)`;
        const [row] = await queryRows<{ tile: Uint8Array }>(
          ctx.db,
          sql`SELECT ST_AsMVT(t, 'rumah-tangga', ${EXTENT}, 'geom', 'id') AS tile FROM (${householdRows(ctx, request, source, geometry)}) t WHERE t.geom IS NOT NULL`,
        );
        return done(new Uint8Array(row?.tile ?? []));
      }
      const rows = await queryRows<{ id: number; geom: string; kelas: string; programs: number }>(
        ctx.db,
        sql`SELECT t.id, ST_AsGeoJSON(t.geom) AS geom, t.kelas, t.programs
          FROM (${householdRows(ctx, request, source, tileGeometry(request, geom3857(sql`h.geotag`), false))}) t`,
      );
      if (rows.length === 0) return done(new Uint8Array());
      return done(
        encodeLayer(
          "rumah-tangga",
          rows.map((r) => ({
            id: r.id,
            geometry: JSON.parse(r.geom),
            properties: { kelas: r.kelas, programs: r.programs },
          })),
        ),
      );
    }

    const layer = request.layer;
    const properties = await areaProperties(ctx, { ...request, layer }, window);
    if (properties.length === 0) return done(new Uint8Array());
    if (serverEncoder) {
      const [row] = await queryRows<{ tile: Uint8Array }>(
        ctx.db,
        sql`SELECT ST_AsMVT(t, ${layer}, ${EXTENT}, 'geom') AS tile FROM (
            SELECT ST_AsMVTGeom(${geom3857(sql`a.geom_display`)}, ${envelope(request)}, ${EXTENT}, ${BUFFER}, true) AS geom, p.*
            FROM area a JOIN ${propertyRelation(properties, AREA_PROPERTIES)} ON p.code = a.code
          ) t WHERE t.geom IS NOT NULL`,
      );
      return done(new Uint8Array(row?.tile ?? []));
    }
    const geometries = await queryRows<{ code: string; geom: string | null }>(
      ctx.db,
      sql`SELECT code, ST_AsGeoJSON(${tileGeometry(request, geom3857(sql`geom_display`), true)}) AS geom
        FROM area WHERE level = ${LEVEL_OF[layer]} AND geom_display && ${envelopeLonLat(request)}`,
    );
    const byCode = new Map(properties.map((p) => [p.code as string, p]));
    const features = geometries
      .filter((g): g is { code: string; geom: string } => g.geom !== null && byCode.has(g.code))
      .map((g) => ({ geometry: JSON.parse(g.geom) as TileFeature["geometry"], properties: byCode.get(g.code)! }))
      .filter((f) => (f.geometry.coordinates as unknown[]).length > 0);
    return done(features.length ? encodeLayer(layer, features) : new Uint8Array());
  },
);
