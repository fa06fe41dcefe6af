import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { CLASS_COLOURS, NO_DATA_COLOUR } from "@/lib/map";

import { formatIndicator } from "../format";

/** The choropleth's classes under `breaks`, each with its colour and range, and the "no data" grey last. */
export function legendEntries(indicator: IndicatorKey, breaks: number[]): Array<{ colour: string; label: string }> {
  const classes = breaks.map((bound, i) => ({
    colour: CLASS_COLOURS[Math.min(i, CLASS_COLOURS.length - 1)]!,
    label:
      i === 0
        ? `≤ ${formatIndicator(indicator, bound)}`
        : `${formatIndicator(indicator, breaks[i - 1]!)} – ${formatIndicator(indicator, bound)}`,
  }));
  return [...classes, { colour: NO_DATA_COLOUR, label: "Tidak ada data" }];
}

/** The choropleth's classes at the level in view, and the "no data" grey. */
export function Legend({ indicator, breaks, level }: { indicator: IndicatorKey; breaks: number[]; level: string }) {
  return (
    <ul className="legend" aria-label={`Legenda ${INDICATORS[indicator].label} per ${level}`} data-testid="legend">
      {legendEntries(indicator, breaks).map(({ colour, label }) => (
        <li key={label}>
          <span className="swatch" style={{ background: colour }} /> {label}
        </li>
      ))}
    </ul>
  );
}
