import type { LayerSpecification, StyleSpecification } from "maplibre-gl";

/** A dark, self-contained style: no tiles, glyphs or sprites from anywhere. */
export const SCREEN_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#0b1220" } }],
};

/** Warm classes for where aid piles up; cool for where no one received anything; pale for poverty. */
export const SCREEN_RAMPS = {
  stacked_rate: ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],
  uncovered_rate: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
  poverty_rate: ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
} as const;
export const SCREEN_NO_DATA = "#4a5565";
export const SCREEN_ALERT = "#ffd43b";

export function screenLayers(source: string): LayerSpecification[] {
  return [
    { id: "kelurahan-fill", type: "fill", source, paint: { "fill-color": ["get", "fill"], "fill-opacity": 0.92 } },
    { id: "kelurahan-line", type: "line", source, paint: { "line-color": "#0b1220", "line-width": 1.2 } },
    {
      id: "kelurahan-alert",
      type: "line",
      source,
      filter: ["==", ["get", "alert"], true],
      paint: { "line-color": SCREEN_ALERT, "line-width": 5 },
    },
  ];
}
