import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";

import type { HoverInfo } from "../types";

/** The area under the pointer: name, code and the indicator's value. */
export function MapTooltip({ hover, indicator }: { hover: HoverInfo; indicator: IndicatorKey }) {
  return (
    <div
      className="map-tooltip"
      style={{ left: hover.flip ? hover.x - 12 : hover.x + 12, top: hover.y + 12 }}
      data-flip={hover.flip ? "true" : undefined}
      role="tooltip"
    >
      <strong>{hover.name}</strong>
      <br />
      {hover.code}
      <br />
      {INDICATORS[indicator].label}: {hover.value}
    </div>
  );
}
