"use client";

import dynamic from "next/dynamic";

import type { AreaLevel } from "@/db/schema/vocabulary";
import type { AnalysisWindow, IndicatorKey } from "@/lib/analytics";
import type { ClassMethod } from "@/lib/map";
import type { LocationCounts } from "@/lib/spatial";

export interface MapArea {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  areaKm2: number | null;
  childCount: number;
}

export interface MapViewProps {
  kabkotaCode: string;
  cityName: string;
  cityBbox: [number, number, number, number] | null;
  areas: MapArea[];
  selectedCode: string | null;
  indicator: IndicatorKey;
  classMethod: ClassMethod;
  window: AnalysisWindow;
  locations: LocationCounts;
}

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
  return <AreaMap {...props} />;
}
