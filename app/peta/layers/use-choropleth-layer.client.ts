import type { MapLibreMap } from "maplibre-gl";
import { useEffect, useMemo, useRef, useState } from "react";

import type { IndicatorKey } from "@/lib/analytics/indicators";
import { classBreaks, type ClassMethod } from "@/lib/map/classes";

import { choroplethColour, choroplethLayers, RT_MIN_ZOOM, TILE_SOURCES } from "../map-style";
import type { Breaks, LoadedArea, Span } from "../types";
import { useTileSource } from "./use-tile-source.client";

type TileProperties = Record<string, unknown>;

/** The properties of the features of a tile source now loaded (an area cut by several tiles comes once per tile). */
function loadedFeatures(map: MapLibreMap, tiles: { source: string; layer: string }): TileProperties[] {
  return map.querySourceFeatures(tiles.source, { sourceLayer: tiles.layer }).map((feature) => feature.properties);
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

/**
 * The choropleth: kelurahan below RT_MIN_ZOOM, RT from it, from /api/tiles for the window `span`.
 * Class breaks follow the tiles in view (read whenever the map settles) and the indicator and method.
 */
export function useChoroplethLayer(
  map: MapLibreMap | null,
  { indicator, method, span }: { indicator: IndicatorKey; method: ClassMethod; span: Span },
): { breaks: Breaks; top: LoadedArea[] } {
  useTileSource(map, TILE_SOURCES.kelurahan, span);
  useTileSource(map, TILE_SOURCES.rt, span);

  const [loaded, setLoaded] = useState<{ kelurahan: TileProperties[]; rt: TileProperties[] }>({
    kelurahan: [],
    rt: [],
  });
  useEffect(() => {
    if (!map) return;
    const read = () =>
      setLoaded({
        kelurahan: loadedFeatures(map, TILE_SOURCES.kelurahan),
        rt: map.getZoom() >= RT_MIN_ZOOM ? loadedFeatures(map, TILE_SOURCES.rt) : [],
      });
    map.on("idle", read);
    return () => {
      map.off("idle", read);
    };
  }, [map]);

  const kelurahan = useMemo(() => loadedAreas(loaded.kelurahan, indicator), [loaded, indicator]);
  const breaks = useMemo(
    () => ({
      kelurahan: classBreaks(
        kelurahan.map((a) => a.value),
        method,
      ),
      rt: classBreaks(
        loadedAreas(loaded.rt, indicator).map((a) => a.value),
        method,
      ),
    }),
    [kelurahan, loaded, indicator, method],
  );
  const top = useMemo(
    () => [...kelurahan].sort((a, b) => b.value - a.value || a.code.localeCompare(b.code)).slice(0, 5),
    [kelurahan],
  );

  // The layers once, then their colours whenever the indicator or the breaks change.
  const painted = useRef("");
  useEffect(() => {
    if (!map) return;
    if (!map.getLayer("choropleth-kelurahan")) for (const layer of choroplethLayers(indicator)) map.addLayer(layer);
    // Repaint only on a change: a repaint ends in another idle, which reads the tiles again.
    const signature = JSON.stringify([indicator, breaks]);
    if (signature === painted.current) return;
    painted.current = signature;
    map.setPaintProperty("choropleth-kelurahan", "fill-color", choroplethColour(indicator, breaks.kelurahan));
    map.setPaintProperty("choropleth-rt", "fill-color", choroplethColour(indicator, breaks.rt));
  }, [map, indicator, breaks]);

  return { breaks, top };
}
