declare module "shpjs" {
  import type { FeatureCollection } from "geojson";
  /** Reads one Shapefile layer from its parts (.shp, optional .dbf, .cpg, and .prj reprojected to WGS84) into GeoJSON. */
  export function getShapefile(parts: {
    shp: Uint8Array;
    dbf?: Uint8Array;
    prj?: Uint8Array;
    cpg?: Uint8Array;
  }): Promise<FeatureCollection>;
}
