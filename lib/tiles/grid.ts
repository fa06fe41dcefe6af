import { sql, type SQL } from "drizzle-orm";

export const TILE_LAYERS = ["kecamatan", "kelurahan", "rt", "rumah-tangga"] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** A tile of a layer (z/x/y in the Web Mercator grid) for an analysis window. */
export interface TileRequest {
  layer: TileLayer;
  z: number;
  x: number;
  y: number;
  from?: string;
  to?: string;
}

/** Tile coordinates in the tile's own grid, as MVT and ST_AsMVTGeom use them. */
export const EXTENT = 4096;
/** The margin past a tile's edges, in tile units, that geometry is clipped to (ST_AsMVTGeom's buffer). */
export const BUFFER = 256;

/** The tile's envelope in Web Mercator, and the same in lon/lat (the register's SRID). */
export const envelope = (t: TileRequest) => sql`ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int)`;
export const envelopeLonLat = (t: TileRequest) => sql`ST_Transform(${envelope(t)}, 4326)`;
export const geom3857 = (column: SQL) => sql`ST_Transform(${column}, 3857)`;

/**
 * What ST_AsMVTGeom does, with functions PGlite's PostGIS has: clip to the tile and its buffer,
 * scale into the tile grid (y down), snap to whole units, repair, and orient rings as MVT
 * wants (exterior rings clockwise on screen: counter-clockwise in the flipped grid's numbers).
 */
export function tileGeometry(t: TileRequest, geom3857: SQL, polygon: boolean): SQL {
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
