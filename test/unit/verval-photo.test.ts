import { describe, expect, it } from "vitest";

import { UserError } from "@/lib/errors";
import { cleanPhoto, MAX_PHOTO_BYTES, PHOTO_KIND_LABELS, PHOTO_KINDS } from "@/lib/verval/photo";

const bytesOf = (...parts: (number[] | string | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === "string" ? [...Buffer.from(part, "latin1")] : [...part])));

/** A JPEG marker segment: FF, marker, big-endian length (counting itself), payload. */
function segment(marker: number, payload: number[] | string | Uint8Array): Uint8Array {
  const body = bytesOf(payload);
  return bytesOf([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff], body);
}

/** Exif APP1 payload: little-endian TIFF, IFD0 with Orientation (when given) and a GPS tag pointer. */
function exifPayload(orientation?: number): Uint8Array {
  const entries = [
    ...(orientation ? [[0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, orientation, 0x00, 0x00, 0x00]] : []),
    [0x25, 0x88, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00],
  ];
  return bytesOf(
    "Exif\0\0",
    "II",
    [0x2a, 0x00, 0x08, 0x00, 0x00, 0x00],
    [entries.length, 0x00],
    ...entries,
    [0, 0, 0, 0],
    "GPSLatitude -0.502106",
  );
}

const SOI = [0xff, 0xd8];
const EOI = [0xff, 0xd9];
const APP0 = segment(0xe0, bytesOf("JFIF\0", [1, 1, 0, 0, 1, 0, 1, 0, 0]));
const DQT = segment(0xdb, bytesOf([0x00], new Array(64).fill(1)));
const SOF0 = segment(0xc0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
const DHT = segment(0xc4, bytesOf([0x00], new Array(16).fill(0)));
const SOS = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
// Entropy-coded data with a stuffed FF (FF 00) and a restart marker (FF D0) inside it.
const SCAN = [0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a];

function jpeg(...extraHeader: Uint8Array[]): Uint8Array {
  return bytesOf(SOI, APP0, ...extraHeader, DQT, SOF0, DHT, SOS, SCAN, EOI);
}

function contains(haystack: Uint8Array, needle: Uint8Array | string): boolean {
  return Buffer.from(haystack).includes(
    typeof needle === "string" ? Buffer.from(needle, "latin1") : Buffer.from(needle),
  );
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: number[] | string | Uint8Array): Uint8Array {
  const body = bytesOf(type, data);
  const out = new Uint8Array(body.length + 8);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length - 4);
  out.set(body, 4);
  view.setUint32(out.length - 4, crc32(body));
  return out;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
const IDAT = chunk("IDAT", [0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00]);
const IEND = chunk("IEND", []);

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as Error;
  }
  throw new Error("expected a UserError");
}

describe("PHOTO_KINDS", () => {
  it("has a Bahasa Indonesia label for every kind", () => {
    expect(PHOTO_KINDS.map((kind) => PHOTO_KIND_LABELS[kind])).toEqual([
      "Foto rumah",
      "KTP / KK",
      "Akta kematian",
      "Lainnya",
    ]);
  });
});

describe("cleanPhoto", () => {
  it("drops the Exif, XMP, IPTC and comment segments of a JPEG and keeps the rest byte for byte", () => {
    const xmp = segment(0xe1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>exif:GPSLatitude</x:xmpmeta>");
    const iptc = segment(0xed, "Photoshop 3.0\0 8BIM city");
    const comment = segment(0xfe, "taken at Jl. Merdeka 12");
    const icc = segment(0xe2, "ICC_PROFILE\0\x01\x01profile");
    const { mime, bytes } = cleanPhoto(jpeg(segment(0xe1, exifPayload()), xmp, iptc, comment, icc), "rumah.jpg");

    expect(mime).toBe("image/jpeg");
    expect(bytes).toEqual(bytesOf(SOI, APP0, icc, DQT, SOF0, DHT, SOS, SCAN, EOI));
    for (const gone of ["Exif", "GPSLatitude", "xmpmeta", "8BIM", "Merdeka"]) expect(contains(bytes, gone)).toBe(false);
  });

  it("keeps a JPEG that has no metadata unchanged", () => {
    const plain = jpeg();
    expect(cleanPhoto(plain, "a.jpg").bytes).toEqual(plain);
  });

  it("keeps the orientation of a portrait shot in a minimal Exif, without the GPS", () => {
    const { bytes } = cleanPhoto(jpeg(segment(0xe1, exifPayload(6))), "potret.jpg");
    const orientationOnly = segment(
      0xe1,
      bytesOf("Exif\0\0MM", [0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]),
    );
    expect(bytes).toEqual(bytesOf(SOI, APP0, orientationOnly, DQT, SOF0, DHT, SOS, SCAN, EOI));
    expect(contains(bytes, "GPSLatitude")).toBe(false);
  });

  it("handles fill bytes and standalone markers between segments", () => {
    const tem = [0xff, 0x01];
    const input = bytesOf(
      SOI,
      [0xff, 0xff],
      APP0,
      tem,
      [0xff, 0xff],
      segment(0xe1, exifPayload()),
      DQT,
      SOF0,
      DHT,
      SOS,
      SCAN,
      EOI,
    );
    expect(cleanPhoto(input, "a.jpg").bytes).toEqual(
      bytesOf(SOI, [0xff, 0xff], APP0, tem, DQT, SOF0, DHT, SOS, SCAN, EOI),
    );
  });

  it("drops metadata between progressive scans and the images appended after EOI", () => {
    const appended = bytesOf(SOI, segment(0xe1, exifPayload()), EOI);
    const input = bytesOf(jpeg().subarray(0, -2), DHT, segment(0xfe, "secret"), SOS, SCAN, EOI, appended);
    const { bytes } = cleanPhoto(input, "a.jpg");
    expect(bytes).toEqual(bytesOf(jpeg().subarray(0, -2), DHT, SOS, SCAN, EOI));
    expect(contains(bytes, "GPSLatitude")).toBe(false);
  });

  it("drops the text, time and Exif chunks of a PNG and keeps IHDR, IDAT and IEND whole", () => {
    const text = chunk("tEXt", "Comment\0Jl. Merdeka 12");
    const exif = chunk("eXIf", exifPayload().subarray(6));
    const time = chunk("tIME", [0x07, 0xea, 1, 2, 3, 4, 5]);
    const input = bytesOf(PNG_SIGNATURE, IHDR, text, exif, time, IDAT, IEND);
    const { mime, bytes } = cleanPhoto(input, "kk.png");

    expect(mime).toBe("image/png");
    expect(bytes).toEqual(bytesOf(PNG_SIGNATURE, IHDR, IDAT, IEND));
    expect(contains(bytes, "GPSLatitude")).toBe(false);
  });

  it("detects the type by its bytes, not its name", () => {
    expect(cleanPhoto(jpeg(), "foto.png").mime).toBe("image/jpeg");
    expect(cleanPhoto(bytesOf(PNG_SIGNATURE, IHDR, IDAT, IEND), "foto.jpg").mime).toBe("image/png");
  });

  it("refuses a HEIC photo and says how to send one that can be read", () => {
    const heic = bytesOf([0, 0, 0, 0x18], "ftypheic", [0, 0, 0, 0], "mif1heic", [0, 0, 0, 0]);
    expect(errorOf(() => cleanPhoto(heic, "IMG_0001.HEIC")).message).toBe(
      'Foto "IMG_0001.HEIC" berformat HEIC, yang belum bisa dibaca. Di iPhone: Pengaturan › Kamera › Format › ' +
        '"Paling Kompatibel", lalu foto ulang; atau kirim tangkapan layar foto itu.',
    );
    const mif1 = bytesOf([0, 0, 0, 0x10], "ftypmif1", [0, 0, 0, 0]);
    expect(errorOf(() => cleanPhoto(mif1, "a.heif")).message).toContain("HEIC");
  });

  it("refuses anything that is not a JPEG or PNG, AVIF included", () => {
    expect(errorOf(() => cleanPhoto(bytesOf("%PDF-1.7\n"), "ktp.jpg")).message).toBe(
      'Berkas "ktp.jpg" bukan foto JPEG atau PNG.',
    );
    const avif = bytesOf([0, 0, 0, 0x14], "ftypavif", [0, 0, 0, 0], "mif1");
    expect(errorOf(() => cleanPhoto(avif, "a.avif")).message).toBe('Berkas "a.avif" bukan foto JPEG atau PNG.');
  });

  it("refuses an empty file and one over the size limit", () => {
    expect(errorOf(() => cleanPhoto(new Uint8Array(0), "a.jpg")).message).toBe('Berkas "a.jpg" kosong.');
    const big = new Uint8Array(Math.round(6.2 * 1024 * 1024));
    big.set(jpeg());
    expect(errorOf(() => cleanPhoto(big, "besar.jpg")).message).toBe(
      'Foto "besar.jpg" berukuran 6,2 MB; batasnya 5 MB.',
    );
    expect(errorOf(() => cleanPhoto(new Uint8Array(MAX_PHOTO_BYTES + 1), "b.jpg")).message).toContain("5,1 MB");
  });

  it("refuses a truncated or corrupt JPEG", () => {
    const whole = jpeg(segment(0xe1, exifPayload()));
    const sosAt = Buffer.from(whole).indexOf(Buffer.from([0xff, 0xda]));
    const cases = {
      "segment running past the end": whole.subarray(0, 30),
      "no SOS": bytesOf(SOI, APP0, DQT, EOI),
      "no EOI": whole.subarray(0, -2),
      "cut inside the SOS header": whole.subarray(0, sosAt + 5),
      "garbage between segments": bytesOf(SOI, APP0, [0x00, 0x01], DQT, SOF0, SOS, SCAN, EOI),
      "bare SOI": bytesOf(SOI, [0xff]),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      expect(errorOf(() => cleanPhoto(bytes, `${name}.jpg`)).message, name).toBe(
        `Foto "${name}.jpg" rusak atau terpotong.`,
      );
    }
  });

  it("refuses a truncated or corrupt PNG", () => {
    const whole = bytesOf(PNG_SIGNATURE, IHDR, IDAT, IEND);
    for (const bytes of [whole.subarray(0, -12), whole.subarray(0, -3), bytesOf(PNG_SIGNATURE, IDAT, IHDR, IEND)]) {
      expect(errorOf(() => cleanPhoto(bytes, "a.png")).message).toBe('Foto "a.png" rusak atau terpotong.');
    }
  });
});
