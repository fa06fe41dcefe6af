import { layers as basemapLayers, namedFlavor } from "@protomaps/basemaps";
import type { ExpressionSpecification, LayerSpecification, StyleSpecification } from "maplibre-gl";

import type { AreaLevel } from "@/db/schema/vocabulary";
import { HOUSEHOLD_CLASSES, type HouseholdClass } from "@/lib/analytics/browser";
import { CLASS_COLOURS, NO_DATA_COLOUR } from "@/lib/map";

/**
 * A self-contained style: no tiles, glyphs or sprites from elsewhere, so the map works offline.
 * Labels are HTML markers (layers/use-outlines-layer.client.ts, use-basemap-places.client.ts), which need no glyphs.
 */
export const BASE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: "background", type: "background", paint: { "background-color": "#dfe9e4" } }],
};

export const BASEMAP_SOURCE = "basemap";

/**
 * The base style with the city's basemap beneath everything: its vector tiles from Tepat's own
 * route (`?v=` the file's hash, so a new file is fetched anew), drawn with Protomaps' light
 * flavour. Its symbol layers are left out (they need glyphs from elsewhere): its place names are HTML markers.
 */
export function styleWithBasemap(
  basemap: { sha256: string; bounds: [number, number, number, number]; minZoom: number; maxZoom: number },
  origin: string,
): StyleSpecification {
  const drawn = basemapLayers(BASEMAP_SOURCE, namedFlavor("light"), { lang: "id" }).filter(
    (layer) => layer.type !== "symbol",
  ) as LayerSpecification[];
  return {
    ...BASE_STYLE,
    sources: {
      [BASEMAP_SOURCE]: {
        type: "vector",
        tiles: [`${origin}/api/peta-dasar/{z}/{x}/{y}?v=${basemap.sha256.slice(0, 16)}`],
        minzoom: basemap.minZoom,
        maxzoom: basemap.maxZoom,
        bounds: basemap.bounds,
        attribution: "Peta dasar: © OpenStreetMap, Protomaps",
      },
    },
    layers: [...BASE_STYLE.layers, ...drawn.filter((layer) => layer.id !== "background")],
  };
}

export const KELURAHAN_SOURCE = "kelurahan";
export const KECAMATAN_SOURCE = "kecamatan";

/** Kecamatan tint the kelurahan they contain, so the two levels read together. */
const KECAMATAN_PALETTE = [
  "#cfe8d8",
  "#f3e3c3",
  "#d6e4f0",
  "#ecd5e3",
  "#e4ecc7",
  "#f5d8c8",
  "#d9d7ef",
  "#c9e6e4",
  "#efe6b8",
  "#dcdcdc",
];

export function kelurahanLayers(kecamatanCodes: string[]): LayerSpecification[] {
  const fallback = "#e8e8e8";
  const tint: unknown[] = ["match", ["get", "parent_code"]];
  kecamatanCodes.forEach((code, i) => tint.push(code, KECAMATAN_PALETTE[i % KECAMATAN_PALETTE.length]));
  tint.push(fallback);
  return [
    {
      id: "kelurahan-fill",
      type: "fill",
      source: KELURAHAN_SOURCE,
      paint: {
        // A match needs one case at least: an account that sees no kecamatan (a lurah) gets the plain tint.
        "fill-color": (kecamatanCodes.length ? tint : fallback) as never,
        // The choropleth beneath carries the colour; this layer only answers hover and click,
        // and tints the area under the pointer.
        "fill-opacity": [
          "case",
          ["boolean", ["feature-state", "selected"], false],
          0.35,
          ["boolean", ["feature-state", "hover"], false],
          0.3,
          0,
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

/**
 * The zooms from which the map shows finer detail, set by the account's own area: the city's
 * staff see kecamatan names, then kelurahan, then RT and households as they zoom in; a camat sees
 * the kelurahan names at once; a lurah sees the RT and the households of the kelurahan at the zoom
 * that frames it on a phone, not one flat shape.
 */
export interface MapDetail {
  /** Zoom from which kelurahan names are shown (kecamatan names show below it). */
  kelurahanLabelMinZoom: number;
  /** Zoom from which RT replace kelurahan in the choropleth. */
  rtMinZoom: number;
  /** Zoom from which households show (as clusters before HOUSEHOLD_MIN_ZOOM). */
  householdMinZoom: number;
}

export function mapDetail(homeLevel: AreaLevel): MapDetail {
  if (homeLevel === "kelurahan" || homeLevel === "rt") {
    return { kelurahanLabelMinZoom: 0, rtMinZoom: 10, householdMinZoom: 10 };
  }
  if (homeLevel === "kecamatan") return { kelurahanLabelMinZoom: 0, rtMinZoom: 14, householdMinZoom: 12 };
  return { kelurahanLabelMinZoom: 12.3, rtMinZoom: 14, householdMinZoom: 12 };
}

/**
 * Vector tile sources of the choropleth and the household points (served by /api/tiles). A source
 * is fetched only at zooms where a layer of it shows, so the minzooms are the lowest of any MapDetail.
 */
export const TILE_SOURCES = {
  kelurahan: { source: "kelurahan-tiles", layer: "kelurahan", minzoom: 0, maxzoom: 14 },
  rt: { source: "rt-tiles", layer: "rt", minzoom: 10, maxzoom: 16 },
  households: { source: "household-tiles", layer: "rumah-tangga", minzoom: 10, maxzoom: 16 },
} as const;

/** MapLibre fetches tiles from a worker: the template must be an absolute URL. */
export function tileUrl(origin: string, layer: string, span: { from: string; to: string }): string {
  return `${origin}/api/tiles/${layer}/{z}/{x}/{y}?from=${span.from}&to=${span.to}`;
}

/** The fill colour of an indicator under class breaks: no value (no base) gets the "no data" grey. */
export function choroplethColour(indicator: string, breaks: readonly number[]): ExpressionSpecification {
  // A value equal to a class's upper bound belongs to that class: the next step starts just above.
  // MapLibre needs at least one stop, so a single class is a plain colour.
  const step: unknown[] = ["step", ["to-number", ["get", indicator]], CLASS_COLOURS[0]];
  breaks
    .slice(0, -1)
    .forEach((bound, i) => step.push(bound + 1e-9, CLASS_COLOURS[Math.min(i + 1, CLASS_COLOURS.length - 1)]));
  return [
    "case",
    ["has", indicator],
    breaks.length > 1 ? step : CLASS_COLOURS[0],
    NO_DATA_COLOUR,
  ] as unknown as ExpressionSpecification;
}

/**
 * The choropleth's layers; over a basemap (`overBasemap`) they let more of the streets and the
 * river through.
 */
export function choroplethLayers(
  indicator: string,
  { rtMinZoom }: MapDetail,
  overBasemap = false,
): LayerSpecification[] {
  const opacity = overBasemap ? 0.6 : 0.85;
  return [
    {
      id: "choropleth-kelurahan",
      type: "fill",
      source: TILE_SOURCES.kelurahan.source,
      "source-layer": TILE_SOURCES.kelurahan.layer,
      maxzoom: rtMinZoom,
      paint: { "fill-color": choroplethColour(indicator, []), "fill-opacity": opacity },
    },
    {
      id: "choropleth-rt",
      type: "fill",
      source: TILE_SOURCES.rt.source,
      "source-layer": TILE_SOURCES.rt.layer,
      minzoom: rtMinZoom,
      paint: { "fill-color": choroplethColour(indicator, []), "fill-opacity": opacity },
    },
    {
      id: "rt-line",
      type: "line",
      source: TILE_SOURCES.rt.source,
      "source-layer": TILE_SOURCES.rt.layer,
      minzoom: rtMinZoom,
      paint: { "line-color": "#6c757d", "line-width": 0.6 },
    },
  ];
}

const HOUSEHOLD_CLASS_LOOK: Record<HouseholdClass, { colour: string; label: string }> = {
  kesalahan: { colour: "#6f42c1", label: "Nonaktif tetapi menerima" },
  bertumpuk: { colour: "#b02a37", label: "Bertumpuk (≥ 2 program)" },
  belum_menerima: { colour: "#fd7e14", label: "Layak belum menerima" },
  menerima: { colour: "#198754", label: "Menerima 1 program" },
  lainnya: { colour: "#adb5bd", label: "Lainnya" },
};

/** Household classes in the window, each with its colour and label (most pressing first). */
export const HOUSEHOLD_CLASS_STYLE = HOUSEHOLD_CLASSES.map((kelas) => ({ kelas, ...HOUSEHOLD_CLASS_LOOK[kelas] }));

export const HOUSEHOLD_LAYER_ID = "households";

/**
 * Single households as points, coloured by their class. Clusters (features with `households`)
 * are drawn as HTML markers with their count and the share of each class (use-household-clusters).
 */
export function householdLayer({ householdMinZoom }: MapDetail): LayerSpecification {
  return {
    id: HOUSEHOLD_LAYER_ID,
    type: "circle",
    source: TILE_SOURCES.households.source,
    "source-layer": TILE_SOURCES.households.layer,
    minzoom: householdMinZoom,
    filter: ["!", ["has", "households"]],
    paint: {
      "circle-radius": ["interpolate", ["linear"], ["zoom"], 12, 3, 18, 7],
      "circle-color": [
        "match",
        ["get", "kelas"],
        ...HOUSEHOLD_CLASS_STYLE.flatMap((c) => [c.kelas, c.colour]),
        "#adb5bd",
      ] as unknown as ExpressionSpecification,
      "circle-stroke-color": "#ffffff",
      "circle-stroke-width": 1,
    },
  };
}
