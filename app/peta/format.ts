import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { formatInteger, formatPercent, formatRupiah } from "@/lib/format";

/** An indicator's value as the legend, the ranking and the tooltip print it. */
export function formatIndicator(key: IndicatorKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "tidak ada data";
  const { unit } = INDICATORS[key];
  if (unit === "persen") return formatPercent(value);
  if (unit === "rupiah") return formatRupiah(value);
  return `${formatInteger(value)} ${unit}`;
}
