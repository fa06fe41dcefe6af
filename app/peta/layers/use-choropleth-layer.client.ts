import type { MapLibreMap } from "maplibre-gl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import type { IndicatorKey } from "@/lib/analytics/browser";
import { classBreaks, type ClassMethod } from "@/lib/map";

import { BASEMAP_SOURCE, choroplethColour, choroplethLayers, TILE_SOURCES, type MapDetail } from "../map-style";
import type { Breaks, LoadedArea, Span } from "../types";
import { useTileSource } from "./use-tile-source.client";

type TileProperties = Record<string, unknown>;

/** The properties of the features of a tile source now loaded (an area cut by several tiles comes once per tile). */
function loadedFeatures(map: MapLibreMap, tiles: { source: string; layer: string }): TileProperties[] {
  return map.querySourceFeatures(tiles.source, { sourceLayer: tiles.layer }).map((feature) => feature.properties);
}

interface Loaded {
  kelurahan: TileProperties[];
  /** Read from the detail's rtMinZoom only, where RT replace kelurahan. */
  rt: TileProperties[];
}

function readLoaded(map: MapLibreMap, { rtMinZoom }: MapDetail): Loaded {
  return {
    kelurahan: loadedFeatures(map, TILE_SOURCES.kelurahan),
    rt: map.getZoom() >= rtMinZoom ? loadedFeatures(map, TILE_SOURCES.rt) : [],
  };
}

/** The loaded areas that have a value of the indicator, once each. */
function loadedAreas(features: TileProperties[], indicator: IndicatorKey): LoadedArea[] {
  const byCode = new Map<string, LoadedArea>();
  for (const properties of features) {
    const value = properties[indicator];
    const code = String(properties.code);
    if (typeof value === "number") byCode.set(code, { code, name: String(properties.name), value });
  }
  return [...byCode.values()];
}

function breaksOf(loaded: Loaded, indicator: IndicatorKey, method: ClassMethod): Breaks {
  const values = (features: TileProperties[]) => loadedAreas(features, indicator).map((a) => a.value);
  return { kelurahan: classBreaks(values(loaded.kelurahan), method), rt: classBreaks(values(loaded.rt), method) };
}

/**
 * The choropleth: kelurahan below the detail's rtMinZoom, RT from it, from /api/tiles for the window `span`.
 * Class breaks follow the tiles in view (read whenever the map settles) and the indicator and method.
 */
export function useChoroplethLayer(
  map: MapLibreMap | null,
  { indicator, method, span, detail }: { indicator: IndicatorKey; method: ClassMethod; span: Span; detail: MapDetail },
): { breaks: Breaks; top: LoadedArea[] } {
  useTileSource(map, TILE_SOURCES.kelurahan, span);
  useTileSource(map, TILE_SOURCES.rt, span);

  const [loaded, setLoaded] = useState<Loaded>({ kelurahan: [], rt: [] });
  const breaks = useMemo(() => breaksOf(loaded, indicator, method), [loaded, indicator, method]);
  const top = useMemo(
    () =>
      loadedAreas(loaded.kelurahan, indicator)
        .sort((a, b) => b.value - a.value || a.code.localeCompare(b.code))
        .slice(0, 5),
    [loaded, indicator],
  );

  // Repaint only on a change: a repaint ends in another idle, which reads the tiles again.
  const painted = useRef("");
  const paint = useCallback(
    (next: Breaks) => {
      if (!map) return;
      const signature = JSON.stringify([indicator, next]);
      if (signature === painted.current) return;
      painted.current = signature;
      map.setPaintProperty("choropleth-kelurahan", "fill-color", choroplethColour(indicator, next.kelurahan));
      map.setPaintProperty("choropleth-rt", "fill-color", choroplethColour(indicator, next.rt));
    },
    [map, indicator],
  );

  // The layers once, then their colours whenever the indicator or the breaks change.
  useEffect(() => {
    if (!map) return;
    if (!map.getLayer("choropleth-kelurahan"))
      for (const layer of choroplethLayers(indicator, detail, Boolean(map.getSource(BASEMAP_SOURCE))))
        map.addLayer(layer);
    paint(breaks);
  }, [map, indicator, breaks, paint, detail]);

  // Whenever the map settles, the tiles in view give the breaks: painted at once, so the map is
  // classed by the time it reports itself ready (useFirstIdle listens after this).
  useEffect(() => {
    if (!map) return;
    const read = () => {
      const next = readLoaded(map, detail);
      paint(breaksOf(next, indicator, method));
      setLoaded(next);
    };
    map.on("idle", read);
    return () => {
      map.off("idle", read);
    };
  }, [map, indicator, method, paint, detail]);

  return { breaks, top };
}
