import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { areaScopeSql } from "@/lib/access";
import {
  coverageSource,
  currentDataVersion,
  INDICATOR_KEYS,
  INDICATORS,
  sumCoverage,
  type AnalysisWindow,
  type AreaCounts,
  type CoverageCounts,
} from "@/lib/analytics";
import type { Context } from "@/lib/context";

import { encodeLayer, encodeLayerOnServer, propertyRelation, type Properties, type TileFeature } from "./encoder";
import {
  BUFFER,
  envelope,
  envelopeLonLat,
  EXTENT,
  geom3857,
  tileGeometry,
  type TileLayer,
  type TileRequest,
} from "./grid";

export type AreaLayer = Exclude<TileLayer, "rumah-tangga">;

/**
 * The properties of each area feature, with their SQL types: one list for both encoders. The
 * window's counts and every map indicator (rounded to 0.1).
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
  households_with_errors: "int",
  receipts_without_amount: "int",
  aid_amount: "float8",
  aid_per_receiving_household_month: "float8",
  aid_top10_share: "float8",
  poor_persons: "int",
  population: "int",
  ...Object.fromEntries(INDICATOR_KEYS.map((key) => [key, "float8"])),
} as Record<string, "text" | "int" | "float8">;

/** The kelurahan and RT codes of the rollup as the layer's area code. */
function rollupCode(layer: AreaLayer): SQL {
  if (layer === "kecamatan") return sql`left(c.kelurahan_code, 8)`;
  if (layer === "kelurahan") return sql`c.kelurahan_code`;
  return sql`c.rt_code`;
}

const LEVEL_OF: Record<AreaLayer, AreaCounts["level"]> = {
  kecamatan: "kecamatan",
  kelurahan: "kelurahan",
  rt: "rt",
};

/** How many layers' counts (per window and data version) each database keeps for the next tiles. */
const MAX_LAYER_COUNTS = 48;

/**
 * The counts of every area of a layer for a window, kept per database by data version,
 * kabupaten/kota, layer and window: the map asks nine or more tiles of one window at once (a
 * pan, each step of the timeline), and each tile summed the same window's rollup again. The
 * counts are the whole kabupaten/kota's and hold no person: any account may read them; the
 * tile still picks only the areas the account may see. A write moves the data version, so a
 * kept entry is never read stale.
 */
const layerCounts = new WeakMap<object, Map<string, Map<string | null, CoverageCounts>>>();

async function countsOfLayer(
  ctx: Context,
  { kabkota, layer, window }: { kabkota: string; layer: AreaLayer; window: AnalysisWindow },
): Promise<Map<string | null, CoverageCounts>> {
  const { version } = await currentDataVersion(ctx);
  const key = [version, kabkota, layer, window.from, window.to].join("/");
  // Keyed by the database handle's copyRows: ctx.db is the tile's own transaction, copyRows the
  // one object every context of that database shares.
  let kept = layerCounts.get(ctx.copyRows);
  if (!kept) layerCounts.set(ctx.copyRows, (kept = new Map()));
  const hit = kept.get(key);
  if (hit) return hit;
  const code = rollupCode(layer);
  const source = await coverageSource(ctx, kabkota, window);
  const { counts } = await sumCoverage(ctx, source, { child: code, where: sql`${code} IS NOT NULL` });
  kept.set(key, counts);
  for (const oldest of kept.keys()) {
    if (kept.size <= MAX_LAYER_COUNTS) break;
    kept.delete(oldest);
  }
  return counts;
}

/**
 * The areas of a layer the tile touches, with their counts and indicators for the window: the
 * counts the summary gives each area (`sumCoverage`), so a tile and the area page agree.
 */
async function areaProperties(ctx: Context, t: TileRequest & { layer: AreaLayer }, window: AnalysisWindow) {
  const areas = await queryRows<{ code: string; name: string; kabkota_code: string; population: number | null }>(
    ctx.db,
    sql`SELECT code, name, kabkota_code, population FROM area
        WHERE level = ${LEVEL_OF[t.layer]} AND geom_display && ${envelopeLonLat(t)} AND ${areaScopeSql(ctx.actor, sql`code`)}
        ORDER BY code`,
  );
  const counts = new Map<string | null, CoverageCounts>();
  for (const kabkota of new Set(areas.map((a) => a.kabkota_code))) {
    for (const [child, found] of await countsOfLayer(ctx, { kabkota, layer: t.layer, window }))
      counts.set(child, found);
  }
  return areas.map((area): Properties => {
    const found = counts.get(area.code);
    const base: Properties = { code: area.code, name: area.name, population: area.population };
    if (!found) return base;
    const full: AreaCounts = {
      ...found,
      code: area.code,
      name: area.name,
      level: LEVEL_OF[t.layer],
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
      households_with_errors: found.households_with_errors,
      receipts_without_amount: found.receipts_without_amount,
      aid_amount: found.aid_amount,
      aid_per_receiving_household_month: found.aid_per_receiving_household_month,
      aid_top10_share: found.aid_top10_share,
      poor_persons: found.poor_persons,
      ...indicators,
    };
  });
}

/** An area layer (kecamatan, kelurahan or RT): the display outline of each area in scope, with its properties. */
export async function areaLayerTile(
  ctx: Context,
  request: TileRequest & { layer: AreaLayer },
  window: AnalysisWindow,
  serverEncoder: boolean,
): Promise<Uint8Array> {
  const { layer } = request;
  const properties = await areaProperties(ctx, request, window);
  if (properties.length === 0) return new Uint8Array();
  if (serverEncoder) {
    return encodeLayerOnServer(
      ctx,
      layer,
      sql`SELECT ST_AsMVTGeom(${geom3857(sql`a.geom_display`)}, ${envelope(request)}, ${EXTENT}, ${BUFFER}, true) AS geom, p.*
          FROM area a JOIN ${propertyRelation(properties, AREA_PROPERTIES)} ON p.code = a.code`,
    );
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
  return encodeLayer(layer, features);
}
