/**
 * NIK and No. KK as text, whatever a spreadsheet did to them. Excel keeps 15 significant digits,
 * so a 16-digit number typed as a number has already lost its last digit; such a value is kept
 * (it is what the file says) with a warning the operator sees.
 */
export interface IdNumberText {
  value: string | null;
  warning: string | null;
}

const SCIENTIFIC = /^\d(?:[.,]\d+)?E\+?\d+$/i;

export function idNumberText(raw: unknown, label: "NIK" | "No. KK"): IdNumberText {
  if (raw === null || raw === undefined) return { value: null, warning: null };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || !Number.isInteger(raw))
      return { value: String(raw), warning: `${label} bukan bilangan bulat` };
    const text = BigInt(raw).toString();
    return {
      value: text,
      warning:
        text.length >= 16
          ? `${label} tersimpan sebagai angka di lembar kerja; digit terakhirnya mungkin hilang (Excel hanya menyimpan 15 digit). Simpan kolom ${label} sebagai teks.`
          : null,
    };
  }
  // Excel's text markers: a leading apostrophe, or a formula ="3201…" that keeps the digits as text.
  const text = String(raw)
    .trim()
    .replace(/^'/, "")
    .replace(/^="(.*)"$/, "$1")
    .replace(/[\s.-]/g, "");
  if (!text) return { value: null, warning: null };
  if (SCIENTIFIC.test(String(raw).trim())) {
    return {
      value: String(raw).trim(),
      warning: `${label} ditulis dalam notasi ilmiah (${String(raw).trim()}); digitnya sudah hilang. Simpan kolom ${label} sebagai teks.`,
    };
  }
  return { value: text, warning: null };
}
