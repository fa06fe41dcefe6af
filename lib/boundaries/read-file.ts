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

/**
 * Names of the entries in a ZIP's central directory, or null when the archive's directory is
 * missing or points outside the file. Checked before shpjs sees the bytes: its unzipper spins
 * forever on a truncated archive, which would hang an upload.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  return zipDirectory(bytes)?.map((entry) => entry.name) ?? null;
}

/** Largest total the entries of a boundary ZIP may inflate to; beyond it the archive is refused. */
export const MAX_UNZIPPED_BYTES = 300 * 1024 * 1024;

function zipDirectory(bytes: Uint8Array): Array<{ name: string; size: number }> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (view.getUint32(at, true) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  let at = view.getUint32(eocd + 16, true);
  if (at + size > eocd) return null;
  const names: Array<{ name: string; size: number }> = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < entries; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    if (localHeader + 30 > bytes.length || at + 46 + nameLength > eocd) return null;
    names.push({ name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)), size: view.getUint32(at + 24, true) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

async function readShapefileZip(fileName: string, bytes: Uint8Array): Promise<FeatureCollection> {
  const directory = zipDirectory(bytes);
  if (!directory) throw new BoundaryFileError(`Berkas ${fileName} adalah ZIP yang rusak atau terpotong.`);
  const unzipped = directory.reduce((sum, entry) => sum + entry.size, 0);
  if (unzipped > MAX_UNZIPPED_BYTES) {
    throw new BoundaryFileError(`Isi ZIP ${fileName} terlalu besar setelah dibuka (${Math.round(unzipped / 1048576)} MB, paling banyak ${MAX_UNZIPPED_BYTES / 1048576} MB).`);
  }
  const lower = directory.map((entry) => entry.name.toLowerCase());
  for (const part of [".shp", ".dbf"]) {
    if (!lower.some((name) => name.endsWith(part))) {
      throw new BoundaryFileError(`Berkas ${fileName} bukan Shapefile ZIP yang dapat dibaca: tidak ada berkas ${part} di dalamnya.`);
    }
  }
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
