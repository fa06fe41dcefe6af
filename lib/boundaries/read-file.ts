import type { FeatureCollection } from "geojson";
import { parseZip } from "shpjs";
import { BoundaryFileError } from "./errors";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function isZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((byte, i) => bytes[i] === byte);
}

function isFeatureCollection(value: unknown): value is FeatureCollection {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { type?: unknown }).type === "FeatureCollection" &&
    Array.isArray((value as { features?: unknown }).features)
  );
}

async function readShapefileZip(fileName: string, bytes: Uint8Array): Promise<FeatureCollection> {
  let parsed: Awaited<ReturnType<typeof parseZip>>;
  try {
    parsed = await parseZip(bytes);
  } catch (error) {
    throw new BoundaryFileError(
      `Berkas ${fileName} bukan Shapefile ZIP yang dapat dibaca (perlu .shp dan .dbf, sebaiknya juga .prj): ${(error as Error).message}`,
    );
  }
  const layers = Array.isArray(parsed) ? parsed : [parsed];
  if (layers.length !== 1) {
    const names = layers.map((layer) => layer.fileName ?? "?").join(", ");
    throw new BoundaryFileError(`Berkas ${fileName} berisi ${layers.length} lapisan (${names}); unggah satu lapisan per berkas.`);
  }
  return layers[0] as FeatureCollection;
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
    const reason = error instanceof TypeError ? "bukan teks UTF-8" : (error as Error).message;
    throw new BoundaryFileError(
      `Berkas ${fileName} bukan GeoJSON maupun Shapefile ZIP yang valid (${reason}).`,
    );
  }
  if (!isFeatureCollection(value)) {
    throw new BoundaryFileError(`Berkas ${fileName} adalah JSON, tetapi bukan GeoJSON FeatureCollection (perlu "type": "FeatureCollection" dan daftar "features").`);
  }
  return value;
}
