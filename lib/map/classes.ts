/** How a choropleth splits its values into classes. */
export const CLASS_METHODS = ["kuantil", "interval"] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];

export const CLASS_METHOD_LABELS: Record<ClassMethod, string> = {
  kuantil: "Kuantil (jumlah wilayah sama)",
  interval: "Interval sama",
};

/** Five sequential classes, light to dark (ColorBrewer YlOrRd), readable on the pale base. */
export const CLASS_COLOURS = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"] as const;
/** Areas whose indicator has no base (no households, no eligible ones…): never shown as zero. */
export const NO_DATA_COLOUR = "#b8bcc0";

/**
 * The upper bounds of up to five classes of `values` (the last is the maximum): quantiles give
 * each class about as many areas; equal intervals split the range evenly. Repeated bounds
 * collapse, so a few distinct values give fewer classes. Empty for no values.
 */
export function classBreaks(
  values: readonly number[],
  method: ClassMethod,
  classes: number = CLASS_COLOURS.length,
): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  const bounds: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const bound =
      method === "interval"
        ? min + ((max - min) * i) / classes
        : sorted[Math.min(sorted.length - 1, Math.ceil((sorted.length * i) / classes) - 1)]!;
    if (bounds.length === 0 || bound > bounds[bounds.length - 1]!) bounds.push(bound);
  }
  bounds[bounds.length - 1] = max;
  return bounds;
}

/** The class (0-based) a value falls in: the first whose upper bound holds it. */
export function classOf(value: number, breaks: readonly number[]): number {
  const index = breaks.findIndex((bound) => value <= bound);
  return index === -1 ? breaks.length - 1 : index;
}
