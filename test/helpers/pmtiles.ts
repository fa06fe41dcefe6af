import { fromVectorTileJs, type VectorTileFeatureLike } from "@maplibre/vt-pbf";
import { zxyToTileId } from "pmtiles";

import { tileAt } from "./tiles";

const EXTENT = 4096;

/** The name of the test basemap's one place, in its `places` layer. */
export const TEST_PLACE_NAME = "Kampung Uji Peta";
/** Where the place stands in the tile's grid: between the road and the water, clear of the highway. */
const PLACE: [number, number] = [2600, 2100];

type Ring = Array<[number, number]>;

/** A point of the tile's grid (0–4096) as longitude and latitude. */
function gridToLonLat(tile: { z: number; x: number; y: number }, [gx, gy]: [number, number]): [number, number] {
  const n = 2 ** tile.z;
  const lon = ((tile.x + gx / EXTENT) / n) * 360 - 180;
  const mercatorY = Math.PI * (1 - (2 * (tile.y + gy / EXTENT)) / n);
  return [lon, (Math.atan(Math.sinh(mercatorY)) * 180) / Math.PI];
}

function layer(name: string, features: Array<{ type: 1 | 2 | 3; kind: string; rings: Ring[]; name?: string }>) {
  const wrapped: VectorTileFeatureLike[] = features.map((f, i) => ({
    type: f.type,
    id: i + 1,
    properties: { kind: f.kind, ...(f.name ? { name: f.name } : {}) } as Record<string, string>,
    extent: EXTENT,
    loadGeometry: () =>
      f.rings.map((ring) =>
        ring.map(([x, y]) => ({ x, y }) as ReturnType<VectorTileFeatureLike["loadGeometry"]>[0][0]),
      ),
  }));
  return { version: 2, name, extent: EXTENT, length: wrapped.length, feature: (i: number) => wrapped[i]! };
}

function varint(value: number, out: number[]) {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/**
 * A PMTiles v3 basemap written byte by byte (header, root directory, metadata, one tile) with a
 * single vector tile at zoom `z` around a point: land over the whole tile, a band of water, and
 * a major road and a highway crossing it, with the properties Protomaps' style draws, and a named
 * place (TEST_PLACE_NAME). Also the road's, the water's and the place's positions as longitude and
 * latitude, for a test to look at the map there.
 */
export function writeTestBasemap(lon: number, lat: number, z = 12) {
  const tile = tileAt(lon, lat, z);
  const road: Ring = [
    [0, 1400],
    [EXTENT, 1400],
  ];
  const highway: Ring = [
    [1200, 0],
    [1200, EXTENT],
  ];
  const water: Ring = [
    [0, 2800],
    [EXTENT, 2800],
    [EXTENT, 3300],
    [0, 3300],
    [0, 2800],
  ];
  const land: Ring = [
    [0, 0],
    [EXTENT, 0],
    [EXTENT, EXTENT],
    [0, EXTENT],
    [0, 0],
  ];
  const mvt = fromVectorTileJs({
    layers: {
      earth: layer("earth", [{ type: 3, kind: "earth", rings: [land] }]),
      water: layer("water", [{ type: 3, kind: "water", rings: [water] }]),
      roads: layer("roads", [
        { type: 2, kind: "major_road", rings: [road] },
        { type: 2, kind: "highway", rings: [highway] },
      ]),
      places: layer("places", [{ type: 1, kind: "neighbourhood", name: TEST_PLACE_NAME, rings: [[PLACE]] }]),
    },
  });
  const directory: number[] = [];
  varint(1, directory); // entries
  varint(zxyToTileId(tile.z, tile.x, tile.y), directory); // tile id, as a delta from 0
  varint(1, directory); // run length
  varint(mvt.length, directory); // length
  varint(0 + 1, directory); // offset + 1 (the first entry's offset is written, not implied)
  const metadata = new TextEncoder().encode(JSON.stringify({ name: "uji", vector_layers: [] }));

  const headerBytes = 127;
  const rootOffset = headerBytes;
  const metadataOffset = rootOffset + directory.length;
  const tileOffset = metadataOffset + metadata.length;
  const file = new Uint8Array(tileOffset + mvt.length);
  const view = new DataView(file.buffer);
  file.set(new TextEncoder().encode("PMTiles"), 0);
  file[7] = 3;
  const u64 = (at: number, value: number) => view.setBigUint64(at, BigInt(value), true);
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, tileOffset); // no leaf directories
  u64(48, 0);
  u64(56, tileOffset);
  u64(64, mvt.length);
  u64(72, 1); // addressed tiles
  u64(80, 1); // tile entries
  u64(88, 1); // tile contents
  file[96] = 1; // clustered
  file[97] = 1; // internal compression: none
  file[98] = 1; // tile compression: none
  file[99] = 1; // tile type: MVT
  file[100] = z;
  file[101] = z;
  const [west, north] = gridToLonLat(tile, [0, 0]);
  const [east, south] = gridToLonLat(tile, [EXTENT, EXTENT]);
  const e7 = (at: number, value: number) => view.setInt32(at, Math.round(value * 1e7), true);
  e7(102, west);
  e7(106, south);
  e7(110, east);
  e7(114, north);
  file[118] = z;
  e7(119, (west + east) / 2);
  e7(123, (south + north) / 2);
  file.set(directory, rootOffset);
  file.set(metadata, metadataOffset);
  file.set(mvt, tileOffset);
  return {
    bytes: file,
    tile,
    mvt,
    bounds: [west, south, east, north] as const,
    /** Points along the major road, away from the highway and the water. */
    roadPoints: [600, 2400, 3000, 3600].map((gx) => gridToLonLat(tile, [gx, 1400])),
    waterPoints: [600, 2400, 3600].map((gx) => gridToLonLat(tile, [gx, 3050])),
    place: gridToLonLat(tile, PLACE),
  };
}
