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
