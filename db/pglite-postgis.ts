import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";

import type { Extension } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";

/**
 * What Tepat loads of PostGIS: the library, the extension's control file and install script, and
 * PROJ's data (ST_Transform). Raster, topology, the tiger geocoder and the upgrade scripts stay out.
 */
const NEEDED = [
  /^lib\/postgresql\/postgis-3\.so$/,
  /^share\/postgresql\/extension\/postgis(\.control|--\d[\d.]*\.sql)$/,
  /^share\/proj\//,
];

const BLOCK = 512;

/** A NUL-terminated field of a tar header. */
function field(header: Buffer, offset: number, length: number): string {
  const bytes = header.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? length : end).toString("utf8");
}

/**
 * The entries of an uncompressed tar (ustar) that `keep` names, in order, as a tar of their own:
 * each header and its data blocks as they were. Throws on a long-name or pax entry, which a
 * bundle of short paths does not hold.
 */
export function tarEntries(tar: Buffer, keep: (name: string) => boolean): { tar: Buffer; names: string[] } {
  const parts: Buffer[] = [];
  const names: string[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const type = String.fromCharCode(header[156]!);
    if (type === "L" || type === "K" || type === "x" || type === "g")
      throw new Error(`tar entry of type ${type} at ${at}`);
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(header, 0, 100).replace(/^\.\//, "");
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "5" || keep(name)) {
      parts.push(tar.subarray(at, end));
      if (type !== "5") names.push(name);
    }
    at = end;
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return { tar: Buffer.concat(parts), names };
}

/** Whether Tepat loads a file of the PostGIS bundle. */
export const neededByTepat = (name: string) => NEEDED.some((pattern) => pattern.test(name));

const slimmed = new Map<string, Promise<URL>>();

/**
 * The PostGIS bundle cut to what Tepat loads, written once per bundle (its size and time) and
 * list of what is kept in the temp directory, and shared by every process (written aside, then
 * renamed into place).
 */
export function slimPostgisBundle(source: URL): Promise<URL> {
  const sourcePath = fileURLToPath(source);
  const { size, mtimeMs } = statSync(sourcePath);
  const kept = createHash("sha256").update(NEEDED.map(String).join("\n")).digest("hex").slice(0, 12);
  const target = path.join(os.tmpdir(), `tepat-postgis-${size}-${Math.trunc(mtimeMs)}-${kept}.tar.gz`);
  let made = slimmed.get(target);
  if (!made) {
    made = (async () => {
      if (!existsSync(target)) {
        const { tar } = tarEntries(gunzipSync(readFileSync(sourcePath)), neededByTepat);
        const aside = `${target}.${process.pid}.tmp`;
        writeFileSync(aside, gzipSync(tar, { level: 1 }));
        renameSync(aside, target);
      }
      return pathToFileURL(target);
    })();
    slimmed.set(target, made);
  }
  return made;
}

/**
 * PostGIS for PGlite from that cut bundle. PGlite unpacks an extension's whole bundle and compiles
 * every library in it at each start; the raster and topology libraries Tepat never loads took
 * about 0.9 s of the 1.9 s PostGIS added to opening a data directory. Should the bundle not be
 * cut (an unwritable temp directory), the package's whole bundle serves, as before.
 */
export const tepatPostgis: Extension = {
  name: postgis.name,
  async setup(pg, emscriptenOpts) {
    const whole = await postgis.setup(pg, emscriptenOpts);
    if (!whole.bundlePath) return whole;
    try {
      return { ...whole, bundlePath: await slimPostgisBundle(whole.bundlePath) };
    } catch (error) {
      console.warn("PostGIS untuk PGlite dimuat utuh (bundel ringkas tidak dapat dibuat):", error);
      return whole;
    }
  },
};
