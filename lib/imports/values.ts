import {
  FAMILY_RELATIONS,
  NONAKTIF_REASONS,
  type FamilyRelation,
  type NonaktifReason,
  type Sex,
} from "@/db/schema/vocabulary";

/** Cell readers shared by the importers: each returns the value, or undefined when unreadable. */

const squash = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_.-]+/g, " ");

export function readSex(text: string): Sex | null | undefined {
  const value = squash(text);
  if (!value) return null;
  if (["l", "lk", "laki laki", "laki", "pria", "1"].includes(value)) return "L";
  if (["p", "pr", "perempuan", "wanita", "2"].includes(value)) return "P";
  return undefined;
}

const RELATION_VARIANTS: Record<string, FamilyRelation> = {
  "kepala rumah tangga": "kepala keluarga",
  krt: "kepala keluarga",
  kk: "kepala keluarga",
  "istri suami": "istri",
  "suami istri": "suami",
  "anak kandung": "anak",
  "anak tiri": "anak",
  "anak angkat": "anak",
  ayah: "orang tua",
  ibu: "orang tua",
  "orang tua mertua": "orang tua",
  famili: "famili lain",
  pembantu: "lainnya",
};

/** Family relation; an unknown text becomes `lainnya` (the caller warns), never a rejection. */
export function readRelation(text: string): { relation: FamilyRelation | null; known: boolean } {
  const value = squash(text).replace(/\//g, " ");
  if (!value) return { relation: null, known: true };
  const direct = FAMILY_RELATIONS.find((relation) => relation === value);
  if (direct) return { relation: direct, known: true };
  const variant = RELATION_VARIANTS[value];
  return variant ? { relation: variant, known: true } : { relation: "lainnya", known: false };
}

export function readHouseholdStatus(text: string): "aktif" | "nonaktif" | undefined {
  const value = squash(text);
  if (!value || value === "aktif" || value === "ya") return "aktif";
  if (["nonaktif", "non aktif", "tidak aktif"].includes(value)) return "nonaktif";
  return undefined;
}

export function readNonaktifReason(text: string): NonaktifReason | null | undefined {
  const value = squash(text);
  if (!value) return null;
  const found = NONAKTIF_REASONS.find((reason) => reason === value);
  if (found) return found;
  if (["tidak ditemukan di lokasi", "tdk ditemukan", "tidak diketemukan"].includes(value)) return "tidak ditemukan";
  if (["sudah mampu", "mampu ekonomi"].includes(value)) return "mampu";
  if (["data ganda", "ganda nik"].includes(value)) return "ganda";
  if (["pindah domisili", "pindah alamat"].includes(value)) return "pindah";
  return undefined;
}

export function readVervalStatus(text: string): "terverifikasi" | "belum" | undefined {
  const value = squash(text);
  if (!value || ["belum", "belum verval", "tidak"].includes(value)) return "belum";
  if (["terverifikasi", "sudah", "ya", "sudah verval", "verified"].includes(value)) return "terverifikasi";
  return undefined;
}

export function readDesil(text: string): number | null | undefined {
  const value = text.trim();
  if (!value) return null;
  const desil = Number(value.replace(/^desil\s*/i, ""));
  return Number.isInteger(desil) && desil >= 1 && desil <= 10 ? desil : undefined;
}

/**
 * A decimal degree, with a comma or a dot as the decimal mark. A leading apostrophe (Excel's text
 * marker, and what a CSV writer puts before a negative number kept as text) is dropped.
 */
export function readDegrees(text: string, limit: 90 | 180): number | null | undefined {
  const value = text.trim().replace(/^'/, "").replace(",", ".");
  if (!value) return null;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : undefined;
}

/** The largest amount one row of a recipient list may carry: far above any aid payment. */
export const MAX_RUPIAH = 1_000_000_000;

/**
 * The ways an amount may be written, after `Rp`, spaces and a closing `,-` are dropped. The comma
 * is the decimal mark and the dot groups thousands (id-ID), except that a lone dot before one or
 * two digits is a decimal point (the plain form a computer writes). So `1.234` is 1234 and `1,5`
 * is 1.5; `1,234` (1.234 in id-ID, 1234 in en-US) and `1.2345` are refused as ambiguous.
 */
const AMOUNT_FORMS: ReadonlyArray<{ form: RegExp; plain: (text: string) => string }> = [
  { form: /^\d+(\.\d{1,2})?$/, plain: (text) => text }, // 1234567, 345678.5
  { form: /^\d{1,3}(\.\d{3})+(,\d{1,2})?$/, plain: (text) => text.replace(/\./g, "").replace(",", ".") }, // 1.234.567, 345.678,5
  { form: /^\d+,\d{1,2}$/, plain: (text) => text.replace(",", ".") }, // 345678,5
];

/** What nearly every amount of a list is: whole rupiah, digits alone, read without AMOUNT_FORMS. */
const PLAIN_RUPIAH = /^\d+$/;

/**
 * Rupiah, rounded to whole rupiah: a number as a workbook stored it, or text in one of the
 * AMOUNT_FORMS (`Rp 200.000,-`, `200.000,00`, `200000`). Undefined when the text is in none of
 * them, negative, or above MAX_RUPIAH.
 */
export function readRupiah(value: string | number): number | null | undefined {
  let amount: number;
  if (typeof value === "number") amount = value;
  else if (PLAIN_RUPIAH.test(value)) amount = Number(value);
  else {
    const text = value
      .trim()
      .replace(/^rp\.?/i, "")
      .replace(/,-$/, "")
      .replace(/\s+/g, "");
    if (!text) return null;
    const written = AMOUNT_FORMS.find(({ form }) => form.test(text));
    if (!written) return undefined;
    amount = Number(written.plain(text));
  }
  return Number.isFinite(amount) && amount >= 0 && amount <= MAX_RUPIAH ? Math.round(amount) : undefined;
}

/** RW or RT number: digits only, at most three. */
export function readNeighbourhood(text: string): string | null | undefined {
  const value = text.trim().replace(/^(rw|rt)\s*/i, "");
  if (!value) return null;
  return /^\d{1,3}$/.test(value) && Number(value) > 0 ? value.padStart(3, "0") : undefined;
}
