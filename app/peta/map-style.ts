import type { LayerSpecification, StyleSpecification } from "maplibre-gl";

/**
 * A self-contained style: no tiles, glyphs or sprites from elsewhere, so the map works offline.
 * Labels are HTML markers (area-map.tsx), which need no glyphs.
 */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#dfe9e4" } }],
};

export const KELURAHAN_SOURCE = "kelurahan";
export const KECAMATAN_SOURCE = "kecamatan";

/** Kecamatan tint the kelurahan they contain, so the two levels read together. */
const KECAMATAN_PALETTE = ["#cfe8d8", "#f3e3c3", "#d6e4f0", "#ecd5e3", "#e4ecc7", "#f5d8c8", "#d9d7ef", "#c9e6e4", "#efe6b8", "#dcdcdc"];

export function kelurahanLayers(kecamatanCodes: string[]): LayerSpecification[] {
  const tint: unknown[] = ["match", ["get", "parent_code"]];
  kecamatanCodes.forEach((code, i) => tint.push(code, KECAMATAN_PALETTE[i % KECAMATAN_PALETTE.length]));
  tint.push("#e8e8e8");
  return [
    {
      id: "kelurahan-fill",
      type: "fill",
      source: KELURAHAN_SOURCE,
      paint: {
        "fill-color": tint as never,
        "fill-opacity": [
          "case",
          ["boolean", ["feature-state", "selected"], false], 0.95,
          ["boolean", ["feature-state", "hover"], false], 0.85,
          0.7,
        ],
      },
    },
    {
      id: "kelurahan-line",
      type: "line",
      source: KELURAHAN_SOURCE,
      paint: { "line-color": "#5b6b63", "line-width": ["interpolate", ["linear"], ["zoom"], 10, 0.5, 14, 1.5] },
    },
    {
      id: "kelurahan-selected",
      type: "line",
      source: KELURAHAN_SOURCE,
      paint: {
        "line-color": "#0b3d26",
        "line-width": ["case", ["boolean", ["feature-state", "selected"], false], 3.5, 0],
      },
    },
  ];
}

export const KECAMATAN_LAYERS: LayerSpecification[] = [
  {
    id: "kecamatan-line",
    type: "line",
    source: KECAMATAN_SOURCE,
    paint: { "line-color": "#0b3d26", "line-width": ["interpolate", ["linear"], ["zoom"], 10, 1.5, 14, 3] },
  },
];

/** Zoom from which kelurahan names are shown (kecamatan names show below it). */
export const KELURAHAN_LABEL_MIN_ZOOM = 12.3;
