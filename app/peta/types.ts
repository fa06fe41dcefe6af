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
  /** The level of the account's own area (the city for the city's staff): how soon detail shows. */
  homeLevel: AreaLevel;
  /** Whether the data is the generated sample: the map picture says so. */
  demoData: boolean;
  areas: MapArea[];
  selectedCode: string | null;
  indicator: IndicatorKey;
  classMethod: ClassMethod;
  window: AnalysisWindow;
  locations: LocationCounts;
  /** Whether the account sees the verval proposals as points (single households and persons). */
  proposals: boolean;
  /** The city's installed basemap (streets, water) drawn beneath the data, or null: outlines only. */
  basemap: InstalledBasemap | null;
}

/** What the map needs of the installed basemap (lib/basemap). */
export interface InstalledBasemap {
  sha256: string;
  bounds: [number, number, number, number];
  minZoom: number;
  maxZoom: number;
}

/** The months the map shows (a window, or one month while the timeline plays). */
export interface Span {
  from: string;
  to: string;
}

/** An area of a tile source now loaded, with its value of the indicator shown. */
export interface LoadedArea {
  code: string;
  name: string;
  value: number;
}

/** The class breaks of the choropleth at each level (empty until tiles are in). */
export interface Breaks {
  kelurahan: number[];
  rt: number[];
}

/** What the tooltip shows of the area under the pointer, and where. */
export interface HoverInfo {
  x: number;
  y: number;
  /** In the right half of the map: the tooltip opens to the left of the pointer, inside the map. */
  flip: boolean;
  name: string;
  code: string;
  value: string;
}
