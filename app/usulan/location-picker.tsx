"use client";

import { Marker, NavigationControl, type LngLatBoundsLike, type MapLibreMap } from "maplibre-gl";
import { useEffect, useRef } from "react";

import { fetchOutlines } from "@/app/components/map/outlines";
import { useBaseMap } from "@/app/components/map/use-base-map.client";
import { useFirstIdle } from "@/app/components/map/use-first-idle.client";
import { BASE_STYLE } from "@/app/peta/map-style";

export interface PickedPoint {
  lon: number;
  lat: number;
}

/** Draws the city's kelurahan outlines, the proposal's kelurahan tinted, and frames that kelurahan. */
function useKelurahanOutline(map: MapLibreMap | null, kelurahanCode: string): void {
  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    fetchOutlines("kelurahan", kelurahanCode.split(".").slice(0, 2).join(".")).then(
      (outlines) => {
        if (cancelled) return;
        map.addSource("picker-kelurahan", { type: "geojson", data: outlines });
        map.addLayer({
          id: "picker-kelurahan-fill",
          type: "fill",
          source: "picker-kelurahan",
          paint: {
            "fill-color": ["case", ["==", ["get", "code"], kelurahanCode], "#fff3c4", "#eef2ef"],
            "fill-opacity": 0.8,
          },
        });
        map.addLayer({
          id: "picker-kelurahan-line",
          type: "line",
          source: "picker-kelurahan",
          paint: { "line-color": "#4a5a52", "line-width": ["case", ["==", ["get", "code"], kelurahanCode], 2.5, 0.8] },
        });
        const own = outlines.features.find((f) => f.properties.code === kelurahanCode)?.bbox;
        if (own) map.fitBounds(own as unknown as LngLatBoundsLike, { padding: 16, duration: 0 });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [map, kelurahanCode]);
}

/**
 * A point picked on the map, for a household's geotag where the phone's location is not the house
 * (the operator is at the office): tap the map, the pin moves there, `onPick` hears it. Loaded only
 * when asked for (the proposal form imports it dynamically), so the form stays light on a phone.
 */
export function LocationPicker({
  kelurahanCode,
  start,
  onPick,
}: {
  kelurahanCode: string;
  start: PickedPoint | null;
  onPick: (point: PickedPoint) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const pick = useRef(onPick);
  useEffect(() => {
    pick.current = onPick;
  }, [onPick]);
  const { map } = useBaseMap(container, {
    options: {
      style: BASE_STYLE,
      center: start ? [start.lon, start.lat] : [117.15, -0.5],
      zoom: start ? 16 : 11,
      attributionControl: false,
    },
    exposeAs: "__tepatPickerMap",
    setup: (built) => built.addControl(new NavigationControl({ showCompass: false }), "top-right"),
  });
  useKelurahanOutline(map, kelurahanCode);
  const ready = useFirstIdle(map);
  useEffect(() => {
    if (!map) return;
    const marker = new Marker({ color: "#b3261e" });
    if (start) marker.setLngLat([start.lon, start.lat]).addTo(map);
    const onClick = (event: { lngLat: { lng: number; lat: number } }) => {
      marker.setLngLat(event.lngLat).addTo(map);
      pick.current({ lon: event.lngLat.lng, lat: event.lngLat.lat });
    };
    map.on("click", onClick);
    return () => {
      map.off("click", onClick);
      marker.remove();
    };
    // The pin starts where the form's location was when the map opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
  return (
    <div className="location-picker" data-testid="location-picker" data-map-ready={ready ? "true" : "false"}>
      <div ref={container} style={{ position: "absolute", inset: 0 }} />
    </div>
  );
}
