import type { MapLibreMap } from "maplibre-gl";
import { useEffect, useState } from "react";

import type { Span } from "./types";

const keyOf = (span: Span) => `${span.from}..${span.to}`;

/**
 * Whether the map is still drawing the tiles of the window `span`: from the moment it changes until
 * the map next settles. A window nobody asked for is counted on the server first (seconds at a
 * city's size), and the panel says so instead of showing the old window's colours as the new.
 */
export function useSpanPending(map: MapLibreMap | null, span: Span): boolean {
  const [settled, setSettled] = useState<string | null>(null);
  useEffect(() => {
    if (!map) return;
    const key = keyOf(span);
    const done = () => setSettled(key);
    map.once("idle", done);
    return () => {
      map.off("idle", done);
    };
  }, [map, span]);
  return map !== null && settled !== keyOf(span);
}
