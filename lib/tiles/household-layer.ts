import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { can, placeScopeSql } from "@/lib/access";
import {
  CONDITIONAL_HOUSEHOLD_CLASSES,
  coverageSource,
  mostPressingClass,
  type AnalysisWindow,
  type CoverageSource,
} from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { tunableSettings } from "@/lib/settings";

import { encodeLayer, encodeLayerOnServer, type Properties } from "./encoder";
import { BUFFER, envelope, envelopeLonLat, EXTENT, geom3857, tileGeometry, type TileRequest } from "./grid";

const LAYER = "rumah-tangga";

/** Individual households appear only from street level (zoom 15) on. */
export const HOUSEHOLD_MIN_ZOOM = 15;
/**
 * Below street level, from this zoom, households come as clusters: counts per grid cell. The map
 * asks from 12 for the city's staff, and from here for a lurah, whose whole kelurahan on a phone
 * is framed at about this zoom.
 */
export const CLUSTER_MIN_ZOOM = 10;
/**
 * The finest clusters: a role without single households gets, at every zoom above this one,
 * the cells of this zoom (about 300 m at Samarinda's latitude), each drawn in the tile that holds its centre.
 */
export const CLUSTER_MAX_ZOOM = HOUSEHOLD_MIN_ZOOM - 1;
/** Cluster cell size in tile units (4096 a tile): 8 × 8 cells per tile. */
const CLUSTER_CELL = 512;
/** How often a cell too small to show doubles before its households are dropped: up to the whole tile. */
const CLUSTER_MERGES = Math.log2(EXTENT / CLUSTER_CELL);

/** Households of the actor's scope with a geotag in the tile, each with its class in the window (from the coverage cache). */
function householdRows(ctx: Context, t: TileRequest, source: CoverageSource, geometry: SQL): SQL {
  return sql`
    SELECT h.id::int AS id, ${geometry} AS geom, k.kelas, k.programs::int AS programs
    FROM household h
    JOIN ${source.householdClasses} k ON k.household_id = h.id
    WHERE h.kabkota_code = ${source.kabkota} AND h.geotag && ${envelopeLonLat(t)} AND ST_Intersects(h.geotag, ${envelopeLonLat(t)})
      AND ${placeScopeSql(ctx.actor, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}`;
}

/** A cluster's count of each class but `lainnya` (its `households` counts them all), as columns of `table`. */
const classCounts = (table: string) =>
  sql.join(
    CONDITIONAL_HOUSEHOLD_CLASSES.map((kelas) => sql.raw(`${table}.${kelas}`)),
    sql`, `,
  );

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
  const countEach = CONDITIONAL_HOUSEHOLD_CLASSES.map(
    (kelas) => sql`count(*) FILTER (WHERE kelas = ${kelas})::int AS ${sql.raw(kelas)}`,
  );
  return sql`
    WITH hh AS (
      SELECT ${cellOf(sql`ST_X(g.geom)`)} AS cx, ${cellOf(sql`ST_Y(g.geom)`)} AS cy, g.kelas
      FROM (${householdRows(ctx, base, source, tileGeometry(base, geom3857(sql`h.geotag`), false))}) g
    ),
    ${sql.join(merged, sql`, `)}
    SELECT ST_MakePoint(${x}::float8, ${y}::float8) AS geom, c.households,
           ${classCounts("c")}, ${mostPressingClass((kelas) => sql.raw(`c.${kelas} > 0`))} AS kelas
    FROM (
      SELECT level, cx, cy, count(*)::int AS households, ${sql.join(countEach, sql`, `)}
      FROM (${placed}) p
      GROUP BY level, cx, cy
    ) c
    WHERE ${x} >= 0 AND ${x} < ${EXTENT}::int AND ${y} >= 0 AND ${y} < ${EXTENT}::int`;
}

/**
 * The household layer: nothing below CLUSTER_MIN_ZOOM, clusters below HOUSEHOLD_MIN_ZOOM, and
 * from there single households for roles with `household_points`; the others keep clusters of
 * at least `small_cell_k` households. A point carries its id, class and number of programs,
 * never a name, NIK or No. KK.
 */
export async function householdLayerTile(
  ctx: Context,
  request: TileRequest,
  window: AnalysisWindow,
  serverEncoder: boolean,
): Promise<Uint8Array> {
  if (request.z < CLUSTER_MIN_ZOOM) return new Uint8Array();
  const source = await coverageSource(ctx, await homeKabkotaCode(ctx), window, "households");
  // Single households only to roles that may see them; the others keep the clusters at street
  // level, each of at least k households (the small-cell threshold of shared screens).
  const points = can(ctx.actor, "household_points");
  if (request.z < HOUSEHOLD_MIN_ZOOM || !points) {
    const k = points ? 1 : (await tunableSettings({ ctx })).small_cell_k;
    // Cells in tile units are the same on both engines: no ST_AsMVTGeom needed, only encoding.
    const cells = clusterRows(ctx, request, source, k);
    if (serverEncoder) return encodeLayerOnServer(ctx, LAYER, cells);
    const rows = await queryRows<{ geom: string } & Properties>(
      ctx.db,
      sql`SELECT ST_AsGeoJSON(t.geom) AS geom, t.households, ${classCounts("t")}, t.kelas FROM (${cells}) t`,
    );
    return encodeLayer(
      LAYER,
      rows.map(({ geom, ...properties }) => ({ geometry: JSON.parse(geom), properties })),
    );
  }
  if (serverEncoder) {
    const geometry = sql`ST_AsMVTGeom(${geom3857(sql`h.geotag`)}, ${envelope(request)}, ${EXTENT}, ${BUFFER}, true)`;
    return encodeLayerOnServer(ctx, LAYER, householdRows(ctx, request, source, geometry), { id: "id" });
  }
  const rows = await queryRows<{ id: number; geom: string; kelas: string; programs: number }>(
    ctx.db,
    sql`SELECT t.id, ST_AsGeoJSON(t.geom) AS geom, t.kelas, t.programs
      FROM (${householdRows(ctx, request, source, tileGeometry(request, geom3857(sql`h.geotag`), false))}) t`,
  );
  return encodeLayer(
    LAYER,
    rows.map((r) => ({ id: r.id, geometry: JSON.parse(r.geom), properties: { kelas: r.kelas, programs: r.programs } })),
  );
}
