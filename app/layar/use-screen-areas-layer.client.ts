import type { GeoJSONSource, MapLibreMap, Marker } from "maplibre-gl";
import { useEffect } from "react";

import { htmlMarker } from "@/app/components/map/html-marker";
import { outlinesBounds, type Outlines } from "@/app/components/map/outlines";
import { classOf } from "@/lib/map";

import { screenLayers } from "./screen-style";

const SOURCE = "kelurahan";

/**
 * The screen's kelurahan, framed once: each filled with the class colour of its value (a plain
 * colour when the scene shows outlines only), the alerts outlined, the ranked ones numbered.
 */
export function useScreenAreasLayer(
  map: MapLibreMap | null,
  {
    outlines,
    values,
    breaks,
    colours,
    noDataColour,
    highlighted,
    ranked,
  }: {
    outlines: Outlines;
    values: Record<string, number | null> | null;
    breaks: number[];
    colours: readonly string[];
    noDataColour: string;
    highlighted: string[];
    ranked: string[];
  },
): void {
  useEffect(() => {
    if (!map || map.getSource(SOURCE)) return;
    map.addSource(SOURCE, { type: "geojson", data: outlines });
    for (const layer of screenLayers(SOURCE)) map.addLayer(layer);
    const bounds = outlinesBounds(outlines);
    if (bounds) map.fitBounds(bounds, { padding: 32, animate: false });
  }, [map, outlines]);

  useEffect(() => {
    if (!map) return;
    const alert = new Set(highlighted);
    const data: Outlines = {
      ...outlines,
      features: outlines.features.map((f) => {
        const value = values?.[f.properties.code] ?? null;
        const fill =
          values === null
            ? "#1f2a3a"
            : value === null
              ? noDataColour
              : colours[breaks.length > 1 ? classOf(value, breaks) : 0]!;
        return { ...f, properties: { ...f.properties, fill, alert: alert.has(f.properties.code) } };
      }),
    };
    map.getSource<GeoJSONSource>(SOURCE)!.setData(data);
    const markers: Marker[] = ranked.flatMap((code, i) => {
      const feature = outlines.features.find((f) => f.properties.code === code);
      if (!feature) return [];
      const { label_lon, label_lat } = feature.properties;
      return [htmlMarker(String(i + 1), "screen-rank", [label_lon, label_lat]).addTo(map)];
    });
    return () => {
      for (const marker of markers) marker.remove();
    };
  }, [map, outlines, values, breaks, colours, noDataColour, highlighted, ranked]);
}
