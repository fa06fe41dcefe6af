import { sql, type SQL } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { Context } from "@/lib/context";

export interface SpatialJoinReport {
  households: number;
  withGeotag: number;
  /** Geotag inside the declared kelurahan. */
  sesuai: number;
  /** Geotag inside another kelurahan than the declared one ("lokasi tidak sesuai"). */
  tidakSesuai: number;
  /** Geotag inside the kabupaten/kota but outside every kelurahan polygon: counted in the declared area. */
  diLuarWilayah: number;
  /** Geotag outside the kabupaten/kota itself (0,0, swapped coordinates, another city): counted in the declared area. */
  diLuarKabkota: number;
  tanpaGeotag: number;
}

/** The columns a placement gives each point, in this order. */
const PLACEMENT_COLUMNS = [
  "spatial_kelurahan_code",
  "spatial_rt_code",
  "effective_kelurahan_code",
  "effective_rt_code",
  "location_status",
] as const;

/** The placement columns as an SQL list, each written by `format` (a prefix, an alias, an assignment). */
export function placementColumnList(
  format: (column: (typeof PLACEMENT_COLUMNS)[number]) => string = (column) => column,
): SQL {
  return sql.raw(PLACEMENT_COLUMNS.map(format).join(", "));
}

/**
 * The placement of geotagged points in the kelurahan and RT polygons of their kabupaten/kota,
 * as a subquery: every row of `subjects` (with `kabkota_code`, `key`, `geotag`,
 * `declared_kelurahan_code`, `declared_rt_code`, and whatever else the caller carries along)
 * plus the placement columns (placementColumnList). `points` holds the same keys and geotags with a GiST index on them;
 * `areas` narrows the polygons (alias `a`).
 *
 * The point-in-polygon join is driven from the polygons — each area scans the points its
 * outline covers through the GiST index — with `OFFSET 0` fencing the LATERAL subquery so the
 * planner keeps that shape and PostGIS reuses each polygon's prepared geometry. A point on a
 * shared edge is covered by both neighbours; the lower code wins, so the result is stable.
 *
 * The effective area is the spatial one when the geotag lies in a polygon, else the declared
 * one; `location_status` records which case holds. A geotag in no kelurahan is checked against
 * the outline of the kabupaten/kota (its own polygon, or where it has none the union of its
 * kelurahan): outside it, the place cannot be the household's (`di_luar_kabkota`).
 */
export function placementOf({ points, subjects, areas }: { points: SQL; subjects: SQL; areas: SQL }): SQL {
  return sql`(
    WITH hit AS (
      SELECT x.key, min(a.code) FILTER (WHERE a.level = 'kelurahan') AS kelurahan_code,
                    min(a.code) FILTER (WHERE a.level = 'rt') AS rt_code
      FROM area a,
           LATERAL (SELECT p.key FROM ${points} p WHERE p.kabkota_code = a.kabkota_code AND ST_Covers(a.geom, p.geotag) OFFSET 0) x
      WHERE ${areas} AND a.level IN ('kelurahan', 'rt') AND a.geom IS NOT NULL
      GROUP BY x.key
    ), placed AS (
      SELECT s.*, hit.kelurahan_code AS spatial_kelurahan_code,
             -- An RT polygon counts only inside the kelurahan the point fell in (slivers between layers).
             CASE WHEN hit.rt_code LIKE hit.kelurahan_code || '.%' THEN hit.rt_code END AS spatial_rt_code
      FROM ${subjects} s LEFT JOIN hit ON hit.key = s.key
    ), outside AS (
      SELECT p.*,
             CASE WHEN p.geotag IS NULL OR p.spatial_kelurahan_code IS NOT NULL THEN false
                  ELSE coalesce(
                    (SELECT NOT ST_Covers(k.geom, p.geotag) FROM area k WHERE k.code = p.kabkota_code AND k.geom IS NOT NULL),
                    EXISTS (SELECT 1 FROM area kel WHERE kel.kabkota_code = p.kabkota_code AND kel.level = 'kelurahan' AND kel.geom IS NOT NULL))
             END AS outside_kabkota
      FROM placed p
    )
    SELECT *,
           COALESCE(spatial_kelurahan_code, declared_kelurahan_code) AS effective_kelurahan_code,
           CASE
             WHEN spatial_kelurahan_code IS NULL THEN declared_rt_code
             WHEN spatial_rt_code IS NOT NULL THEN spatial_rt_code
             WHEN declared_rt_code LIKE spatial_kelurahan_code || '.%' THEN declared_rt_code
           END AS effective_rt_code,
           (CASE
             WHEN geotag IS NULL THEN 'tanpa_geotag'
             WHEN outside_kabkota THEN 'di_luar_kabkota'
             WHEN spatial_kelurahan_code IS NULL THEN 'di_luar_wilayah'
             WHEN spatial_kelurahan_code IS DISTINCT FROM declared_kelurahan_code THEN 'tidak_sesuai'
             ELSE 'sesuai'
           END)::location_status AS location_status
    FROM outside
  )`;
}

/**
 * Memory for the sorts and hashes of a city-wide placement: in the default 4 MB, a million
 * households' hits spill to disk in 16 batches (a re-run took 1.31× its floor then, 1.17× now).
 */
const SPATIAL_JOIN_WORK_MEM = "128MB";

/** Runs work in a transaction whose sorts and hashes may use SPATIAL_JOIN_WORK_MEM (the bench's floor runs the same way). */
export async function withSpatialJoinMemory<T>(ctx: Context, work: (db: Context["db"]) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL work_mem = '${SPATIAL_JOIN_WORK_MEM}'`));
    return work(tx);
  });
}

/**
 * Places the households of a kabupaten/kota that `which` selects (alias-free, on `household`)
 * and writes the placements that changed.
 */
async function writePlacements(db: Context["db"], kabkota: string, which: SQL): Promise<void> {
  const placement = placementOf({
    points: sql`(SELECT kabkota_code, id AS key, geotag FROM household WHERE ${which})`,
    subjects: sql`(
      SELECT kabkota_code, id AS key, geotag, declared_kelurahan_code, declared_rt_code,
             ${placementColumnList((column) => `${column} AS stored_${column}`)}
      FROM household WHERE kabkota_code = ${kabkota} AND ${which})`,
    areas: sql`a.kabkota_code = ${kabkota}`,
  });
  await db.execute(sql`
    WITH changed AS MATERIALIZED (
      SELECT key, ${placementColumnList()}
      FROM ${placement} p
      WHERE (${placementColumnList((column) => `stored_${column}`)}) IS DISTINCT FROM (${placementColumnList()})
    )
    UPDATE household h SET ${placementColumnList((column) => `${column} = c.${column}`)}
    FROM changed c
    WHERE h.kabkota_code = ${kabkota} AND h.id = c.key`);
}

/** Places the named households (after a verval proposal changed their geotag or declared area). */
export async function placeHouseholds(
  db: Context["db"],
  kabkota: string,
  householdIds: readonly number[],
): Promise<void> {
  await writePlacements(db, kabkota, sql`id = ANY(${sqlArray(householdIds, "int")})`);
}

/**
 * Places every household of a kabupaten/kota in its kelurahan and RT (after a boundary change,
 * or on demand; an import places its own households as it writes them). Placements are compared
 * with the stored ones in the same pass that reads the households, and only the changed ones are
 * written: a re-run over unchanged data writes nothing and, as the changes come out empty, never
 * revisits the table.
 */
export async function joinHouseholdsToAreas({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string };
}): Promise<SpatialJoinReport> {
  const kabkota = input.kabkotaCode;
  await withSpatialJoinMemory(ctx, (db) => writePlacements(db, kabkota, sql`true`));
  const [counts] = await queryRows<SpatialJoinReport>(
    ctx.db,
    sql`SELECT count(*)::int AS households,
               count(geotag)::int AS "withGeotag",
               count(*) FILTER (WHERE location_status = 'sesuai')::int AS sesuai,
               count(*) FILTER (WHERE location_status = 'tidak_sesuai')::int AS "tidakSesuai",
               count(*) FILTER (WHERE location_status = 'di_luar_wilayah')::int AS "diLuarWilayah",
               count(*) FILTER (WHERE location_status = 'di_luar_kabkota')::int AS "diLuarKabkota",
               count(*) FILTER (WHERE location_status = 'tanpa_geotag')::int AS "tanpaGeotag"
        FROM household WHERE kabkota_code = ${kabkota}`,
  );
  return counts!;
}
