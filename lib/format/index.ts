/** Number and date formatting for the UI: id-ID conventions, WITA (Asia/Makassar) time. */
export const TIME_ZONE = "Asia/Makassar";

const integerFormat = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });

export function formatInteger(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : integerFormat.format(value);
}

export function formatDecimal(value: number | null | undefined, fractionDigits = 1): string {
  if (value === null || value === undefined) return "–";
  return new Intl.NumberFormat("id-ID", {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

/** `Rp 1.250.000`: rupiah, rounded to the rupiah; "–" when there is none. */
export function formatRupiah(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `Rp ${integerFormat.format(Math.round(value))}`;
}

/** `2 Des 2026` for a date, or a `YYYY-MM-DD` day as it is (no time zone shift). */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "–";
  const day = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = typeof value === "string" ? new Date(day ? `${value}T00:00:00Z` : value) : value;
  return new Intl.DateTimeFormat("id-ID", {
    timeZone: day ? "UTC" : TIME_ZONE,
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(date);
}

/** `23 Nov 2026 14.05 WITA` */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (!value) return "–";
  const date = typeof value === "string" ? new Date(value) : value;
  const text = new Intl.DateTimeFormat("id-ID", {
    timeZone: TIME_ZONE,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return `${text} WITA`;
}

/** `12,5%`: a share already in percent; "–" when there is none. */
export function formatPercent(value: number | null | undefined, fractionDigits = 1): string {
  return value === null || value === undefined ? "–" : `${formatDecimal(value, fractionDigits)}%`;
}

/** `Jan 2025` for a `YYYY-MM` period. */
export function formatPeriod(period: string): string {
  const [year, month] = period.split("-").map(Number);
  return new Intl.DateTimeFormat("id-ID", { month: "short", year: "numeric", timeZone: "UTC" }).format(
    new Date(Date.UTC(year!, month! - 1, 1)),
  );
}

/** Today in WITA as `YYYY-MM-DD`: the day a person in Samarinda would write. */
export function todayInWita(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
}
