import type { MapLibreMap, MapMouseEvent } from "maplibre-gl";
import { useCallback, useEffect, useState } from "react";

import { HOUSEHOLD_LAYER_ID, type MapDetail } from "../map-style";

/** What a tap on the map picked: a household point, or an RT of the choropleth with its tile properties. */
export type MapPick = { kind: "household"; id: number } | { kind: "rt"; properties: Record<string, unknown> };

/** A finger is not a pointer: a tap picks what lies within this many pixels. */
const TAP_SLOP = 8;

/**
 * A tap (or click) on a household point picks the household; elsewhere, from the zoom at which RT
 * show, it picks the RT under it. The kelurahan under the tap is still selected by the outlines.
 */
export function useMapPick(
  map: MapLibreMap | null,
  { rtMinZoom }: MapDetail,
): { pick: MapPick | null; clear: () => void } {
  const [pick, setPick] = useState<MapPick | null>(null);
  const clear = useCallback(() => setPick(null), []);

  useEffect(() => {
    if (!map) return;
    const click = (event: MapMouseEvent) => {
      const { x, y } = event.point;
      const around: [[number, number], [number, number]] = [
        [x - TAP_SLOP, y - TAP_SLOP],
        [x + TAP_SLOP, y + TAP_SLOP],
      ];
      const household = map.queryRenderedFeatures(around, { layers: [HOUSEHOLD_LAYER_ID] })[0];
      if (household?.id !== undefined) {
        setPick({ kind: "household", id: Number(household.id) });
        return;
      }
      const rt =
        map.getZoom() >= rtMinZoom
          ? map.queryRenderedFeatures(event.point, { layers: ["choropleth-rt"] })[0]
          : undefined;
      setPick(rt ? { kind: "rt", properties: rt.properties } : null);
    };
    map.on("click", click);
    return () => {
      map.off("click", click);
    };
  }, [map, rtMinZoom]);

  return { pick, clear };
}
