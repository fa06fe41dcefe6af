"use client";

import type { GeoJSONSource } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";

import { AREA_FILL_STYLE, areaFillLayers } from "./area-fill-style";
import { fetchOutlines, outlinesBounds, type Outlines } from "./outlines";
import { useBaseMap } from "./use-base-map.client";
import { useFirstIdle } from "./use-first-idle.client";

export interface AreaFillMapProps {
  kabkota: string;
  level: "kecamatan" | "kelurahan";
  /** Each area's fill colour, by code; areas not named are drawn in `otherColour`. */
  fills: Record<string, string>;
  otherColour: string;
  legend: Array<{ colour: string; label: string }>;
  title: string;
}

const SOURCE = "area-fill";

/** The city's kelurahan or kecamatan, each filled with the colour the page worked out for it (/sasaran, /rilis). */
export default function AreaFillMap({ kabkota, level, fills, otherColour, legend, title }: AreaFillMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [outlines, setOutlines] = useState<{ level: string; data: Outlines } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { map } = useBaseMap(container, {
    options: { style: AREA_FILL_STYLE, attributionControl: false, fadeDuration: 0 },
    exposeAs: "__tepatTargetMap",
  });

  useEffect(() => {
    let cancelled = false;
    fetchOutlines(level, kabkota).then(
      (data) => !cancelled && setOutlines({ level, data }),
      (cause: Error) => !cancelled && setError(cause.message),
    );
    return () => {
      cancelled = true;
    };
  }, [kabkota, level]);

  useEffect(() => {
    if (!map || !outlines) return;
    const data: Outlines = {
      ...outlines.data,
      features: outlines.data.features.map((f) => ({
        ...f,
        properties: { ...f.properties, fill: fills[f.properties.code] ?? otherColour },
      })),
    };
    const source = map.getSource<GeoJSONSource>(SOURCE);
    if (source) return void source.setData(data);
    map.addSource(SOURCE, { type: "geojson", data });
    for (const layer of areaFillLayers(SOURCE)) map.addLayer(layer);
    const bounds = outlinesBounds(outlines.data);
    if (bounds) map.fitBounds(bounds, { padding: 16, animate: false });
  }, [map, outlines, fills, otherColour]);

  const ready = useFirstIdle(map && outlines ? map : null);
  return (
    <figure className="target-map" data-testid="target-map" data-map-ready={ready ? "true" : "false"}>
      <div ref={container} style={{ height: 320, position: "relative" }} />
      <figcaption>
        <strong>{title}</strong>
        {error && <span className="field-error"> {error}</span>}
        <ul className="legend">
          {legend.map((item) => (
            <li key={item.label}>
              <span className="swatch" style={{ background: item.colour }} /> {item.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
