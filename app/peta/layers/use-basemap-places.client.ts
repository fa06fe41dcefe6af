import type { MapLibreMap, Marker } from "maplibre-gl";
import { useEffect } from "react";

import { htmlMarker, labelsOverlap } from "@/app/components/map/html-marker";

import { BASEMAP_SOURCE } from "../map-style";

/** The basemap layer of named places (Protomaps: localities, suburbs, neighbourhoods). */
const PLACES_LAYER = "places";

/**
 * The installed basemap's place names, as HTML markers: a symbol layer would need glyph files
 * from elsewhere. Read from the basemap tiles the map has loaded, each name once, from the zoom
 * the file gives it (`min_zoom`), and only where it clears the area names and the places placed
 * before it. Nothing without a basemap.
 */
export function useBasemapPlaces(map: MapLibreMap | null, installed: boolean): void {
  useEffect(() => {
    if (!map || !installed) return;
    const markers = new Map<string, Marker>();
    const refresh = () => {
      if (!map.getSource(BASEMAP_SOURCE)) return;
      const zoom = map.getZoom();
      const shown = new Set<string>();
      for (const feature of map.querySourceFeatures(BASEMAP_SOURCE, { sourceLayer: PLACES_LAYER })) {
        const name = feature.properties["name:id"] ?? feature.properties.name;
        const minZoom = Number(feature.properties.min_zoom ?? 0);
        if (typeof name !== "string" || shown.has(name) || feature.geometry.type !== "Point" || zoom < minZoom)
          continue;
        shown.add(name);
        if (!markers.has(name)) {
          const [lon, lat] = feature.geometry.coordinates;
          markers.set(name, htmlMarker(name, "map-label basemap-place", [lon!, lat!]).addTo(map));
        }
      }
      for (const [name, marker] of markers)
        if (!shown.has(name)) {
          marker.remove();
          markers.delete(name);
        }
      const placed = [...map.getContainer().querySelectorAll<HTMLElement>(".map-label:not(.basemap-place)")]
        .filter((label) => label.style.display !== "none" && label.style.visibility !== "hidden")
        .map((label) => label.getBoundingClientRect());
      for (const marker of markers.values()) {
        const element = marker.getElement();
        element.style.visibility = "";
        const box = element.getBoundingClientRect();
        const clear = !placed.some((other) => labelsOverlap(box, other));
        element.style.visibility = clear ? "" : "hidden";
        if (clear) placed.push(box);
      }
    };
    map.on("idle", refresh);
    return () => {
      map.off("idle", refresh);
      for (const marker of markers.values()) marker.remove();
    };
  }, [map, installed]);
}
