/**
 * Small-cell suppression for shared screens: a count of households below k (but above zero)
 * could single out a family in a small area, so it is shown as "< k", never as its number; a
 * rate whose base is below k is not shown at all.
 */
export type ShownCount = number | { below: number };

export function shownCount(count: number, k: number): ShownCount {
  return count > 0 && count < k ? { below: k } : count;
}

/** A percentage of `part` in `whole`, or null when the base is empty or too small to show. */
export function shownRate(part: number, whole: number, k: number): number | null {
  if (whole === 0 || whole < k) return null;
  return Math.round((1000 * part) / whole) / 10;
}
