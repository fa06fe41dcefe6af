import type { MapLibreMap, Marker } from "maplibre-gl";
import { useEffect } from "react";

import { htmlMarker, labelsOverlap } from "@/app/components/map/html-marker";
import type { AreaOutlines } from "@/app/components/map/use-area-outlines.client";

import { KECAMATAN_LAYERS, KECAMATAN_SOURCE, KELURAHAN_SOURCE, kelurahanLayers, type MapDetail } from "../map-style";

interface Label {
  marker: Marker;
  level: "kecamatan" | "kelurahan";
}

/**
 * Shows the labels of the level in view, and of those only the ones clear of a label placed
 * before them (`labels` comes larger areas first), as a map's symbol layers place text: the
 * small kecamatan of the city centre do not print their names over each other.
 */
function placeLabels(labels: Label[], level: Label["level"]): void {
  const placed: DOMRect[] = [];
  for (const { marker, level: own } of labels) {
    const element = marker.getElement();
    element.style.display = own === level ? "" : "none";
    if (own !== level) continue;
    const box = element.getBoundingClientRect();
    const clear = !placed.some((other) => labelsOverlap(box, other));
    element.style.visibility = clear ? "" : "hidden";
    if (clear) placed.push(box);
  }
}

/**
 * The kecamatan and kelurahan outlines (the kelurahan fill answers hover and click) and their
 * names: kecamatan names below the detail's kelurahanLabelMinZoom, kelurahan names from it, each
 * only where it does not overlap a larger area's. The outlines are fetched once per map
 * (client.tsx builds one map per city).
 */
export function useOutlinesLayer(
  map: MapLibreMap | null,
  outlines: AreaOutlines | null,
  { kelurahanLabelMinZoom }: MapDetail,
): void {
  useEffect(() => {
    if (!map || !outlines || map.getSource(KELURAHAN_SOURCE)) return;
    map.addSource(KELURAHAN_SOURCE, { type: "geojson", data: outlines.kelurahan, promoteId: "code" });
    map.addSource(KECAMATAN_SOURCE, { type: "geojson", data: outlines.kecamatan, promoteId: "code" });
    for (const layer of kelurahanLayers(outlines.kecamatan.features.map((f) => f.properties.code))) map.addLayer(layer);
    for (const layer of KECAMATAN_LAYERS) map.addLayer(layer);
  }, [map, outlines]);

  useEffect(() => {
    if (!map || !outlines) return;
    const labels: Label[] = [];
    for (const level of ["kecamatan", "kelurahan"] as const) {
      const largestFirst = [...outlines[level].features].sort(
        (a, b) => (b.properties.area_km2 ?? 0) - (a.properties.area_km2 ?? 0),
      );
      for (const { properties } of largestFirst) {
        const lngLat: [number, number] = [properties.label_lon, properties.label_lat];
        labels.push({ marker: htmlMarker(properties.name, `map-label ${level}`, lngLat).addTo(map), level });
      }
    }
    const place = () => placeLabels(labels, map.getZoom() >= kelurahanLabelMinZoom ? "kelurahan" : "kecamatan");
    place();
    map.on("moveend", place);
    map.on("resize", place);
    return () => {
      map.off("moveend", place);
      map.off("resize", place);
      for (const { marker } of labels) marker.remove();
    };
  }, [map, outlines, kelurahanLabelMinZoom]);
}
