import type { MapLibreMap, VectorTileSource } from "maplibre-gl";
import { useEffect } from "react";

import { TILE_SOURCES, tileUrl } from "../map-style";
import type { Span } from "../types";

/**
 * One vector tile source of /api/tiles for the window `span`: added with the map, pointed at the
 * new window's tiles when it changes (which reloads them).
 */
export function useTileSource(
  map: MapLibreMap | null,
  tiles: (typeof TILE_SOURCES)[keyof typeof TILE_SOURCES],
  span: Span,
): void {
  useEffect(() => {
    if (!map) return;
    const url = tileUrl(window.location.origin, tiles.layer, span);
    const source = map.getSource<VectorTileSource>(tiles.source);
    if (!source) {
      map.addSource(tiles.source, {
        type: "vector",
        tiles: [url],
        minzoom: tiles.minzoom,
        maxzoom: tiles.maxzoom,
        promoteId: tiles.layer === "rumah-tangga" ? undefined : "code",
      });
    } else if (source.tiles[0] !== url) {
      source.setTiles([url]);
    }
  }, [map, tiles, span]);
}
