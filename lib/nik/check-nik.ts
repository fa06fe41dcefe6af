import type { NikCheck, Sex } from "@/db/schema/vocabulary";

/**
 * NIK (Nomor Induk Kependudukan), 16 digits:
 *   PPKKCC  the kecamatan of first registration (Kemendagri code without dots)
 *   DDMMYY  birth date; women add 40 to the day
 *   SSSS    serial, 0001–9999
 * No. KK has the same shape with the card's issue date (no +40) in the middle.
 */
export interface NikContext {
  /** Whether six digits name a real kecamatan (the official list; lib/areas/reference-names). */
  isKecamatan: (code: string) => boolean;
  /** The row's birth date, `YYYY-MM-DD`, to check digits 7–12 against. */
  birthDate?: string | null;
  sex?: Sex | null;
}

export interface NikResult {
  check: NikCheck;
  /** Why, in Bahasa Indonesia, for the rejection report and the household explanation. */
  reason: string | null;
}

const VALID: NikResult = { check: "valid", reason: null };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function realDate(day: number, month: number, twoDigitYear: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // 1900s or 2000s: the day/month test does not depend on the century except for 29 February.
  if (month === 2 && (isLeapYear(2000 + twoDigitYear) || isLeapYear(1900 + twoDigitYear))) return day <= 29;
  return day <= DAYS_IN_MONTH[month - 1]!;
}

function kecamatanOf(digits: string): string {
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4, 6)}`;
}

function shapeProblem(value: string, label: string): NikResult | null {
  if (!/^\d+$/.test(value)) return { check: "malformed", reason: `${label} berisi karakter selain angka` };
  if (value.length !== 16) return { check: "malformed", reason: `${label} ${value.length} digit, seharusnya 16` };
  if (value.endsWith("0000")) return { check: "malformed", reason: `nomor urut ${label} 0000` };
  return null;
}

/** Checks a NIK offline: shape, region, date of birth (and sex) in digits 7–12, serial. */
export function checkNik(raw: string | null | undefined, context: NikContext): NikResult {
  const nik = raw?.trim() ?? "";
  if (!nik) return { check: "missing", reason: "NIK kosong" };
  const shape = shapeProblem(nik, "NIK");
  if (shape) return shape;
  if (!context.isKecamatan(nik.slice(0, 6))) {
    return { check: "unknown_region", reason: `kode wilayah NIK ${kecamatanOf(nik)} bukan kecamatan yang dikenal` };
  }
  const encodedDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const year = Number(nik.slice(10, 12));
  const female = encodedDay > 40;
  const day = female ? encodedDay - 40 : encodedDay;
  if (!realDate(day, month, year)) {
    return { check: "malformed", reason: `digit 7–12 NIK (${nik.slice(6, 12)}) bukan tanggal lahir yang mungkin` };
  }
  if (context.sex && (context.sex === "P") !== female) {
    return {
      check: "inconsistent",
      reason:
        context.sex === "P"
          ? "NIK menandai laki-laki, data menyebut perempuan"
          : "NIK menandai perempuan (tanggal +40), data menyebut laki-laki",
    };
  }
  if (context.birthDate) {
    const [y, m, d] = context.birthDate.split("-").map(Number);
    if (d !== day || m !== month || (y ?? 0) % 100 !== year) {
      return {
        check: "inconsistent",
        reason: `tanggal lahir di NIK (${String(day).padStart(2, "0")}-${String(month).padStart(2, "0")}-${String(year).padStart(2, "0")}) tidak sama dengan tanggal lahir ${context.birthDate}`,
      };
    }
  }
  return VALID;
}

/** Checks a No. KK: shape, region, and a real issue date in digits 7–12. */
export function checkNoKk(raw: string | null | undefined, context: Pick<NikContext, "isKecamatan">): NikResult {
  const noKk = raw?.trim() ?? "";
  if (!noKk) return { check: "missing", reason: "No. KK kosong" };
  const shape = shapeProblem(noKk, "No. KK");
  if (shape) return shape;
  if (!context.isKecamatan(noKk.slice(0, 6))) {
    return { check: "unknown_region", reason: `kode wilayah No. KK ${kecamatanOf(noKk)} bukan kecamatan yang dikenal` };
  }
  if (!realDate(Number(noKk.slice(6, 8)), Number(noKk.slice(8, 10)), Number(noKk.slice(10, 12)))) {
    return { check: "malformed", reason: `digit 7–12 No. KK (${noKk.slice(6, 12)}) bukan tanggal terbit yang mungkin` };
  }
  return VALID;
}
