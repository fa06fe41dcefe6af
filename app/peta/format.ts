import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { formatInteger, formatPercent } from "@/lib/format";

/** An indicator's value as the legend, the ranking and the tooltip print it. */
export function formatIndicator(key: IndicatorKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "tidak ada data";
  return INDICATORS[key].unit === "persen" ? formatPercent(value) : `${formatInteger(value)} ${INDICATORS[key].unit}`;
}
