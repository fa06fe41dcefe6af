import type { MapLibreMap } from "maplibre-gl";
import { useEffect, useState } from "react";

/** True once `map` (given when its layers are in) has drawn them and settled: what data-map-ready says. */
export function useFirstIdle(map: MapLibreMap | null): boolean {
  const [settled, setSettled] = useState<MapLibreMap | null>(null);
  useEffect(() => {
    if (!map) return;
    const done = () => setSettled(map);
    map.once("idle", done);
    return () => {
      map.off("idle", done);
    };
  }, [map]);
  return map !== null && settled === map;
}
