import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

export interface SpatialJoinReport {
  households: number;
  withGeotag: number;
  /** Geotag inside the declared kelurahan. */
  sesuai: number;
  /** Geotag inside another kelurahan than the declared one ("lokasi tidak sesuai"). */
  tidakSesuai: number;
  /** Geotag outside every kelurahan polygon: counted in the declared area. */
  diLuarWilayah: number;
  tanpaGeotag: number;
}

/**
 * Places the households of a kabupaten/kota in their kelurahan and RT: all of them, or only
 * those an import batch brought in or changed.
 *
 * The point-in-polygon join is driven from the polygons — each area scans the households its
 * outline covers through the GiST index — with `OFFSET 0` fencing the LATERAL subquery so the
 * planner keeps that shape and PostGIS reuses each polygon's prepared geometry. A point on a
 * shared edge is covered by both neighbours; the lower code wins, so the result is stable.
 *
 * The effective area is the spatial one when the geotag lies in a polygon, else the declared
 * one; `location_status` records which case holds. One statement, and only households whose
 * placement changed are written, so a re-run after a small import touches few rows.
 */
export async function joinHouseholdsToAreas({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; importBatchId?: number };
}): Promise<SpatialJoinReport> {
  const kabkota = input.kabkotaCode;
  const inBatch = (alias: string) =>
    input.importBatchId === undefined ? sql`` : sql`AND ${sql.raw(alias)}.import_batch_id = ${input.importBatchId}`;
  await ctx.db.execute(sql`
    WITH hit AS (
      SELECT x.id, min(a.code) FILTER (WHERE a.level = 'kelurahan') AS kelurahan_code,
                   min(a.code) FILTER (WHERE a.level = 'rt') AS rt_code
      FROM area a,
           LATERAL (
             SELECT h.id, h.import_batch_id FROM household h
             WHERE h.kabkota_code = ${kabkota} AND ST_Covers(a.geom, h.geotag)
             OFFSET 0
           ) x
      -- The batch filter stays outside the fence: inside, the planner would scan the batch's
      -- households for every polygon instead of the polygon's few through the GiST index.
      WHERE a.kabkota_code = ${kabkota} AND a.level IN ('kelurahan', 'rt') AND a.geom IS NOT NULL ${inBatch("x")}
      GROUP BY x.id
    ), placed AS (
      SELECT h.id, h.geotag IS NULL AS no_geotag, h.declared_kelurahan_code, h.declared_rt_code,
             hit.kelurahan_code AS spatial_kelurahan_code,
             -- An RT polygon counts only inside the kelurahan the point fell in (slivers between layers).
             CASE WHEN hit.rt_code LIKE hit.kelurahan_code || '.%' THEN hit.rt_code END AS spatial_rt_code
      FROM household h LEFT JOIN hit ON hit.id = h.id
      WHERE h.kabkota_code = ${kabkota} ${inBatch("h")}
    ), placement AS (
      SELECT id, spatial_kelurahan_code, spatial_rt_code,
             COALESCE(spatial_kelurahan_code, declared_kelurahan_code) AS effective_kelurahan_code,
             CASE
               WHEN spatial_kelurahan_code IS NULL THEN declared_rt_code
               WHEN spatial_rt_code IS NOT NULL THEN spatial_rt_code
               WHEN declared_rt_code LIKE spatial_kelurahan_code || '.%' THEN declared_rt_code
             END AS effective_rt_code,
             (CASE
               WHEN no_geotag THEN 'tanpa_geotag'
               WHEN spatial_kelurahan_code IS NULL THEN 'di_luar_wilayah'
               WHEN spatial_kelurahan_code IS DISTINCT FROM declared_kelurahan_code THEN 'tidak_sesuai'
               ELSE 'sesuai'
             END)::location_status AS location_status
      FROM placed
    )
    UPDATE household h SET
      spatial_kelurahan_code = p.spatial_kelurahan_code,
      spatial_rt_code = p.spatial_rt_code,
      effective_kelurahan_code = p.effective_kelurahan_code,
      effective_rt_code = p.effective_rt_code,
      location_status = p.location_status
    FROM placement p
    WHERE h.kabkota_code = ${kabkota} AND h.id = p.id
      AND (h.spatial_kelurahan_code, h.spatial_rt_code, h.effective_kelurahan_code, h.effective_rt_code, h.location_status)
          IS DISTINCT FROM (p.spatial_kelurahan_code, p.spatial_rt_code, p.effective_kelurahan_code, p.effective_rt_code, p.location_status)`);
  const [counts] = await queryRows<SpatialJoinReport>(
    ctx.db,
    sql`SELECT count(*)::int AS households,
               count(geotag)::int AS "withGeotag",
               count(*) FILTER (WHERE location_status = 'sesuai')::int AS sesuai,
               count(*) FILTER (WHERE location_status = 'tidak_sesuai')::int AS "tidakSesuai",
               count(*) FILTER (WHERE location_status = 'di_luar_wilayah')::int AS "diLuarWilayah",
               count(*) FILTER (WHERE location_status = 'tanpa_geotag')::int AS "tanpaGeotag"
        FROM household WHERE kabkota_code = ${kabkota}`,
  );
  return counts!;
}
