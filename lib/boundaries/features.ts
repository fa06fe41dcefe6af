import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from "geojson";

import type { AreaLevel } from "@/db/schema/vocabulary";
import { areaLevelOfCode, normalizeAreaCode } from "@/lib/area-codes";

import { BoundaryFileError } from "./errors";

/** Property names that carry an area's Kemendagri code, in order of preference (case-insensitive). */
const CODE_FIELDS = [
  "kode",
  "kode_wilayah",
  "kode_kel",
  "kode_desa",
  "kd_kel",
  "kode_kec",
  "kd_kec",
  "kode_rt",
  "kdepum",
  "kdcpum",
  "code",
  "id",
];
/** Property names that carry an area's name; the official list (idn-area-data) wins where it knows the code. */
const NAME_FIELDS = [
  "nama",
  "name",
  "nama_kel",
  "nama_desa",
  "nama_kec",
  "namobj",
  "wadmkd",
  "wadmkc",
  "desa",
  "kelurahan",
  "kecamatan",
];

export const IMPORTABLE_LEVELS = ["kabkota", "kecamatan", "kelurahan", "rt"] as const satisfies readonly AreaLevel[];
export type ImportableLevel = (typeof IMPORTABLE_LEVELS)[number];

export interface BoundaryRow {
  code: string;
  level: ImportableLevel;
  name: string | null;
  /** GeoJSON geometry, Polygon or MultiPolygon, as read. */
  geometry: Geometry;
}

export interface FeatureMappingOptions {
  level?: ImportableLevel;
  /** Admits codes the official list does not know (a new area, or a code of the city's own). */
  allowUnknownCodes?: boolean;
  codeField?: string;
  nameField?: string;
}

function findField(properties: Record<string, unknown>, wanted: string): string | undefined {
  const key = wanted.toLowerCase();
  return Object.keys(properties).find((name) => name.toLowerCase() === key);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function pickField(
  collection: FeatureCollection,
  explicit: string | undefined,
  candidates: string[],
): string | undefined {
  const sample = (collection.features.find((f) => isObject(f) && isObject(f.properties))?.properties ?? {}) as Record<
    string,
    unknown
  >;
  if (explicit) return findField(sample, explicit) ?? explicit;
  for (const candidate of candidates) {
    const found = findField(sample, candidate);
    if (found) return found;
  }
  return undefined;
}

function isPosition(value: unknown): value is Position {
  return Array.isArray(value) && value.length >= 2 && value.every((n) => typeof n === "number" && Number.isFinite(n));
}

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/** Every position of a (Multi)Polygon, or null when the nesting is not closed rings of [lon, lat] pairs. */
function positionsOf(geometry: Polygon | MultiPolygon): Position[] | null {
  const polygons: unknown = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return null;
  const positions: Position[] = [];
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) return null;
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isPosition) || !samePosition(ring[0]!, ring.at(-1)!))
        return null;
      positions.push(...ring);
    }
  }
  return positions;
}

const CONTROL = /[\u0000-\u001f\u007f]+/g;

/** Text as a message shows it: without control characters, at most 40 characters. */
function shown(text: string): string {
  const clean = text.replace(CONTROL, "\uFFFD");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}

/** A property value as a message quotes it, or says what it is instead of text. */
function quoted(value: unknown): string {
  if (typeof value === "string" || typeof value === "number") return `"${shown(String(value))}"`;
  return Array.isArray(value) ? "berupa daftar" : isObject(value) ? "berupa objek" : `berupa ${String(value)}`;
}

export function describeFeature(index: number, code: string | null): string {
  return code ? `Fitur ke-${index + 1} (kode ${code})` : `Fitur ke-${index + 1}`;
}

/**
 * Maps a FeatureCollection to area rows, or refuses the whole file naming every feature at
 * fault: missing or malformed code, a code of another level, duplicate codes, a geometry that
 * is not a polygon, or coordinates that are not WGS84 degrees.
 */
export function toBoundaryRows(collection: FeatureCollection, options: FeatureMappingOptions = {}): BoundaryRow[] {
  if (collection.features.length === 0) throw new BoundaryFileError("Berkas tidak berisi fitur apa pun.");

  const codeField = pickField(collection, options.codeField, CODE_FIELDS);
  if (!codeField) {
    throw new BoundaryFileError(
      `Tidak ada kolom kode wilayah. Kolom yang dikenali: ${CODE_FIELDS.join(", ")}; atau sebutkan kolomnya dengan --code-field.`,
    );
  }
  const nameField = pickField(collection, options.nameField, NAME_FIELDS);

  const problems: string[] = [];
  const rows: BoundaryRow[] = [];
  const seen = new Map<string, number>();

  collection.features.forEach((feature: Feature, index) => {
    if (!isObject(feature) || feature.type !== "Feature") {
      problems.push(`${describeFeature(index, null)}: bukan objek Feature GeoJSON (isinya ${quoted(feature)}).`);
      return;
    }
    const properties = (isObject(feature.properties) ? feature.properties : {}) as Record<string, unknown>;
    const rawCode = properties[codeField];
    const code = normalizeAreaCode(rawCode);
    const where = describeFeature(index, code);
    if (rawCode === undefined || rawCode === null || rawCode === "") {
      problems.push(`${where}: kolom kode "${codeField}" kosong.`);
      return;
    }
    const level = code ? areaLevelOfCode(code) : null;
    if (!code || !level || level === "provinsi") {
      problems.push(`${where}: kode ${quoted(rawCode)} bukan kode wilayah Kemendagri (contoh 64.72.05.1004).`);
      return;
    }
    if (options.level && level !== options.level) {
      problems.push(`${where}: kode tingkat ${level}, sedangkan impor ini untuk tingkat ${options.level}.`);
      return;
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      problems.push(`${where}: kode yang sama sudah dipakai fitur ke-${earlier + 1}.`);
      return;
    }
    seen.set(code, index);

    const geometry = feature.geometry;
    if (!isObject(geometry) || (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon")) {
      const found = !isObject(geometry)
        ? geometry
          ? quoted(geometry)
          : "kosong"
        : typeof geometry.type === "string"
          ? shown(geometry.type)
          : "tanpa jenis (type)";
      problems.push(`${where}: geometri ${found}, harus Polygon atau MultiPolygon.`);
      return;
    }
    const positions = positionsOf(geometry);
    if (!positions) {
      problems.push(
        `${where}: koordinat bukan ${geometry.type} yang sah (setiap cincin perlu sedikitnya 4 titik [bujur, lintang], titik terakhir sama dengan yang pertama).`,
      );
      return;
    }
    const outside = positions.find(([lon, lat]) => Math.abs(lon!) > 180 || Math.abs(lat!) > 90);
    if (outside) {
      problems.push(`${where}: koordinat [${outside.join(", ")}] bukan derajat bujur/lintang WGS84 (EPSG:4326).`);
      return;
    }
    const rawName = nameField ? properties[nameField] : undefined;
    // A label: control characters (a NUL from a damaged .dbf) become spaces rather than refusing the file.
    const cleanName = typeof rawName === "string" ? rawName.replace(CONTROL, " ").replace(/\s+/g, " ").trim() : "";
    const name = cleanName || null;
    rows.push({ code, level: level as ImportableLevel, name, geometry });
  });

  if (problems.length)
    throw new BoundaryFileError(
      `Berkas ditolak: ${problems.length} fitur bermasalah, tidak ada yang diubah.`,
      problems,
    );
  return rows;
}
