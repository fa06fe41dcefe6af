import { VectorTile } from "@mapbox/vector-tile";
import type { Position } from "geojson";
import { PbfReader } from "pbf";

import { basemapInfo, basemapTile } from "@/lib/basemap";
import type { Context } from "@/lib/context";

/** The basemap beneath the printed map: water areas and the road network as SVG path data, and its place names. */
export interface SvgBackdrop {
  water: string;
  roads: string;
  /** Named places (Protomaps' `places` layer) inside the map's box, each once, at most MAX_PLACES. */
  places: Array<{ name: string; x: number; y: number }>;
}

/** Place names the printed map carries at most: the map is about 12 cm wide. */
const MAX_PLACES = 30;

/** Road kinds the printed map draws (Protomaps' `roads` layer); paths and service ways would clutter it. */
const PRINTED_ROADS = new Set(["highway", "major_road", "medium_road", "minor_road"]);

/** The tiles covering a box at zoom z. */
function tilesOver([west, south, east, north]: [number, number, number, number], z: number) {
  const n = 2 ** z;
  const x = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const y = (lat: number) => {
    const rad = (lat * Math.PI) / 180;
    return Math.min(
      n - 1,
      Math.max(0, Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)),
    );
  };
  const tiles: Array<{ x: number; y: number }> = [];
  for (let tx = x(west); tx <= x(east); tx++)
    for (let ty = y(north); ty <= y(south); ty++) tiles.push({ x: tx, y: ty });
  return tiles;
}

/**
 * The installed basemap's water and roads over `bbox`, projected with the printed map's
 * projection, from the deepest zoom the file holds at which the box takes at most 16 tiles.
 * Null without a basemap.
 */
export async function basemapBackdrop(
  ctx: Context,
  bbox: [number, number, number, number],
  project: (p: Position) => [number, number],
  size: { width: number; height: number },
): Promise<SvgBackdrop | null> {
  const info = await basemapInfo(ctx);
  if (!info) return null;
  let z = info.maxZoom;
  while (z > info.minZoom && tilesOver(bbox, z).length > 16) z--;
  const path = (line: Position[], close: boolean) =>
    `M${line
      .map((p) =>
        project(p)
          .map((v) => v.toFixed(1))
          .join(" "),
      )
      .join("L")}${close ? "Z" : ""}`;
  let water = "";
  let roads = "";
  const places = new Map<string, { name: string; x: number; y: number }>();
  for (const { x, y } of tilesOver(bbox, z)) {
    const bytes = await basemapTile(ctx, z, x, y);
    if (!bytes) continue;
    const tile = new VectorTile(new PbfReader(bytes));
    const waterLayer = tile.layers.water;
    for (let i = 0; i < (waterLayer?.length ?? 0); i++) {
      const geometry = waterLayer!.feature(i).toGeoJSON(x, y, z).geometry;
      if (geometry.type === "Polygon") water += geometry.coordinates.map((ring) => path(ring, true)).join("");
      if (geometry.type === "MultiPolygon")
        water += geometry.coordinates.flatMap((polygon) => polygon.map((ring) => path(ring, true))).join("");
    }
    const roadLayer = tile.layers.roads;
    for (let i = 0; i < (roadLayer?.length ?? 0); i++) {
      const feature = roadLayer!.feature(i);
      if (!PRINTED_ROADS.has(String(feature.properties.kind))) continue;
      const geometry = feature.toGeoJSON(x, y, z).geometry;
      if (geometry.type === "LineString") roads += path(geometry.coordinates, false);
      if (geometry.type === "MultiLineString") roads += geometry.coordinates.map((line) => path(line, false)).join("");
    }
    const placeLayer = tile.layers.places;
    for (let i = 0; i < (placeLayer?.length ?? 0); i++) {
      const feature = placeLayer!.feature(i);
      const name = feature.properties["name:id"] ?? feature.properties.name;
      const geometry = feature.toGeoJSON(x, y, z).geometry;
      if (typeof name !== "string" || geometry.type !== "Point" || places.has(name)) continue;
      const [px, py] = project(geometry.coordinates);
      if (px >= 0 && py >= 0 && px <= size.width && py <= size.height) places.set(name, { name, x: px, y: py });
    }
  }
  return { water, roads, places: [...places.values()].slice(0, MAX_PLACES) };
}
