import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { CLASS_COLOURS, NO_DATA_COLOUR } from "@/lib/map";

import { formatIndicator } from "../format";

/** The choropleth's classes at the level in view, and the "no data" grey. */
export function Legend({ indicator, breaks, level }: { indicator: IndicatorKey; breaks: number[]; level: string }) {
  const lower = (i: number) => (i === 0 ? null : breaks[i - 1]!);
  return (
    <ul className="legend" aria-label={`Legenda ${INDICATORS[indicator].label} per ${level}`} data-testid="legend">
      {breaks.map((bound, i) => (
        <li key={bound}>
          <span className="swatch" style={{ background: CLASS_COLOURS[Math.min(i, CLASS_COLOURS.length - 1)] }} />
          {lower(i) === null
            ? `≤ ${formatIndicator(indicator, bound)}`
            : `${formatIndicator(indicator, lower(i))} – ${formatIndicator(indicator, bound)}`}
        </li>
      ))}
      <li>
        <span className="swatch" style={{ background: NO_DATA_COLOUR }} /> Tidak ada data
      </li>
    </ul>
  );
}
