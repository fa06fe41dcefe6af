/**
 * Dates as Indonesian spreadsheets write them: `YYYY-MM-DD`, `DD-MM-YYYY`, `DD/MM/YYYY`
 * (also with dots), and Excel serial day numbers. Returns `YYYY-MM-DD` or null when the text is
 * no real date, so the caller can name the row and field.
 */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Arithmetic rather than a Date per call: importers check hundreds of thousands of dates. */
function isoIfReal(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!)) return null;
  return `${year}-${twoDigits(month)}-${twoDigits(day)}`;
}

/** An Excel serial day number as `YYYY-MM-DD` (time of day dropped), or null when it is none. */
export function excelSerialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const date = new Date(EXCEL_EPOCH_UTC + Math.floor(serial) * DAY_MS);
  return isoIfReal(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function parseDate(raw: unknown): string | null {
  if (raw === null || raw === undefined || raw === "") return null;
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime())
      ? null
      : isoIfReal(raw.getUTCFullYear(), raw.getUTCMonth() + 1, raw.getUTCDate());
  }
  const text = String(raw).trim();
  // Excel serial: day 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was,
  // so serials from 61 on are one day ahead of the epoch used here.
  if (/^\d{1,5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // A bare year ("1975") is no day number: refuse it rather than read 1905-05-28.
    if (serial < 61 || (serial >= 1900 && serial <= 2100)) return null;
    return excelSerialToIsoDate(serial);
  }
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) return isoIfReal(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text);
  if (match) return isoIfReal(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

/** A period `YYYY-MM`; also accepts `MM/YYYY` and `YYYY/MM`. */
export function parsePeriod(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  const text = String(raw).trim();
  const yearFirst = /^(\d{4})[-/](\d{1,2})$/.exec(text);
  const monthFirst = /^(\d{1,2})[-/](\d{4})$/.exec(text);
  if (!yearFirst && !monthFirst) return null;
  const year = Number(yearFirst ? yearFirst[1] : monthFirst![2]);
  const month = Number(yearFirst ? yearFirst[2] : monthFirst![1]);
  if (year < 2000 || year > 2100 || month < 1 || month > 12) return null;
  return `${year}-${String(month).padStart(2, "0")}`;
}
