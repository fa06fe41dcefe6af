import type { MapLibreMap, Marker } from "maplibre-gl";
import { useEffect } from "react";

import { htmlMarker } from "@/app/components/map/html-marker";
import type { AreaOutlines } from "@/app/components/map/use-area-outlines.client";

import {
  KECAMATAN_LAYERS,
  KECAMATAN_SOURCE,
  KELURAHAN_LABEL_MIN_ZOOM,
  KELURAHAN_SOURCE,
  kelurahanLayers,
} from "../map-style";

/**
 * The kecamatan and kelurahan outlines (the kelurahan fill answers hover and click) and their
 * names: kecamatan names below KELURAHAN_LABEL_MIN_ZOOM, kelurahan names from it. The outlines are
 * fetched once per map (client.tsx builds one map per city).
 */
export function useOutlinesLayer(map: MapLibreMap | null, outlines: AreaOutlines | null): void {
  useEffect(() => {
    if (!map || !outlines || map.getSource(KELURAHAN_SOURCE)) return;
    map.addSource(KELURAHAN_SOURCE, { type: "geojson", data: outlines.kelurahan, promoteId: "code" });
    map.addSource(KECAMATAN_SOURCE, { type: "geojson", data: outlines.kecamatan, promoteId: "code" });
    for (const layer of kelurahanLayers(outlines.kecamatan.features.map((f) => f.properties.code))) map.addLayer(layer);
    for (const layer of KECAMATAN_LAYERS) map.addLayer(layer);
  }, [map, outlines]);

  useEffect(() => {
    if (!map || !outlines) return;
    const labels: { marker: Marker; level: "kecamatan" | "kelurahan" }[] = [];
    for (const level of ["kecamatan", "kelurahan"] as const) {
      for (const { properties } of outlines[level].features) {
        const lngLat: [number, number] = [properties.label_lon, properties.label_lat];
        labels.push({ marker: htmlMarker(properties.name, `map-label ${level}`, lngLat).addTo(map), level });
      }
    }
    const showForZoom = () => {
      const zoom = map.getZoom();
      for (const { marker, level } of labels) {
        const visible = level === "kelurahan" ? zoom >= KELURAHAN_LABEL_MIN_ZOOM : zoom < KELURAHAN_LABEL_MIN_ZOOM;
        marker.getElement().style.display = visible ? "" : "none";
      }
    };
    showForZoom();
    map.on("zoom", showForZoom);
    return () => {
      map.off("zoom", showForZoom);
      for (const { marker } of labels) marker.remove();
    };
  }, [map, outlines]);
}
