/**
 * A scale bar's length: the round distance (1, 2 or 5 × 10ⁿ metres) that fits in `maxUnits` at
 * `metresPerUnit` (pixels of a canvas, units of an SVG), and its length in those units.
 */
export function scaleBar(metresPerUnit: number, maxUnits: number): { metres: number; units: number } {
  const most = metresPerUnit * maxUnits;
  const power = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((step) => step * power).find((m) => m <= most) ?? power;
  return { metres, units: metres / metresPerUnit };
}
