/**
 * Evidence photos attached to a verval usulan. They are stored in the database and shown to other
 * officers, so what a phone writes beside the picture (GPS position, device, owner name, time)
 * is removed before storing. Pure and dependency-free: the bytes are walked, never decoded.
 */
import { UserError } from "@/lib/errors";
import { formatDecimal } from "@/lib/format";

export const PHOTO_KINDS = ["rumah", "ktp_kk", "akta_kematian", "lainnya"] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

export const PHOTO_KIND_LABELS: Record<PhotoKind, string> = {
  rumah: "Foto rumah",
  ktp_kk: "KTP / KK",
  akta_kematian: "Akta kematian",
  lainnya: "Lainnya",
};

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export interface CleanPhoto {
  mime: "image/jpeg" | "image/png";
  bytes: Uint8Array;
}

const MB = 1024 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The photo without its metadata, or a UserError naming the file and saying what to do. */
export function cleanPhoto(bytes: Uint8Array, fileName: string): CleanPhoto {
  if (bytes.length === 0) throw new UserError(`Berkas "${fileName}" kosong.`);
  if (bytes.length > MAX_PHOTO_BYTES) {
    // Rounded up, so a file just over the limit never reads as "5,0 MB; batasnya 5 MB".
    const size = formatDecimal(Math.ceil((bytes.length / MB) * 10) / 10, 1);
    throw new UserError(`Foto "${fileName}" berukuran ${size} MB; batasnya ${MAX_PHOTO_BYTES / MB} MB.`);
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", bytes: stripJpeg(bytes, fileName) };
  if (startsWith(bytes, PNG_SIGNATURE)) return { mime: "image/png", bytes: stripPng(bytes, fileName) };
  if (isHeic(bytes)) {
    throw new UserError(
      `Foto "${fileName}" berformat HEIC, yang belum bisa dibaca. Di iPhone: Pengaturan › Kamera › Format › ` +
        `"Paling Kompatibel", lalu foto ulang; atau kirim tangkapan layar foto itu.`,
    );
  }
  throw new UserError(`Berkas "${fileName}" bukan foto JPEG atau PNG.`);
}

function corrupt(fileName: string): UserError {
  return new UserError(`Foto "${fileName}" rusak atau terpotong.`);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const HEVC_BRANDS = new Set(["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]);
const HEIF_BRANDS = new Set(["mif1", "msf1"]);

/**
 * An ISO BMFF file whose `ftyp` names HEVC, or the generic HEIF brands. mif1/msf1 are also the
 * major brand of some AVIF files; those are not HEIC and get the plain refusal.
 */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || ascii(bytes, 4, 8) !== "ftyp") return false;
  const boxEnd = Math.min(bytes.length, new DataView(bytes.buffer, bytes.byteOffset).getUint32(0));
  const major = ascii(bytes, 8, 12);
  const brands = [major];
  for (let at = 16; at + 4 <= boxEnd; at += 4) brands.push(ascii(bytes, at, at + 4));
  if (brands.some((brand) => HEVC_BRANDS.has(brand))) return true;
  return HEIF_BRANDS.has(major) && !brands.some((brand) => brand === "avif" || brand === "avis");
}

// JPEG markers (ITU T.81 table B.1).
const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const COM = 0xfe;
const TEM = 0x01;

function isRestart(marker: number): boolean {
  return marker >= 0xd0 && marker <= 0xd7;
}

/** Markers without a length field. */
function isStandalone(marker: number): boolean {
  return marker === TEM || isRestart(marker);
}

/**
 * Start of the next marker (its first FF, fill bytes included) in entropy-coded data, where
 * FF 00 is a stuffed FF and FF D0–D7 a restart marker, both part of the data; -1 if none.
 */
function nextMarkerInScan(bytes: Uint8Array, from: number): number {
  let at = from;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) {
      at++;
      continue;
    }
    let next = at + 1;
    while (next < bytes.length && bytes[next] === 0xff) next++;
    const marker = bytes[next];
    if (marker === undefined) return -1;
    if (marker !== 0x00 && !isRestart(marker)) return at;
    at = next + 1;
  }
  return -1;
}

/**
 * Copies the JPEG segment by segment, leaving out APP1 (Exif, XMP), APP13 (IPTC, Photoshop) and
 * COM wherever they sit, including between the scans of a progressive JPEG. It stops at EOI:
 * phones append further images after it (MPF: previews, depth and gain maps), each with its
 * own Exif, so those and the APP2 MPF index pointing at them go too.
 * Exif also holds the Orientation a phone relies on to show a portrait shot upright; that one
 * tag is kept in a minimal Exif segment of its own.
 */
function stripJpeg(bytes: Uint8Array, fileName: string): Uint8Array {
  const kept: Uint8Array[] = [];
  let keepFrom = 0;
  let at = 2;
  let inScan = false;
  let orientationKept = false;
  for (;;) {
    const start = inScan ? nextMarkerInScan(bytes, at) : at;
    if (start < 0 || bytes[start] !== 0xff) throw corrupt(fileName);
    let markerAt = start;
    while (bytes[markerAt] === 0xff) markerAt++;
    const marker = bytes[markerAt];
    if (marker === undefined) throw corrupt(fileName);
    if (marker === EOI) {
      if (!inScan) throw corrupt(fileName);
      kept.push(bytes.subarray(keepFrom, markerAt + 1));
      return concat(kept);
    }
    if (marker === 0x00 || marker === SOI) throw corrupt(fileName);
    let end = markerAt + 1;
    if (!isStandalone(marker)) {
      if (markerAt + 3 > bytes.length) throw corrupt(fileName);
      const length = (bytes[markerAt + 1]! << 8) | bytes[markerAt + 2]!;
      end = markerAt + 1 + length;
      if (length < 2 || end > bytes.length) throw corrupt(fileName);
    }
    const payload = bytes.subarray(markerAt + 3, end);
    const dropped =
      marker === APP1 || marker === APP13 || marker === COM || (marker === APP2 && ascii(payload, 0, 4) === "MPF\0");
    if (dropped) {
      kept.push(bytes.subarray(keepFrom, start));
      keepFrom = end;
      const orientation = marker === APP1 && !orientationKept ? exifOrientation(payload) : undefined;
      if (orientation !== undefined) {
        kept.push(orientationSegment(orientation));
        orientationKept = true;
      }
    }
    if (marker === SOS) inScan = true;
    at = end;
  }
}

/** The Orientation tag (0x0112) of IFD0 in an APP1 Exif payload, when it turns or mirrors. */
function exifOrientation(payload: Uint8Array): number | undefined {
  if (ascii(payload, 0, 6) !== "Exif\0\0") return undefined;
  const tiff = new DataView(payload.buffer, payload.byteOffset + 6, payload.length - 6);
  if (tiff.byteLength < 8) return undefined;
  const order = ascii(payload, 6, 8);
  if (order !== "II" && order !== "MM") return undefined;
  const little = order === "II";
  const ifd = tiff.getUint32(4, little);
  if (ifd + 2 > tiff.byteLength) return undefined;
  const count = tiff.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.byteLength) return undefined;
    if (tiff.getUint16(entry, little) !== 0x0112) continue;
    // SHORT, one value: left-aligned in the 4-byte value field.
    if (tiff.getUint16(entry + 2, little) !== 3 || tiff.getUint32(entry + 4, little) !== 1) return undefined;
    const value = tiff.getUint16(entry + 8, little);
    return value >= 2 && value <= 8 ? value : undefined;
  }
  return undefined;
}

/** APP1 with a big-endian TIFF holding one IFD0 entry: Orientation. */
function orientationSegment(orientation: number): Uint8Array {
  // prettier-ignore
  return new Uint8Array([
    0xff, APP1, 0x00, 0x22, // marker, length 34
    0x45, 0x78, 0x69, 0x66, 0x00, 0x00, // "Exif\0\0"
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, // "MM", 42, IFD0 at 8
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00, // Orientation, SHORT × 1
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
}

const PNG_METADATA_CHUNKS = new Set(["eXIf", "tEXt", "iTXt", "zTXt", "tIME"]);

/**
 * Copies the PNG chunk by chunk without its metadata chunks. Chunks are copied whole, so their
 * CRCs stay valid; anything after IEND is left behind.
 */
function stripPng(bytes: Uint8Array, fileName: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const kept: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE.length)];
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > bytes.length) throw corrupt(fileName);
    const type = ascii(bytes, at + 4, at + 8);
    const end = at + 12 + view.getUint32(at);
    if (end > bytes.length || (at === PNG_SIGNATURE.length && type !== "IHDR")) throw corrupt(fileName);
    if (!PNG_METADATA_CHUNKS.has(type)) kept.push(bytes.subarray(at, end));
    if (type === "IEND") return concat(kept);
    at = end;
  }
}
