import { inflateRawSync } from "node:zlib";

/**
 * Limits on what one uploaded archive (an .xlsx workbook, a zipped Shapefile) may hold, counted
 * on the bytes actually inflated, never on the sizes the archive declares: a 357 KB ZIP may
 * declare anything and inflate to 350 MB.
 */
export const ZIP_LIMITS = {
  /** Bytes all accepted entries may inflate to, together. */
  inflatedBytes: 300 * 1024 * 1024,
  /** Entries in the central directory, read or not. */
  entries: 1_000,
};

interface ZipEntry {
  name: string;
  method: number;
  encrypted: boolean;
  compressedSize: number;
  localHeader: number;
}

/**
 * The entries of a ZIP's central directory, or null when the directory is missing or points
 * outside the file. Read from the end of the file, as unzippers do.
 */
function centralDirectory(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.length < 22) return null;
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
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  let at = view.getUint32(eocd + 16, true);
  if (at + size > eocd) return null;
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const localHeader = view.getUint32(at + 42, true);
    if (localHeader + 30 > bytes.length || at + 46 + nameLength > eocd) return null;
    entries.push({
      name: decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      encrypted: (view.getUint16(at + 8, true) & 1) === 1,
      compressedSize: view.getUint32(at + 20, true),
      localHeader,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Names of the entries in a ZIP's central directory, or null when it is damaged. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  return centralDirectory(bytes)?.map((entry) => entry.name) ?? null;
}

export interface UnzipOptions {
  /** What the file should be, for messages: "buku kerja Excel (.xlsx)", "Shapefile ZIP". */
  kind: string;
  /** The entries to inflate; the others are skipped (but counted against `entries`). */
  accept: (name: string) => boolean;
  /** The error the caller's import refuses a file with. */
  refuse: (message: string) => Error;
}

/**
 * Inflates the accepted entries of a ZIP, counting the bytes that actually come out and stopping
 * as soon as their total passes the limit, so an archive that declares small sizes and inflates
 * to gigabytes is refused having held no more than the limit. A damaged archive, too many
 * entries, an encrypted entry or a compression other than stored and DEFLATE are refused too,
 * each in one sentence naming the file and the way out.
 */
export function unzipCapped(fileName: string, bytes: Uint8Array, options: UnzipOptions): Map<string, Uint8Array> {
  const { kind, accept, refuse } = options;
  const limits = ZIP_LIMITS;
  const damaged = () =>
    refuse(`Berkas ${fileName} rusak, terpotong atau bukan ${kind}; simpan atau buat ulang berkasnya lalu impor lagi.`);
  const directory = centralDirectory(bytes);
  if (!directory) throw damaged();
  if (directory.length > limits.entries) {
    throw refuse(
      `Berkas ${fileName} berisi ${directory.length} berkas di dalam ZIP, paling banyak ${limits.entries}; kemas hanya berkas yang diperlukan lalu impor lagi.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tooLarge = () =>
    refuse(
      `Isi berkas ${fileName} melebihi ${Math.round(limits.inflatedBytes / 1048576)} MB setelah dibuka dan ditolak; pecah datanya menjadi beberapa berkas lalu impor lagi.`,
    );
  const files = new Map<string, Uint8Array>();
  let total = 0;
  for (const entry of directory) {
    if (!accept(entry.name)) continue;
    if (entry.encrypted || (entry.method !== 0 && entry.method !== 8) || entry.compressedSize === 0xffffffff) {
      throw refuse(
        `Berkas ${fileName} memakai ZIP yang tidak didukung (terenkripsi, ZIP64 atau pemadatan selain Deflate) pada ${entry.name}; simpan ulang sebagai ZIP biasa lalu impor lagi.`,
      );
    }
    if (view.getUint32(entry.localHeader, true) !== 0x04034b50) throw damaged();
    const start =
      entry.localHeader +
      30 +
      view.getUint16(entry.localHeader + 26, true) +
      view.getUint16(entry.localHeader + 28, true);
    if (start + entry.compressedSize > bytes.length) throw damaged();
    const data = bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      total += data.length;
      if (total > limits.inflatedBytes) throw tooLarge();
      files.set(entry.name, data);
      continue;
    }
    try {
      // Node's zlib stops as soon as the output passes maxOutputLength, so no more than the
      // budget left is ever held.
      const inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, limits.inflatedBytes - total) });
      total += inflated.length;
      files.set(entry.name, new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength));
    } catch (error) {
      throw (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" ? tooLarge() : damaged();
    }
  }
  return files;
}
