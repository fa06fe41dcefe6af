import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

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

/** One entry of an uncompressed tar (ustar): its name, whether it is a directory, its whole record and its data. */
interface TarEntry {
  name: string;
  isDirectory: boolean;
  record: Buffer;
  data: Buffer;
}

/** The entries of an uncompressed tar, in order. Throws on a long-name or pax entry, which a bundle of short paths does not hold. */
function* tarWalk(tar: Buffer): Generator<TarEntry> {
  for (let at = 0; at + BLOCK <= tar.length;) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) return;
    const type = String.fromCharCode(header[156]!);
    if (type === "L" || type === "K" || type === "x" || type === "g")
      throw new Error(`tar entry of type ${type} at ${at}`);
    const prefix = field(header, 345, 155);
    const name = (prefix ? `${prefix}/` : "") + field(header, 0, 100).replace(/^\.\//, "");
    const size = parseInt(field(header, 124, 12).trim() || "0", 8);
    const end = at + BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    yield {
      name,
      isDirectory: type === "5",
      record: tar.subarray(at, end),
      data: tar.subarray(at + BLOCK, at + BLOCK + size),
    };
    at = end;
  }
}

/**
 * The entries of an uncompressed tar that `keep` names, in order, as a tar of their own: each
 * header and its data blocks as they were.
 */
export function tarEntries(tar: Buffer, keep: (name: string) => boolean): { tar: Buffer; names: string[] } {
  const parts: Buffer[] = [];
  const names: string[] = [];
  for (const entry of tarWalk(tar)) {
    if (!entry.isDirectory && !keep(entry.name)) continue;
    parts.push(entry.record);
    if (!entry.isDirectory) names.push(entry.name);
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return { tar: Buffer.concat(parts), names };
}

/** Whether Tepat loads a file of the PostGIS bundle. */
export const neededByTepat = (name: string) => NEEDED.some((pattern) => pattern.test(name));

const slimmed = new Map<string, Promise<string>>();

/**
 * The path of the PostGIS bundle cut to what Tepat loads, as an uncompressed tar: written once
 * per bundle (its size and time) and list of what is kept in the temp directory, and shared by
 * every process (written aside, then renamed into place).
 */
export function slimPostgisBundle(source: URL): Promise<string> {
  const sourcePath = fileURLToPath(source);
  const { size, mtimeMs } = statSync(sourcePath);
  const kept = createHash("sha256").update(NEEDED.map(String).join("\n")).digest("hex").slice(0, 12);
  const target = path.join(os.tmpdir(), `tepat-postgis-${size}-${Math.trunc(mtimeMs)}-${kept}.tar`);
  let made = slimmed.get(target);
  if (!made) {
    made = (async () => {
      if (!existsSync(target)) {
        const { tar } = tarEntries(gunzipSync(readFileSync(sourcePath)), neededByTepat);
        const aside = `${target}.${process.pid}.tmp`;
        writeFileSync(aside, tar);
        renameSync(aside, target);
      }
      return target;
    })();
    slimmed.set(target, made);
  }
  return made;
}

/** The part of Emscripten's module the files are written through. */
interface EmscriptenFiles {
  WASM_PREFIX: string;
  FS: {
    analyzePath(path: string): { exists: boolean };
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array): void;
  };
}

/** Writes a tar's files under PGlite's root, before Postgres starts. */
function writeTarFiles(tar: Buffer, mod: EmscriptenFiles): void {
  for (const entry of tarWalk(tar)) {
    if (entry.isDirectory) continue;
    const file = `${mod.WASM_PREFIX}/${entry.name}`;
    const directory = file.slice(0, file.lastIndexOf("/"));
    if (!mod.FS.analyzePath(directory).exists) mod.FS.mkdirTree(directory);
    mod.FS.writeFile(file, entry.data);
  }
}

/**
 * PostGIS for PGlite from that cut bundle, its files written into PGlite's file system as it
 * starts. Handed a bundle, PGlite inflates it through a stream (0.4 s for these 34 MB, in 16 KB
 * steps) and compiles and links every library in it before Postgres starts (another 0.3–0.5 s),
 * though a request may never call PostGIS: the login page does not. Written as plain files, the
 * library is compiled and linked by Postgres's own load, at the first call of a PostGIS function.
 * The raster, topology and geocoder libraries are not shipped at all. Should the cut bundle not
 * be made (an unwritable temp directory), the package's whole bundle serves, as before.
 */
export const tepatPostgis: Extension = {
  name: postgis.name,
  async setup(pg, emscriptenOpts) {
    const whole = await postgis.setup(pg, emscriptenOpts);
    if (!whole.bundlePath) return whole;
    let tar: Buffer;
    try {
      tar = readFileSync(await slimPostgisBundle(whole.bundlePath));
    } catch (error) {
      console.warn("PostGIS untuk PGlite dimuat utuh (bundel ringkas tidak dapat dibuat):", error);
      return whole;
    }
    const options = whole.emscriptenOpts ?? emscriptenOpts;
    const preRun: Array<(mod: EmscriptenFiles) => void> = options.preRun ?? [];
    return {
      ...whole,
      bundlePath: undefined,
      emscriptenOpts: { ...options, preRun: [...preRun, (mod: EmscriptenFiles) => writeTarFiles(tar, mod)] },
    };
  },
};
