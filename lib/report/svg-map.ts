import type { FeatureCollection, MultiPolygon, Position } from "geojson";

/** An outline drawn as an SVG path in a box of `width` × `height`, north up. */
export interface SvgOutline {
  code: string;
  name: string;
  d: string;
  /** The label's place in the box. */
  label: [number, number];
}

/**
 * Outlines projected into a box for a printed map: equirectangular with the longitude scaled by
 * the cosine of the middle latitude (true to shape near the equator, where Samarinda lies), fitted
 * with a margin and centred. Drawn on the server, so the printed page needs no WebGL.
 */
export function svgOutlines(
  collection: FeatureCollection<MultiPolygon, { code: string; name: string; label_lon: number; label_lat: number }>,
  width: number,
  height: number,
  margin = 8,
): { outlines: SvgOutline[]; metresPerUnit: number; project: (p: Position) => [number, number] } {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of collection.features)
    for (const polygon of feature.geometry.coordinates)
      for (const ring of polygon)
        for (const [x, y] of ring) {
          west = Math.min(west, x!);
          east = Math.max(east, x!);
          south = Math.min(south, y!);
          north = Math.max(north, y!);
        }
  if (!Number.isFinite(west)) return { outlines: [], metresPerUnit: 0, project: () => [0, 0] };
  const kx = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * kx, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  const project = ([x, y]: Position): [number, number] => [
    offsetX + (x! - west) * kx * scale,
    offsetY + (north - y!) * scale,
  ];
  const point = (p: Position) =>
    project(p)
      .map((v) => v.toFixed(1))
      .join(" ");
  const outlines = collection.features.map((feature) => ({
    code: feature.properties.code,
    name: feature.properties.name,
    d: feature.geometry.coordinates
      .flatMap((polygon) => polygon.map((ring) => `M${ring.map(point).join("L")}Z`))
      .join(""),
    label: project([feature.properties.label_lon, feature.properties.label_lat]),
  }));
  // A degree of latitude is 111.32 km everywhere; one unit of the box is 1/scale degrees.
  return { outlines, metresPerUnit: 111_320 / scale, project };
}
