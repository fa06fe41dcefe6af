import type { MapLibreMap } from "maplibre-gl";
import { useEffect } from "react";

import { HOUSEHOLD_LAYER_ID, householdLayer, TILE_SOURCES, type MapDetail } from "../map-style";
import type { Span } from "../types";
import { useHouseholdClusters } from "./use-household-clusters.client";
import { useTileSource } from "./use-tile-source.client";

/** The households of the window `span`: single points coloured by their class, and clusters with their counts. */
export function useHouseholdsLayer(map: MapLibreMap | null, span: Span, detail: MapDetail): void {
  useTileSource(map, TILE_SOURCES.households, span);
  useEffect(() => {
    if (map && !map.getLayer(HOUSEHOLD_LAYER_ID)) map.addLayer(householdLayer(detail));
  }, [map, detail]);
  useHouseholdClusters(map, detail);
}
