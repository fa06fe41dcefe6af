import { customType } from "drizzle-orm/pg-core";

/**
 * PostGIS column types. Every geometry is stored in EPSG:4326 (WGS84 lon/lat), the CRS of
 * GeoJSON, MVT input and the boundary files; metric work (areas, buffers) casts to geography
 * or transforms on the fly. Values are read as hex EWKB strings: spatial reads go through
 * ST_AsGeoJSON / ST_AsMVTGeom in SQL, never through these types.
 */
export const SRID = 4326;

function geometryType(kind: "MultiPolygon" | "Point") {
  return customType<{ data: string; driverData: string }>({
    dataType() {
      return `geometry(${kind},${SRID})`;
    },
  });
}

export const multiPolygon = geometryType("MultiPolygon");
export const point = geometryType("Point");
