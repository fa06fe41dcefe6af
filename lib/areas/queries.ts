import { sql } from "drizzle-orm";
import type { FeatureCollection, MultiPolygon } from "geojson";

import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import { areaScopeSql, inScope } from "@/lib/access";
import type { Context } from "@/lib/context";
import { HOME_KABKOTA_CODE, readSetting } from "@/lib/settings";

export interface AreaProperties {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
  area_km2: number | null;
  /** A point inside the area, for its label. */
  label_lon: number;
  label_lat: number;
}

/**
 * An area as the register holds it: its place in the hierarchy, size, population and outline's
 * extent. (What a window counts in an area is `AreaSummary`, lib/analytics.)
 */
export interface AreaRecord {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  kabkotaCode: string | null;
  areaKm2: number | null;
  population: number | null;
  source: string;
  childCount: number;
  /** [west, south, east, north] of the area's outline, or null when it has none. */
  bbox: [number, number, number, number] | null;
}

/** The kabupaten/kota the app opens on (setting `home_kabkota_code`). */
export function homeKabkotaCode(ctx: Context): Promise<string> {
  return readSetting(ctx, HOME_KABKOTA_CODE);
}

/**
 * Display outlines of one level within a kabupaten/kota and the actor's scope as a GeoJSON
 * FeatureCollection, assembled in SQL so the rows never pass through JS one by one.
 */
export async function boundaryFeatures({
  ctx,
  input,
}: {
  ctx: Context;
  /** `parentCode`: only the areas directly under it (an area's children). */
  input: { kabkotaCode: string; level: AreaLevel; parentCode?: string };
}): Promise<FeatureCollection<MultiPolygon, AreaProperties>> {
  const [row] = await queryRows<{ collection: string }>(
    ctx.db,
    sql`
      SELECT json_build_object(
        'type', 'FeatureCollection',
        'features', COALESCE(json_agg(json_build_object(
          'type', 'Feature',
          'id', a.ord,
          'bbox', json_build_array(round(ST_XMin(a.geom)::numeric, 6), round(ST_YMin(a.geom)::numeric, 6),
                                   round(ST_XMax(a.geom)::numeric, 6), round(ST_YMax(a.geom)::numeric, 6)),
          'geometry', ST_AsGeoJSON(a.geom_display, 6)::json,
          'properties', json_build_object(
            'code', a.code, 'name', a.name, 'level', a.level, 'parent_code', a.parent_code,
            'area_km2', round(a.area_km2::numeric, 2),
            'label_lon', round(ST_X(a.label_point)::numeric, 6), 'label_lat', round(ST_Y(a.label_point)::numeric, 6))
        ) ORDER BY a.code), '[]'::json)
      )::text AS collection
      FROM (
        SELECT row_number() OVER (ORDER BY code) AS ord, *
        FROM area
        WHERE kabkota_code = ${input.kabkotaCode} AND level = ${input.level} AND geom_display IS NOT NULL
          AND ${input.parentCode === undefined ? sql`true` : sql`parent_code = ${input.parentCode}`}
          AND ${areaScopeSql(ctx.actor, sql`code`)}
      ) a`,
  );
  return JSON.parse(row?.collection ?? '{"type":"FeatureCollection","features":[]}');
}

const recordColumns = sql`
  a.code, a.name, a.level, a.parent_code AS "parentCode", a.kabkota_code AS "kabkotaCode",
  a.area_km2 AS "areaKm2", a.population, a.source,
  (SELECT count(*)::int FROM area c WHERE c.parent_code = a.code) AS "childCount",
  CASE WHEN a.geom IS NULL THEN NULL
       ELSE json_build_array(ST_XMin(a.geom), ST_YMin(a.geom), ST_XMax(a.geom), ST_YMax(a.geom))::text END AS bbox`;

type AreaRecordRow = Omit<AreaRecord, "bbox"> & { bbox: string | null };

function toRecord(row: AreaRecordRow): AreaRecord {
  return { ...row, bbox: row.bbox ? JSON.parse(row.bbox) : null };
}

/**
 * One area with its parents, nearest last (for breadcrumbs; only those in the actor's scope), or
 * null when the code is unknown or outside the scope.
 */
export async function getArea({ ctx, input }: { ctx: Context; input: { code: string } }): Promise<{
  area: AreaRecord;
  ancestors: Array<Pick<AreaRecord, "code" | "name" | "level">>;
} | null> {
  if (!inScope(ctx.actor, input.code)) return null;
  const [row] = await queryRows<AreaRecordRow>(
    ctx.db,
    sql`SELECT ${recordColumns} FROM area a WHERE a.code = ${input.code}`,
  );
  if (!row) return null;
  const ancestors = await queryRows<Pick<AreaRecord, "code" | "name" | "level">>(
    ctx.db,
    sql`
      WITH RECURSIVE up AS (
        SELECT code, name, level, parent_code, 0 AS depth FROM area WHERE code = ${row.parentCode}
        UNION ALL
        SELECT a.code, a.name, a.level, a.parent_code, up.depth + 1 FROM area a JOIN up ON a.code = up.parent_code
      )
      SELECT code, name, level FROM up ORDER BY depth DESC`,
  );
  return { area: toRecord(row), ancestors: ancestors.filter((a) => inScope(ctx.actor, a.code)) };
}

/** The areas directly under `code` within the actor's scope, ordered by code. */
export async function listChildAreas({ ctx, input }: { ctx: Context; input: { code: string } }): Promise<AreaRecord[]> {
  const rows = await queryRows<AreaRecordRow>(
    ctx.db,
    sql`SELECT ${recordColumns} FROM area a WHERE a.parent_code = ${input.code} AND ${areaScopeSql(ctx.actor, sql`a.code`)} ORDER BY a.code`,
  );
  return rows.map(toRecord);
}

/** Every area of the given levels within a kabupaten/kota and the actor's scope, ordered by code, in one query. */
export async function listAreasOfKabkota({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; levels: AreaLevel[] };
}): Promise<AreaRecord[]> {
  const rows = await queryRows<AreaRecordRow>(
    ctx.db,
    sql`SELECT ${recordColumns} FROM area a
        WHERE a.kabkota_code = ${input.kabkotaCode} AND a.level::text = ANY(${sql.param(input.levels)}::text[])
          AND ${areaScopeSql(ctx.actor, sql`a.code`)}
        ORDER BY a.code`,
  );
  return rows.map(toRecord);
}

/** Every kelurahan code in the database: what an import row's kode_kelurahan must be one of. */
export async function kelurahanCodeSet(ctx: Context): Promise<Set<string>> {
  const rows = await queryRows<{ code: string }>(ctx.db, sql`SELECT code FROM area WHERE level = 'kelurahan'`);
  return new Set(rows.map((row) => row.code));
}

/** Counts of areas per level within a kabupaten/kota, and whether any of them is sample data. */
export async function areaInventory({ ctx, input }: { ctx: Context; input: { kabkotaCode: string } }): Promise<{
  levels: Partial<Record<AreaLevel, number>>;
  hasDemoData: boolean;
}> {
  const rows = await queryRows<{ level: AreaLevel; count: number; demo: boolean }>(
    ctx.db,
    sql`SELECT level, count(*)::int AS count, bool_or(source = 'demo') AS demo
        FROM area WHERE kabkota_code = ${input.kabkotaCode} GROUP BY level`,
  );
  return {
    levels: Object.fromEntries(rows.map((row) => [row.level, row.count])),
    hasDemoData: rows.some((row) => row.demo),
  };
}
