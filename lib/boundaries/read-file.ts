import type { FeatureCollection } from "geojson";
import { getShapefile } from "shpjs";

import { unzipCapped } from "@/lib/imports";

import { BoundaryFileError } from "./errors";

/** A ZIP opens with a local file header, or, when empty, with its end record. */
function isZip(bytes: Uint8Array): boolean {
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
  );
}

function isFeatureCollection(value: unknown): value is FeatureCollection {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "FeatureCollection" &&
    Array.isArray((value as { features?: unknown }).features)
  );
}

const SHAPEFILE_PARTS = /^(.*)\.(shp|dbf|prj|cpg)$/i;

/**
 * A zipped Shapefile of one layer: its parts inflated under the limits of unzipCapped, then read
 * by shpjs (and reprojected to WGS84 from the .prj).
 */
async function readShapefileZip(fileName: string, bytes: Uint8Array): Promise<FeatureCollection> {
  const files = unzipCapped(fileName, bytes, {
    kind: "Shapefile ZIP",
    accept: (name) => SHAPEFILE_PARTS.test(name) && !name.includes("__MACOSX"),
    refuse: (message) => new BoundaryFileError(message),
  });
  const layers = new Map<string, Partial<Record<"shp" | "dbf" | "prj" | "cpg", Uint8Array>>>();
  for (const [name, data] of files) {
    const [, layer, part] = SHAPEFILE_PARTS.exec(name)!;
    const parts = layers.get(layer!) ?? {};
    parts[part!.toLowerCase() as "shp"] = data;
    layers.set(layer!, parts);
  }
  const withShapes = [...layers].filter(([, parts]) => parts.shp);
  if (withShapes.length > 1) {
    throw new BoundaryFileError(
      `Berkas ${fileName} berisi ${withShapes.length} lapisan (${withShapes.map(([name]) => name).join(", ")}); unggah satu lapisan per berkas.`,
    );
  }
  const missing = (part: string) =>
    new BoundaryFileError(
      `Berkas ${fileName} bukan Shapefile ZIP yang dapat dibaca: tidak ada berkas ${part} di dalamnya; kemas .shp, .dbf dan .prj satu lapisan dalam satu ZIP lalu impor lagi.`,
    );
  const [layer] = withShapes;
  if (!layer) throw missing(".shp");
  const { shp, dbf, prj, cpg } = layer[1];
  if (!dbf) throw missing(".dbf");
  try {
    return await getShapefile({ shp: shp!, dbf, prj, cpg });
  } catch (error) {
    console.error(`readBoundaryFile ${fileName}:`, error);
    throw new BoundaryFileError(
      `Berkas ${fileName} bukan Shapefile yang dapat dibaca (isi .shp atau .dbf rusak); ekspor ulang lapisannya dari QGIS atau ArcGIS lalu impor lagi.`,
    );
  }
}

/**
 * Reads a boundary file: GeoJSON (FeatureCollection, WGS84 lon/lat) or a zipped Shapefile,
 * which shpjs reprojects to WGS84 from its .prj.
 */
export async function readBoundaryFile(fileName: string, bytes: Uint8Array): Promise<FeatureCollection> {
  if (bytes.length === 0) throw new BoundaryFileError(`Berkas ${fileName} kosong.`);
  if (isZip(bytes)) return readShapefileZip(fileName, bytes);

  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const reason =
      error instanceof TypeError ? "isinya bukan teks UTF-8" : "isinya bukan JSON yang utuh (rusak atau terpotong)";
    throw new BoundaryFileError(
      `Berkas ${fileName} bukan GeoJSON maupun Shapefile ZIP: ${reason}; ekspor ulang sebagai GeoJSON (misalnya dari QGIS) lalu impor lagi.`,
    );
  }
  if (!isFeatureCollection(value)) {
    throw new BoundaryFileError(
      `Berkas ${fileName} adalah JSON, tetapi bukan GeoJSON FeatureCollection (perlu "type": "FeatureCollection" dan daftar "features").`,
    );
  }
  return value;
}
