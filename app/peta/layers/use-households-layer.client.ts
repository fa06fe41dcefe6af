import type { MapLibreMap } from "maplibre-gl";
import { useEffect } from "react";

import { HOUSEHOLD_LAYER, TILE_SOURCES } from "../map-style";
import type { Span } from "../types";
import { useTileSource } from "./use-tile-source.client";

/** The households of the window `span` as points (clusters below zoom 15), coloured by their class. */
export function useHouseholdsLayer(map: MapLibreMap | null, span: Span): void {
  useTileSource(map, TILE_SOURCES.households, span);
  useEffect(() => {
    if (map && !map.getLayer(HOUSEHOLD_LAYER.id)) map.addLayer(HOUSEHOLD_LAYER);
  }, [map]);
}
