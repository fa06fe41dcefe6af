/**
 * Small-cell suppression for shared screens: a count of households below k (but above zero)
 * could single out a family in a small area, so it is shown as "< k", never as its number; a
 * rate whose base or numerator is below k (and above zero) is not shown at all. Among sibling
 * cells whose total is shown too, `complementaryHidden` hides more cells, so that the total
 * minus the cells shown gives no single hidden cell away.
 */
export type ShownCount = number | { below: number } | { hidden: true };

export function shownCount(count: number, k: number): ShownCount {
  return count > 0 && count < k ? { below: k } : count;
}

/** A percentage of `part` in `whole`, or null when the base is empty, or the base or the part too small to show. */
export function shownRate(part: number, whole: number, k: number): number | null {
  if (whole === 0 || whole < k || (part > 0 && part < k)) return null;
  return Math.round((1000 * part) / whole) / 10;
}

/** A hidden cell's value as a reader of the screen can bound it: "< k" is 1..k − 1, a blank anything from 0. */
const boundsOf = (primary: boolean, k: number) =>
  primary ? { min: 1, max: k - 1 } : { min: 0, max: Number.POSITIVE_INFINITY };

/**
 * Whether the sum of the hidden cells (what the total minus the cells shown gives) and each
 * cell's bounds pin one hidden cell to a single value.
 */
export function pinsACell(hidden: Array<{ primary: boolean }>, sum: number, k: number): boolean {
  const bounds = hidden.map((cell) => boundsOf(cell.primary, k));
  return bounds.some((b, i) => {
    const others = bounds.filter((_, j) => j !== i);
    const othersMin = others.reduce((s, o) => s + o.min, 0);
    const othersMax = others.reduce((s, o) => s + o.max, 0);
    return Math.max(b.min, sum - othersMax) === Math.min(b.max, sum - othersMin);
  });
}

/**
 * Complementary suppression within one group of sibling cells (the kelurahan of a city, per
 * figure) whose total is shown: the keys of the cells to hide besides those below k. Once any
 * cell is below k, the hidden cells must be at least two, sum to at least k, and leave no cell's
 * value pinned by the others' bounds (`pinsACell`); until then the smallest cell shown is hidden
 * too, non-zero cells first (hiding a zero adds the least doubt), ties by key.
 */
export function complementaryHidden(cells: ReadonlyArray<{ key: string; value: number }>, k: number): Set<string> {
  const isPrimary = (value: number) => value > 0 && value < k;
  const hidden = cells.filter((cell) => isPrimary(cell.value));
  const extra = new Set<string>();
  if (hidden.length === 0) return extra;
  const candidates = cells
    .filter((cell) => !isPrimary(cell.value))
    .sort((a, b) => Number(a.value === 0) - Number(b.value === 0) || a.value - b.value || a.key.localeCompare(b.key));
  const sum = () => hidden.reduce((s, cell) => s + cell.value, 0);
  const exposed = () =>
    hidden.length < 2 ||
    sum() < k ||
    pinsACell(
      hidden.map((cell) => ({ primary: isPrimary(cell.value) })),
      sum(),
      k,
    );
  for (const next of candidates) {
    if (!exposed()) break;
    hidden.push(next);
    extra.add(next.key);
  }
  return extra;
}
