import type { LayerSpecification, StyleSpecification } from "maplibre-gl";

/** A self-contained light style: no tiles, glyphs or sprites from anywhere. */
export const AREA_FILL_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#f4f6f8" } }],
};

/** Kelurahan (or kecamatan) filled with the colour each feature carries, outlined. */
export function areaFillLayers(source: string): LayerSpecification[] {
  return [
    { id: "area-fill", type: "fill", source, paint: { "fill-color": ["get", "fill"], "fill-opacity": 0.9 } },
    { id: "area-fill-line", type: "line", source, paint: { "line-color": "#ffffff", "line-width": 1 } },
  ];
}

/** Where a comparison loses households (only in A, or eligibility lost), where it gains, and where both agree. */
export const COMPARISON_COLOURS = { lost: "#d6604d", gained: "#4393c3", even: "#e0e0e0" } as const;
