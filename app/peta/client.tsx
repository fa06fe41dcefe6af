"use client";

import dynamic from "next/dynamic";

import type { MapViewProps } from "./types";

// MapLibre touches `window` and WebGL: it loads in the browser only, on this route only.
const AreaMap = dynamic(() => import("./area-map"), {
  ssr: false,
  loading: () => (
    <p className="map-status" style={{ padding: "1rem" }}>
      Memuat peta …
    </p>
  ),
});

export function MapView(props: MapViewProps) {
  // One map per city: another city builds a new one.
  return <AreaMap key={props.kabkotaCode} {...props} />;
}
