import { getDistricts, getProvinces, getRegencies, getVillages } from "idn-area-data";

import { areaLevelOfCode, rtNameOf } from "@/lib/area-codes";

/**
 * Official names of Indonesia's areas from the npm package idn-area-data (MIT), which carries
 * Kemendagri's code list. Loaded once per process: the village list alone is 83k rows.
 */
let loaded: Promise<Map<string, string>> | undefined;

function titleCase(name: string): string {
  return name
    .toLowerCase()
    .replace(/(^|[\s(/-])(\p{L})/gu, (_, lead: string, letter: string) => lead + letter.toUpperCase());
}

async function loadNames(): Promise<Map<string, string>> {
  const [provinces, regencies, districts, villages] = await Promise.all([
    getProvinces(),
    getRegencies(),
    getDistricts(),
    getVillages(),
  ]);
  const names = new Map<string, string>();
  // Provinces and regencies are upper case in the source; districts and villages already Title Case.
  for (const row of provinces) names.set(row.code, titleCase(row.name));
  for (const row of regencies) names.set(row.code, titleCase(row.name));
  for (const row of districts) names.set(row.code, row.name);
  for (const row of villages) names.set(row.code, row.name);
  return names;
}

export function referenceNames(): Promise<Map<string, string>> {
  loaded ??= loadNames();
  return loaded;
}

/** The official name for a code, `RT 003 / RW 012` for an RT, or null when the code is unknown. */
export async function referenceNameOf(code: string): Promise<string | null> {
  if (areaLevelOfCode(code) === "rt") return rtNameOf(code);
  return (await referenceNames()).get(code) ?? null;
}

/** A lookup for NIK checks: whether six digits (`647205`) name a kecamatan of the official list. */
export async function kecamatanLookup(): Promise<(digits: string) => boolean> {
  const names = await referenceNames();
  return (digits) =>
    /^\d{6}$/.test(digits) && names.has(`${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`);
}
