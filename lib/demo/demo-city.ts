import { bbox, buffer, convex, featureCollection, intersect, point, voronoi } from "@turf/turf";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";

import { SAMARINDA_KELURAHAN, type KelurahanFact } from "./samarinda-facts";

/** How far the demo city reaches beyond its outermost kelurahan centroids. */
const OUTLINE_MARGIN_KM = 2.5;

/**
 * Demo kelurahan outlines: Voronoi cells around each kelurahan's real centroid, clipped to a
 * city outline (the centroids' convex hull widened by a margin). Deterministic: the same facts
 * give the same polygons on every machine. Sample data only, never to be mistaken for the real
 * boundaries, which are imported from a file.
 */
export function demoKelurahanOutlines(
  facts: readonly KelurahanFact[] = SAMARINDA_KELURAHAN,
): FeatureCollection<Polygon | MultiPolygon, { kode: string }> {
  const centroids = featureCollection(facts.map((fact) => point([fact.lon, fact.lat], { kode: fact.code })));
  const hull = convex(centroids);
  if (!hull) throw new Error("Titik pusat kelurahan tidak cukup untuk membentuk kota contoh.");
  const outline = buffer(hull, OUTLINE_MARGIN_KM, { units: "kilometers" });
  if (!outline) throw new Error("Garis batas kota contoh tidak dapat dibentuk.");
  const [west, south, east, north] = bbox(outline);
  const cells = voronoi(centroids, { bbox: [west - 0.01, south - 0.01, east + 0.01, north + 0.01] });

  const features = cells.features.map((cell, index): Feature<Polygon | MultiPolygon, { kode: string }> => {
    const code = facts[index]!.code;
    const clipped = cell ? intersect(featureCollection([cell, outline])) : null;
    if (!clipped) throw new Error(`Sel Voronoi kelurahan ${code} kosong.`);
    return { type: "Feature", properties: { kode: code }, geometry: clipped.geometry };
  });
  return featureCollection(features);
}

/** About as many RT as Samarinda has (some 2,000 across 59 kelurahan). */
export const DEMO_RT_TOTAL = 2000;

/**
 * How many RT each kelurahan gets: RT are drawn by households, not by land, so the count grows
 * only with the logarithm of the area (a 0.4 km² downtown kelurahan and a 70 km² rural one differ
 * by a factor of about two), scaled so the city totals `total`.
 */
export function rtCountsByArea(
  areas: ReadonlyArray<{ code: string; areaKm2: number }>,
  total = DEMO_RT_TOTAL,
): Map<string, number> {
  const weights = areas.map(({ areaKm2 }) => 3 + Math.log1p(Math.max(areaKm2, 0)));
  const sum = weights.reduce((a, b) => a + b, 0);
  return new Map(areas.map(({ code }, i) => [code, Math.max(3, Math.round((total * weights[i]!) / sum))]));
}
