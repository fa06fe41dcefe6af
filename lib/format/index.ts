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
