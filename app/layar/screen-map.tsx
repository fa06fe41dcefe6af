"use client";

import type { FeatureCollection, MultiPolygon } from "geojson";
import { MapLibreMap, Marker, setWorkerUrl, type GeoJSONSource } from "maplibre-gl";

import "maplibre-gl/dist/maplibre-gl.css";

import { useEffect, useMemo, useRef, useState } from "react";

import type { AreaProperties } from "@/lib/areas";
import { formatDecimal } from "@/lib/format";
import { classBreaks, classOf } from "@/lib/map";

import { SCREEN_STYLE, screenLayers } from "./screen-style";

setWorkerUrl("/maplibre/maplibre-gl-worker.mjs");

export type ScreenOutlines = FeatureCollection<MultiPolygon, AreaProperties>;

export interface ScreenMapProps {
  /** The kelurahan outlines of the account's areas, rendered with the page. */
  outlines: ScreenOutlines;
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
  const mapRef = useRef<MapLibreMap | null>(null);
  const markers = useRef<Marker[]>([]);
  const [loaded, setLoaded] = useState(false);
  const breaks = useMemo(
    () =>
      classBreaks(
        Object.values(values ?? {}).filter((v): v is number => v !== null),
        "kuantil",
        colours.length,
      ),
    [values, colours.length],
  );

  useEffect(() => {
    const map = new MapLibreMap({
      container: container.current!,
      style: SCREEN_STYLE,
      attributionControl: false,
      interactive: false,
      fadeDuration: 0,
    });
    mapRef.current = map;
    (window as unknown as { __tepatScreenMap?: MapLibreMap }).__tepatScreenMap = map;
    map.on("load", () => {
      map.addSource("kelurahan", { type: "geojson", data: outlines });
      for (const layer of screenLayers("kelurahan")) map.addLayer(layer);
      const boxes = outlines.features.map((f) => f.bbox!).filter(Boolean);
      if (boxes.length) {
        map.fitBounds(
          [
            [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1]))],
            [Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))],
          ],
          { padding: 32, animate: false },
        );
      }
      setLoaded(true);
    });
    return () => map.remove();
  }, [outlines]);

  useEffect(() => {
    const map = mapRef.current;
    if (!loaded || !map) return;
    const alert = new Set(highlighted);
    const data: ScreenOutlines = {
      ...outlines,
      features: outlines.features.map((f) => {
        const value = values?.[f.properties.code] ?? null;
        const fill =
          values === null
            ? "#1f2a3a"
            : value === null
              ? noDataColour
              : colours[breaks.length > 1 ? classOf(value, breaks) : 0]!;
        return { ...f, properties: { ...f.properties, fill, alert: alert.has(f.properties.code) } };
      }),
    };
    (map.getSource("kelurahan") as GeoJSONSource).setData(data);
    for (const marker of markers.current) marker.remove();
    markers.current = ranked.flatMap((code, i) => {
      const feature = outlines.features.find((f) => f.properties.code === code);
      if (!feature) return [];
      const element = document.createElement("div");
      element.className = "screen-rank";
      element.textContent = String(i + 1);
      element.setAttribute("aria-hidden", "true");
      return [
        new Marker({ element }).setLngLat([feature.properties.label_lon, feature.properties.label_lat]).addTo(map),
      ];
    });
  }, [loaded, outlines, values, breaks, colours, noDataColour, highlighted, ranked]);

  return (
    <div className="screen-map" data-testid="screen-map" data-map-ready={loaded ? "true" : "false"}>
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
