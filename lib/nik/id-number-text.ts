/**
 * NIK and No. KK as text, whatever a spreadsheet did to them. Excel keeps 15 significant digits,
 * so a 16-digit number typed as a number has already lost its last digit; such a value is kept
 * (it is what the file says) with a warning the operator sees. `mangled`: the digits are surely
 * gone (scientific notation, or 15 digits where 16 belong), so the number must never be matched
 * as it stands: every number mangled the same way would match every other.
 */
import type { NikCheck } from "@/db/schema/vocabulary";

import { checkNik, type NikContext } from "./check-nik";

export interface IdNumberText {
  value: string | null;
  warning: string | null;
  mangled: boolean;
}

const FIFTEEN_DIGITS = /^\d{15}$/;

/** What nearly every cell of a list holds: the digits alone, nothing to strip. */
const PLAIN_DIGITS = /^\d+$/;

const SCIENTIFIC = /^\d(?:[.,]\d+)?E\+?\d+$/i;

export function idNumberText(raw: unknown, label: "NIK" | "No. KK"): IdNumberText {
  if (raw === null || raw === undefined) return { value: null, warning: null, mangled: false };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || !Number.isInteger(raw))
      return { value: String(raw), warning: `${label} bukan bilangan bulat`, mangled: false };
    const text = BigInt(raw).toString();
    if (FIFTEEN_DIGITS.test(text)) return fifteenDigits(text, label);
    return {
      value: text,
      warning:
        text.length >= 16
          ? `${label} tersimpan sebagai angka di lembar kerja; digit terakhirnya mungkin hilang (Excel hanya menyimpan 15 digit). Simpan kolom ${label} sebagai teks.`
          : null,
      mangled: false,
    };
  }
  if (typeof raw === "string" && PLAIN_DIGITS.test(raw))
    return raw.length === 15 ? fifteenDigits(raw, label) : { value: raw, warning: null, mangled: false };
  // Excel's text markers: a leading apostrophe, or a formula ="3201…" that keeps the digits as text.
  const text = String(raw)
    .trim()
    .replace(/^'/, "")
    .replace(/^="(.*)"$/, "$1")
    .replace(/[\s.-]/g, "");
  if (!text) return { value: null, warning: null, mangled: false };
  if (SCIENTIFIC.test(String(raw).trim())) {
    return {
      value: String(raw).trim(),
      warning: `${label} ditulis dalam notasi ilmiah (${String(raw).trim()}); digitnya sudah hilang, jadi tidak dicocokkan lewat ${label}. Simpan kolom ${label} sebagai teks.`,
      mangled: true,
    };
  }
  if (FIFTEEN_DIGITS.test(text)) return fifteenDigits(text, label);
  return { value: text, warning: null, mangled: false };
}

function fifteenDigits(text: string, label: string): IdNumberText {
  return {
    value: text,
    warning: `${label} hanya 15 digit (seharusnya 16): kemungkinan rusak oleh spreadsheet, jadi tidak dicocokkan lewat ${label}. Simpan kolom ${label} sebagai teks.`,
    mangled: true,
  };
}

/** The check a NIK read from a file gets: `mangled` when a spreadsheet ate its digits, else `checkNik`'s. */
export function nikCheckOf(nik: IdNumberText, context: NikContext): NikCheck {
  return nik.mangled ? "mangled" : checkNik(nik.value, context).check;
}
