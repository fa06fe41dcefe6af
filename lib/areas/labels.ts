import type { AreaLevel } from "@/db/schema/vocabulary";

/** How each level is called in the UI. */
export const AREA_LEVEL_LABELS: Record<AreaLevel, string> = {
  provinsi: "Provinsi",
  kabkota: "Kabupaten/Kota",
  kecamatan: "Kecamatan",
  kelurahan: "Kelurahan",
  rt: "RT",
};

/** The level below, as named in the children table (`Kelurahan` under a kecamatan). */
export const CHILD_LEVEL_LABELS: Record<AreaLevel, string> = {
  provinsi: "Kabupaten/Kota",
  kabkota: "Kecamatan",
  kecamatan: "Kelurahan",
  kelurahan: "RT",
  rt: "–",
};

/** `Kecamatan Palaran`, `Kelurahan Sungai Siring`; kabkota and RT names already say what they are. */
export function areaTitle(area: { level: AreaLevel; name: string }): string {
  return area.level === "kabkota" || area.level === "rt" ? area.name : `${AREA_LEVEL_LABELS[area.level]} ${area.name}`;
}
