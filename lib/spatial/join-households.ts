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
 * Places every household of a kabupaten/kota in its kelurahan and RT.
 *
 * The point-in-polygon join is driven from the polygons — each area scans the households its
 * outline covers through the GiST index — with `OFFSET 0` fencing the LATERAL subquery so the
 * planner keeps that shape and PostGIS reuses each polygon's prepared geometry. A point on a
 * shared edge is covered by both neighbours; the lower code wins, so the result is stable.
 *
 * The effective area is the spatial one when the geotag lies in a polygon, else the declared
 * one; `location_status` records which case holds. Runs in one transaction.
 */
export async function joinHouseholdsToAreas({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string };
}): Promise<SpatialJoinReport> {
  const kabkota = input.kabkotaCode;
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      CREATE TEMP TABLE household_area ON COMMIT DROP AS
      SELECT hit.id, min(a.code) FILTER (WHERE a.level = 'kelurahan') AS kelurahan_code,
                     min(a.code) FILTER (WHERE a.level = 'rt') AS rt_code
      FROM area a,
           LATERAL (
             SELECT h.id FROM household h
             WHERE h.kabkota_code = ${kabkota} AND ST_Covers(a.geom, h.geotag)
             OFFSET 0
           ) hit
      WHERE a.kabkota_code = ${kabkota} AND a.level IN ('kelurahan', 'rt') AND a.geom IS NOT NULL
      GROUP BY hit.id`);
    await tx.execute(sql`ALTER TABLE household_area ADD PRIMARY KEY (id)`);
    await tx.execute(sql`
      UPDATE household h SET
        spatial_kelurahan_code = ha.kelurahan_code,
        -- An RT polygon counts only inside the kelurahan the point fell in (slivers between layers).
        spatial_rt_code = CASE WHEN ha.rt_code LIKE ha.kelurahan_code || '.%' THEN ha.rt_code END
      FROM (SELECT h2.id, ha.kelurahan_code, ha.rt_code
            FROM household h2 LEFT JOIN household_area ha ON ha.id = h2.id
            WHERE h2.kabkota_code = ${kabkota}) ha
      WHERE h.kabkota_code = ${kabkota} AND h.id = ha.id`);
    await tx.execute(sql`
      UPDATE household SET
        effective_kelurahan_code = COALESCE(spatial_kelurahan_code, declared_kelurahan_code),
        effective_rt_code = CASE
          WHEN spatial_kelurahan_code IS NULL THEN declared_rt_code
          WHEN spatial_rt_code IS NOT NULL THEN spatial_rt_code
          WHEN declared_rt_code LIKE spatial_kelurahan_code || '.%' THEN declared_rt_code
        END,
        location_status = (CASE
          WHEN geotag IS NULL THEN 'tanpa_geotag'
          WHEN spatial_kelurahan_code IS NULL THEN 'di_luar_wilayah'
          WHEN spatial_kelurahan_code IS DISTINCT FROM declared_kelurahan_code THEN 'tidak_sesuai'
          ELSE 'sesuai'
        END)::location_status
      WHERE kabkota_code = ${kabkota}`);
    const [counts] = await queryRows<SpatialJoinReport>(
      tx,
      sql`SELECT count(*)::int AS households,
                 count(geotag)::int AS "withGeotag",
                 count(*) FILTER (WHERE location_status = 'sesuai')::int AS sesuai,
                 count(*) FILTER (WHERE location_status = 'tidak_sesuai')::int AS "tidakSesuai",
                 count(*) FILTER (WHERE location_status = 'di_luar_wilayah')::int AS "diLuarWilayah",
                 count(*) FILTER (WHERE location_status = 'tanpa_geotag')::int AS "tanpaGeotag"
          FROM household WHERE kabkota_code = ${kabkota}`,
    );
    return counts!;
  });
}
