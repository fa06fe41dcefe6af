declare module "shpjs" {
  import type { FeatureCollection } from "geojson";
  /** Reads a zipped shapefile (.shp, .dbf, optional .prj reprojected to WGS84) into GeoJSON. */
  export function parseZip(
    buffer: ArrayBuffer | Uint8Array,
    whiteList?: string[],
  ): Promise<(FeatureCollection & { fileName?: string }) | Array<FeatureCollection & { fileName?: string }>>;
}
