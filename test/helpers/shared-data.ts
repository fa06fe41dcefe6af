import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The real boundary files live in ../shared/data beside the repository and are never copied
 * into it. Tests that need them skip, saying so, when that folder is absent.
 */
export const SHARED_DATA = path.resolve(process.cwd(), "..", "shared", "data");
export const HAS_SHARED_DATA = existsSync(path.join(SHARED_DATA, "samarinda-kelurahan.geojson"));

if (!HAS_SHARED_DATA) {
  console.warn(`[tes] ${SHARED_DATA} tidak ada: tes yang memakai batas wilayah nyata dilewati.`);
}

export async function sharedFile(name: string): Promise<{ fileName: string; bytes: Uint8Array }> {
  return { fileName: name, bytes: new Uint8Array(await readFile(path.join(SHARED_DATA, name))) };
}

export async function sharedCsv(name: string): Promise<Record<string, string>[]> {
  const [header, ...lines] = (await readFile(path.join(SHARED_DATA, name), "utf8")).trim().split(/\r?\n/);
  const columns = header!.split(",");
  // The facts table has no quoted commas; this reader is only for that file.
  return lines.map((line) => Object.fromEntries(line.split(",").map((value, i) => [columns[i]!, value])));
}
