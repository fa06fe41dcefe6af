import { fromVectorTileJs, type VectorTileFeatureLike } from "@maplibre/vt-pbf";
import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { EXTENT } from "./grid";

export type Properties = Record<string, string | number | null>;

export interface TileFeature {
  id?: number;
  /** Tile-grid geometry as GeoJSON: Point/MultiPoint or Polygon/MultiPolygon. */
  geometry: { type: string; coordinates: unknown };
  properties: Properties;
}

type TilePoint = ReturnType<VectorTileFeatureLike["loadGeometry"]>[number][number];

/**
 * Encodes one layer in JS from tile-grid GeoJSON (the embedded engine has no ST_AsMVT); no
 * features give an empty tile.
 */
export function encodeLayer(name: string, features: TileFeature[]): Uint8Array {
  if (features.length === 0) return new Uint8Array();
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

/**
 * Encodes one layer with the server's ST_AsMVT: `rows` has a tile-grid `geom` (rows without one
 * are left out), the feature id in the column `id` when given, and the properties.
 */
export async function encodeLayerOnServer(
  ctx: Context,
  name: string,
  rows: SQL,
  { id }: { id?: string } = {},
): Promise<Uint8Array> {
  const idColumn = id === undefined ? sql`` : sql`, ${id}`;
  const [row] = await queryRows<{ tile: Uint8Array }>(
    ctx.db,
    sql`SELECT ST_AsMVT(t, ${name}, ${EXTENT}, 'geom'${idColumn}) AS tile FROM (${rows}) t WHERE t.geom IS NOT NULL`,
  );
  return new Uint8Array(row?.tile ?? []);
}

/** The properties as a typed relation for ST_AsMVT, from the same list the JS encoder writes. */
export function propertyRelation(rows: Properties[], properties: Record<string, string>): SQL {
  const columns = Object.entries(properties)
    .map(([name, type]) => `${name} ${type}`)
    .join(", ");
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS p(${sql.raw(columns)})`;
}
