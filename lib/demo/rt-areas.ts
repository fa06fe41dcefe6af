import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { createAreaStaging, upsertStagedAreas, type AreaUpsertReport } from "@/lib/boundaries";
import type { Context } from "@/lib/context";

import { rtCountsByArea } from "./demo-city";

/** RT per RW in the generated numbering. */
const RT_PER_RW = 6;

/**
 * Subdivides every kelurahan of a kabupaten/kota into demo RT polygons, in PostGIS: seeded
 * random points in each kelurahan (ST_GeneratePoints), their Voronoi cells clipped to it, and
 * codes `<kelurahan>.<RW>.<RT>` numbered north-west to south-east. Deterministic per engine.
 * Runs in a transaction of its own (a savepoint when the caller already has one).
 */
export async function generateDemoRtAreas({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; seed: number };
}): Promise<AreaUpsertReport> {
  const kelurahan = await queryRows<{ code: string; areaKm2: number }>(
    ctx.db,
    sql`SELECT code, area_km2 AS "areaKm2" FROM area
        WHERE kabkota_code = ${input.kabkotaCode} AND level = 'kelurahan' AND geom IS NOT NULL ORDER BY code`,
  );
  const counts = [...rtCountsByArea(kelurahan)].map(([code, rt], i) => ({ code, rt, seed: input.seed + i + 1 }));

  return ctx.db.transaction(async (tx) => {
    const txCtx: Context = { ...ctx, db: tx };
    await createAreaStaging(txCtx);
    await tx.execute(sql`
      WITH plan AS (
        SELECT p->>'code' AS code, (p->>'rt')::int AS rt, (p->>'seed')::int AS seed
        FROM json_array_elements(${JSON.stringify(counts)}::json) AS p
      ), seeds AS (
        SELECT k.code, k.geom, ST_GeneratePoints(k.geom, plan.rt, plan.seed) AS points
        FROM plan JOIN area k ON k.code = plan.code
      ), cells AS (
        SELECT s.code, s.geom AS kelurahan_geom, (ST_Dump(ST_VoronoiPolygons(s.points))).geom AS cell
        FROM seeds s
      ), clipped AS (
        SELECT code, ST_CollectionExtract(ST_Intersection(cell, kelurahan_geom), 3) AS geom
        FROM cells
      ), numbered AS (
        SELECT code, geom,
               row_number() OVER (PARTITION BY code ORDER BY ST_Y(ST_PointOnSurface(geom)) DESC, ST_X(ST_PointOnSurface(geom))) - 1 AS n
        FROM clipped WHERE NOT ST_IsEmpty(geom)
      )
      INSERT INTO area_staging (code, name, geom)
      SELECT code || '.' || lpad((n / ${RT_PER_RW} + 1)::text, 3, '0') || '.' || lpad((n % ${RT_PER_RW} + 1)::text, 3, '0'),
             NULL, geom
      FROM numbered`);
    return upsertStagedAreas(txCtx, "demo");
  });
}
