import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";

import { formatIndicator } from "../format";
import type { LoadedArea, Span } from "../types";

/**
 * The five kelurahan in view with the highest value of the indicator shown (a rate where the
 * indicator is one; the area page ranks by count and says so), each linking to its page.
 */
export function TopAreas({ areas, indicator, span }: { areas: LoadedArea[]; indicator: IndicatorKey; span: Span }) {
  if (areas.length === 0) return null;
  return (
    <>
      <h3 className="side-title">Kelurahan tertinggi di layar, menurut {INDICATORS[indicator].label}</h3>
      <ol className="ranking" data-testid="map-top">
        {areas.map((area) => (
          <li key={area.code}>
            <a href={`/wilayah/${area.code}?from=${span.from}&to=${span.to}`}>{area.name}</a>:{" "}
            {formatIndicator(indicator, area.value)}
          </li>
        ))}
      </ol>
    </>
  );
}
