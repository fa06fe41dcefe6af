"use client";

import { useMemo, useRef } from "react";

import type { Outlines } from "@/app/components/map/outlines";
import { useBaseMap } from "@/app/components/map/use-base-map.client";
import { useFirstIdle } from "@/app/components/map/use-first-idle.client";
import { formatDecimal } from "@/lib/format";
import { classBreaks } from "@/lib/map";

import { SCREEN_STYLE } from "./screen-style";
import { useScreenAreasLayer } from "./use-screen-areas-layer.client";

export interface ScreenMapProps {
  /** The kelurahan outlines of the account's areas, rendered with the page. */
  outlines: Outlines;
  /** Each kelurahan's value of the scene's indicator; null (or absent) for no data or suppressed. */
  values: Record<string, number | null> | null;
  colours: readonly string[];
  noDataColour: string;
  /** Kelurahan drawn with a bright outline: the alerts. */
  highlighted: string[];
  /** Kelurahan marked with their rank (the top five). */
  ranked: string[];
  /** What the colours show, for the legend; null when the map shows outlines only. */
  legendTitle: string | null;
}

/**
 * The screen's kelurahan map: outlines from PostGIS (given by the page), coloured per scene by
 * quantile classes of the values the screen already holds, so a scene change repaints at once
 * without a request.
 */
export default function ScreenMap({
  outlines,
  values,
  colours,
  noDataColour,
  highlighted,
  ranked,
  legendTitle,
}: ScreenMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const breaks = useMemo(
    () =>
      classBreaks(
        Object.values(values ?? {}).filter((v): v is number => v !== null),
        "kuantil",
        colours.length,
      ),
    [values, colours.length],
  );
  const { map } = useBaseMap(container, {
    options: { style: SCREEN_STYLE, attributionControl: false, interactive: false, fadeDuration: 0 },
    exposeAs: "__tepatScreenMap",
  });
  useScreenAreasLayer(map, { outlines, values, breaks, colours, noDataColour, highlighted, ranked });
  const ready = useFirstIdle(map);

  return (
    <div className="screen-map" data-testid="screen-map" data-map-ready={ready ? "true" : "false"}>
      <div ref={container} style={{ position: "absolute", inset: 0 }} />
      <div className="screen-legend" data-testid="screen-legend">
        {legendTitle && values && (
          <>
            <strong>{legendTitle}</strong>
            <ul>
              {breaks.map((bound, i) => (
                <li key={bound}>
                  <span className="swatch" style={{ background: colours[breaks.length > 1 ? i : 0] }} />
                  {i === 0 ? "≤ " : `${formatDecimal(breaks[i - 1]!, 1)} – `}
                  {formatDecimal(bound, 1)}%
                </li>
              ))}
              <li>
                <span className="swatch" style={{ background: noDataColour }} />
                tidak ada data / disamarkan
              </li>
            </ul>
          </>
        )}
        {highlighted.length > 0 && (
          <p>
            <span className="swatch alert" /> peringatan
          </p>
        )}
      </div>
    </div>
  );
}
