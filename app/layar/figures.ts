import { formatDecimal, formatInteger } from "@/lib/format";
import type { ShownCount } from "@/lib/screen";

/** A count below k reads "< k", one hidden beside it (complementary suppression) "–"; a number in id-ID digits. */
export function countText(count: ShownCount): string {
  if (typeof count === "number") return formatInteger(count);
  return "below" in count ? `< ${formatInteger(count.below)}` : "–";
}

export function rateText(rate: number | null): string {
  return rate === null ? "–" : `${formatDecimal(rate, 1)}%`;
}

/** "▲ 2,1 poin" against the window a month earlier; "baru" when there was nothing to compare. */
export function changeText(value: number, previous: number | null): string {
  if (previous === null) return "baru";
  const change = value - previous;
  if (Math.abs(change) < 0.05) return "tetap";
  return `${change > 0 ? "▲" : "▼"} ${formatDecimal(Math.abs(change), 1)} poin`;
}
