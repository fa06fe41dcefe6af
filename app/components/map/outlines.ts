import type { FeatureCollection, MultiPolygon } from "geojson";

import type { AreaProperties } from "@/lib/areas";

/** Area outlines as /api/boundaries and lib/areas' boundaryFeatures give them: each feature with its bbox. */
export type Outlines = FeatureCollection<MultiPolygon, AreaProperties>;

export type Bbox = [number, number, number, number];

export async function fetchOutlines(level: "kecamatan" | "kelurahan", kabkotaCode: string): Promise<Outlines> {
  const response = await fetch(`/api/boundaries/${level}?kabkota=${encodeURIComponent(kabkotaCode)}`);
  if (!response.ok) throw new Error(`Batas ${level} tidak dapat dimuat (HTTP ${response.status}).`);
  return response.json();
}

/** The box around all the outlines, or null when none has a bbox. */
export function outlinesBounds(outlines: Outlines): Bbox | null {
  const boxes = outlines.features.map((f) => f.bbox!).filter(Boolean);
  if (!boxes.length) return null;
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}
