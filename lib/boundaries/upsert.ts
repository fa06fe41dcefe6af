import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { ancestorCodesOf, areaLevelOfCode, kabkotaCodeOf, parentCodeOf, rtNameOf } from "@/lib/area-codes";
import { referenceNames } from "@/lib/areas";
import type { Context } from "@/lib/context";

import { BoundaryFileError } from "./errors";

/** Simplification tolerance of the display outline, in degrees (about 5 m at the equator). */
const DISPLAY_TOLERANCE_DEG = 0.00005;

export interface RepairedGeometry {
  code: string;
  reason: string;
}

export interface AreaUpsertReport {
  inserted: number;
  updated: number;
  repaired: RepairedGeometry[];
  /** Ancestor areas created from the official code list because the file needed them. */
  createdAncestors: string[];
}

/**
 * Creates the temporary table an upsert reads from. Callers fill it (from a file, or from SQL
 * that generates geometry) inside the same transaction, then call `upsertStagedAreas`.
 */
export async function createAreaStaging(ctx: Context): Promise<void> {
  await ctx.db.execute(sql`
    CREATE TEMP TABLE area_staging (
      code text PRIMARY KEY,
      name text,
      geom geometry NOT NULL
    ) ON COMMIT DROP`);
}

/**
 * Stages GeoJSON rows in one statement: the whole set travels as a single JSON parameter.
 * Heights (PolygonZ shapefiles, GeoJSON with elevation) are dropped: areas are 2D.
 */
export async function stageGeoJsonAreas(
  ctx: Context,
  rows: ReadonlyArray<{ code: string; name: string | null; geometry: unknown }>,
): Promise<void> {
  await ctx.db.execute(sql`
    INSERT INTO area_staging (code, name, geom)
    SELECT r->>'code', r->>'name', ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(r->'geometry'), 4326))
    FROM json_array_elements(${JSON.stringify(rows)}::json) AS r`);
}

/**
 * Moves staged areas into `area`: repairs invalid geometry with ST_MakeValid (and reports it),
 * creates missing ancestors from the official code list, upserts by code — replacing the areas
 * the stage names and leaving every other area as it is — and re-derives the outlines of
 * ancestors that have no geometry of their own (source `turunan`) as the union of their children.
 * Must run inside a transaction: on any problem it throws and the caller's transaction rolls back.
 */
export async function upsertStagedAreas(ctx: Context, source: string): Promise<AreaUpsertReport> {
  const { db } = ctx;
  const repaired = await queryRows<{ code: string; reason: string }>(
    db,
    sql`
      WITH invalid AS (
        SELECT code, ST_IsValidReason(geom) AS reason FROM area_staging WHERE NOT ST_IsValid(geom)
      ), fixed AS (
        UPDATE area_staging s
        SET geom = ST_CollectionExtract(ST_MakeValid(s.geom), 3)
        FROM invalid i WHERE s.code = i.code
      )
      SELECT code, reason FROM invalid ORDER BY code`,
  );
  await db.execute(sql`UPDATE area_staging SET geom = ST_Multi(geom)`);
  const empty = await queryRows<{ code: string }>(
    db,
    sql`SELECT code FROM area_staging WHERE ST_IsEmpty(geom) OR ST_Area(geom) = 0 ORDER BY code`,
  );
  if (empty.length) {
    throw new BoundaryFileError(
      "Berkas ditolak: ada geometri yang kosong setelah diperbaiki, tidak ada yang diubah.",
      empty.map(({ code }) => `Kode ${code}: poligon tanpa luas.`),
    );
  }

  const staged = await queryRows<{ code: string }>(db, sql`SELECT code FROM area_staging`);
  const stagedCodes = new Set(staged.map(({ code }) => code));
  const wantedAncestors = [...new Set(staged.flatMap(({ code }) => ancestorCodesOf(code)))].filter(
    (code) => !stagedCodes.has(code),
  );
  const existing = wantedAncestors.length
    ? await queryRows<{ code: string }>(
        db,
        sql`SELECT code FROM area WHERE code = ANY(${sql.param(wantedAncestors)}::text[])`,
      )
    : [];
  const existingCodes = new Set(existing.map(({ code }) => code));
  const createdAncestors = wantedAncestors.filter((code) => !existingCodes.has(code)).sort();
  const names = await referenceNames();
  const ancestorRows = createdAncestors.map((code) => ({
    code,
    level: areaLevelOfCode(code),
    parent: parentCodeOf(code),
    kabkota: kabkotaCodeOf(code),
    name: names.get(code) ?? code,
  }));
  if (ancestorRows.length) {
    await db.execute(sql`
      INSERT INTO area (code, level, parent_code, kabkota_code, name, source)
      SELECT r->>'code', (r->>'level')::area_level, r->>'parent', r->>'kabkota', r->>'name', 'turunan'
      FROM json_array_elements(${JSON.stringify(ancestorRows)}::json) AS r
      ORDER BY length(r->>'code')
      ON CONFLICT (code) DO NOTHING`);
  }

  const stagedRows = staged.map(({ code }) => ({
    code,
    level: areaLevelOfCode(code),
    parent: parentCodeOf(code),
    kabkota: kabkotaCodeOf(code),
    officialName: areaLevelOfCode(code) === "rt" ? rtNameOf(code) : (names.get(code) ?? null),
  }));
  const upserted = await queryRows<{ inserted: boolean }>(
    db,
    sql`
      INSERT INTO area (code, level, parent_code, kabkota_code, name, geom, source, updated_at)
      SELECT s.code, (m->>'level')::area_level, m->>'parent', m->>'kabkota',
             COALESCE(m->>'officialName', s.name, s.code), s.geom, ${source}, now()
      FROM area_staging s
      JOIN json_array_elements(${JSON.stringify(stagedRows)}::json) AS m ON m->>'code' = s.code
      ORDER BY length(s.code)
      ON CONFLICT (code) DO UPDATE SET
        level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, kabkota_code = EXCLUDED.kabkota_code,
        name = EXCLUDED.name, geom = EXCLUDED.geom, source = EXCLUDED.source, updated_at = now()
      RETURNING (xmax = 0) AS inserted`,
  );

  // Outlines of derived ancestors follow their children; provinsi stays without one, since a
  // province assembled from the one city imported would be a misleading outline.
  const derivedTargets = [...new Set(staged.flatMap(({ code }) => ancestorCodesOf(code)))]
    .filter((code) => areaLevelOfCode(code) !== "provinsi")
    .sort((a, b) => b.length - a.length);
  for (const code of derivedTargets) {
    await db.execute(sql`
      UPDATE area p SET geom = u.geom, updated_at = now()
      FROM (SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(c.geom)), 3)) AS geom
            FROM area c WHERE c.parent_code = ${code} AND c.geom IS NOT NULL) u
      WHERE p.code = ${code} AND p.source = 'turunan' AND u.geom IS NOT NULL`);
  }

  const touched = [...stagedCodes, ...derivedTargets];
  await db.execute(sql`
    UPDATE area SET
      geom_display = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SimplifyPreserveTopology(geom, ${DISPLAY_TOLERANCE_DEG})), 3)),
      label_point = ST_PointOnSurface(geom),
      area_km2 = ST_Area(geom::geography) / 1e6
    WHERE code = ANY(${sql.param(touched)}::text[]) AND geom IS NOT NULL`);

  const inserted = upserted.filter((row) => row.inserted).length;
  return { inserted, updated: upserted.length - inserted, repaired, createdAncestors };
}
