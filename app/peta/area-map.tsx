"use client";

import type { FeatureCollection, MultiPolygon } from "geojson";
import {
  MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type VectorTileSource,
} from "maplibre-gl";

import "maplibre-gl/dist/maplibre-gl.css";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { addMonths, INDICATOR_KEYS, INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import type { AreaProperties } from "@/lib/areas";
import { areaTitle } from "@/lib/areas/browser";
import { formatDecimal, formatInteger, formatPercent, formatPeriod } from "@/lib/format";
import {
  CLASS_COLOURS,
  CLASS_METHOD_LABELS,
  CLASS_METHODS,
  classBreaks,
  NO_DATA_COLOUR,
  type ClassMethod,
} from "@/lib/map";

import type { MapArea, MapViewProps } from "./client";
import {
  BASE_STYLE,
  choroplethColour,
  choroplethLayers,
  HOUSEHOLD_CLASS_STYLE,
  HOUSEHOLD_LAYER,
  KECAMATAN_LAYERS,
  KECAMATAN_SOURCE,
  KELURAHAN_LABEL_MIN_ZOOM,
  KELURAHAN_SOURCE,
  kelurahanLayers,
  RT_MIN_ZOOM,
  TILE_SOURCES,
  tileUrl,
} from "./map-style";

// Served from public/ by scripts/vendor-maplibre.ts: see there for why.
setWorkerUrl("/maplibre/maplibre-gl-worker.mjs");

type Outlines = FeatureCollection<MultiPolygon, AreaProperties & { label_lon: number; label_lat: number }>;

async function fetchOutlines(level: "kecamatan" | "kelurahan", kabkotaCode: string): Promise<Outlines> {
  const response = await fetch(`/api/boundaries/${level}?kabkota=${encodeURIComponent(kabkotaCode)}`);
  if (!response.ok) throw new Error(`Batas ${level} tidak dapat dimuat (HTTP ${response.status}).`);
  return response.json();
}

function labelMarker(text: string, className: string, lngLat: [number, number]): Marker {
  const element = document.createElement("div");
  element.className = `map-label ${className}`;
  element.textContent = text;
  element.setAttribute("aria-hidden", "true");
  return new Marker({ element }).setLngLat(lngLat);
}

/** An indicator's value as the legend and tooltip print it. */
function formatIndicator(key: IndicatorKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return "tidak ada data";
  return INDICATORS[key].unit === "persen" ? formatPercent(value) : `${formatInteger(value)} ${INDICATORS[key].unit}`;
}

interface LoadedArea {
  code: string;
  name: string;
  value: number;
}

/** The areas of a tile source now loaded that have a value of the indicator, once each. */
function loadedAreas(
  map: MapLibreMap,
  source: { source: string; layer: string },
  indicator: IndicatorKey,
): LoadedArea[] {
  const byCode = new Map<string, LoadedArea>();
  for (const feature of map.querySourceFeatures(source.source, { sourceLayer: source.layer })) {
    const value = feature.properties[indicator];
    const code = String(feature.properties.code);
    if (typeof value === "number") byCode.set(code, { code, name: String(feature.properties.name), value });
  }
  return [...byCode.values()];
}

export default function AreaMap({
  kabkotaCode,
  cityName,
  cityBbox,
  areas,
  selectedCode,
  indicator: initialIndicator,
  classMethod: initialMethod,
  window: initialWindow,
  locations,
}: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const boundsByCode = useRef(new Map<string, [number, number, number, number]>());
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; name: string; code: string; value: string } | null>(null);
  const recomputeRef = useRef<() => void>(() => undefined);
  const paintedRef = useRef("");
  const [selected, setSelected] = useState<string | null>(selectedCode);
  const [indicator, setIndicator] = useState<IndicatorKey>(initialIndicator);
  const [method, setMethod] = useState<ClassMethod>(initialMethod);
  const [span, setSpan] = useState(initialWindow);
  const [playing, setPlaying] = useState(false);
  const [breaks, setBreaks] = useState<{ kelurahan: number[]; rt: number[] }>({ kelurahan: [], rt: [] });
  const [zoom, setZoom] = useState(0);
  const [top, setTop] = useState<LoadedArea[]>([]);
  // What the map's event handlers, set up once, read of the current view.
  const view = useRef({ indicator, method, span, selected });
  useEffect(() => {
    view.current = { indicator, method, span, selected };
  }, [indicator, method, span, selected]);

  const byCode = useMemo(() => new Map(areas.map((area) => [area.code, area])), [areas]);
  const kecamatan = useMemo(() => areas.filter((area) => area.level === "kecamatan"), [areas]);

  const frame = useCallback(
    (code: string | null) => {
      const map = mapRef.current;
      const bounds = code ? boundsByCode.current.get(code) : cityBbox;
      if (!map || !bounds) return;
      map.fitBounds(bounds, { padding: 24, duration: code ? 600 : 0 });
    },
    [cityBbox],
  );

  const select = useCallback(
    (code: string | null, { move }: { move: boolean }) => {
      setSelected(code);
      if (move) frame(code);
      view.current.selected = code;
      writeUrl(view.current);
    },
    [frame],
  );

  useEffect(() => {
    if (!container.current) return;
    const map = new MapLibreMap({
      container: container.current,
      style: BASE_STYLE,
      bounds: cityBbox ?? undefined,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: true, customAttribution: "Batas wilayah: Tepat / PostGIS" },
      dragRotate: false,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), "top-right");
    map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
    mapRef.current = map;
    // The live map, for the browser tests to ask what really rendered (and for an operator's console).
    (window as unknown as { __tepatMap?: MapLibreMap }).__tepatMap = map;

    const markers: { marker: Marker; level: "kecamatan" | "kelurahan" }[] = [];
    let hovered: string | null = null;
    let cancelled = false;

    const showLabelsForZoom = () => {
      const zoom = map.getZoom();
      for (const { marker, level } of markers) {
        const visible = level === "kelurahan" ? zoom >= KELURAHAN_LABEL_MIN_ZOOM : zoom < KELURAHAN_LABEL_MIN_ZOOM;
        marker.getElement().style.display = visible ? "" : "none";
      }
    };

    const recomputeBreaks = () => {
      const { indicator: key, method: how } = view.current;
      const kelurahanAreas = loadedAreas(map, TILE_SOURCES.kelurahan, key);
      const next = {
        kelurahan: classBreaks(
          kelurahanAreas.map((a) => a.value),
          how,
        ),
        rt:
          map.getZoom() >= RT_MIN_ZOOM
            ? classBreaks(
                loadedAreas(map, TILE_SOURCES.rt, key).map((a) => a.value),
                how,
              )
            : [],
      };
      setTop([...kelurahanAreas].sort((a, b) => b.value - a.value || a.code.localeCompare(b.code)).slice(0, 5));
      // Repaint only on a change: a repaint ends in another idle, which would loop.
      const signature = JSON.stringify([key, next]);
      if (signature === paintedRef.current) return;
      paintedRef.current = signature;
      map.setPaintProperty("choropleth-kelurahan", "fill-color", choroplethColour(key, next.kelurahan));
      map.setPaintProperty("choropleth-rt", "fill-color", choroplethColour(key, next.rt));
      setBreaks(next);
    };
    recomputeRef.current = recomputeBreaks;

    map.on("load", async () => {
      try {
        const [kecamatanOutlines, kelurahanOutlines] = await Promise.all([
          fetchOutlines("kecamatan", kabkotaCode),
          fetchOutlines("kelurahan", kabkotaCode),
        ]);
        if (cancelled) return;
        for (const feature of [...kecamatanOutlines.features, ...kelurahanOutlines.features]) {
          if (feature.bbox)
            boundsByCode.current.set(feature.properties.code, feature.bbox as [number, number, number, number]);
        }
        const origin = window.location.origin;
        for (const tiles of Object.values(TILE_SOURCES)) {
          map.addSource(tiles.source, {
            type: "vector",
            tiles: [tileUrl(origin, tiles.layer, view.current.span)],
            minzoom: tiles.minzoom,
            maxzoom: tiles.maxzoom,
            promoteId: tiles.layer === "rumah-tangga" ? undefined : "code",
          });
        }
        for (const layer of choroplethLayers(view.current.indicator)) map.addLayer(layer);
        map.addSource(KELURAHAN_SOURCE, { type: "geojson", data: kelurahanOutlines, promoteId: "code" });
        map.addSource(KECAMATAN_SOURCE, { type: "geojson", data: kecamatanOutlines, promoteId: "code" });
        for (const layer of kelurahanLayers(kecamatanOutlines.features.map((f) => f.properties.code)))
          map.addLayer(layer);
        for (const layer of KECAMATAN_LAYERS) map.addLayer(layer);
        map.addLayer(HOUSEHOLD_LAYER);

        for (const feature of kecamatanOutlines.features) {
          const { name, label_lon, label_lat } = feature.properties;
          markers.push({
            marker: labelMarker(name, "kecamatan", [label_lon, label_lat]).addTo(map),
            level: "kecamatan",
          });
        }
        for (const feature of kelurahanOutlines.features) {
          const { name, label_lon, label_lat } = feature.properties;
          markers.push({
            marker: labelMarker(name, "kelurahan", [label_lon, label_lat]).addTo(map),
            level: "kelurahan",
          });
        }
        showLabelsForZoom();
        map.on("zoom", showLabelsForZoom);
        map.on("zoomend", () => setZoom(map.getZoom()));
        // Class breaks follow the tiles in view: recomputed whenever the map settles.
        map.on("idle", recomputeBreaks);
        setZoom(map.getZoom());
        map.once("idle", () => {
          container.current?.setAttribute("data-map-ready", "true");
          setStatus("ready");
        });
      } catch (cause) {
        setError((cause as Error).message);
        setStatus("error");
      }
    });

    map.on("mousemove", "kelurahan-fill", (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      const code = String(feature.properties.code);
      if (hovered && hovered !== code) map.setFeatureState({ source: KELURAHAN_SOURCE, id: hovered }, { hover: false });
      hovered = code;
      map.setFeatureState({ source: KELURAHAN_SOURCE, id: code }, { hover: true });
      map.getCanvas().style.cursor = "pointer";
      const shaded = map.queryRenderedFeatures(event.point, { layers: ["choropleth-kelurahan", "choropleth-rt"] })[0];
      const raw = shaded?.properties[view.current.indicator];
      setHover({
        x: event.point.x,
        y: event.point.y,
        name:
          shaded?.layer.id === "choropleth-rt"
            ? `${String(feature.properties.name)} · ${String(shaded.properties.name)}`
            : String(feature.properties.name),
        code: shaded?.layer.id === "choropleth-rt" ? String(shaded.properties.code) : code,
        value: formatIndicator(view.current.indicator, typeof raw === "number" ? raw : null),
      });
    });
    map.on("mouseleave", "kelurahan-fill", () => {
      if (hovered) map.setFeatureState({ source: KELURAHAN_SOURCE, id: hovered }, { hover: false });
      hovered = null;
      map.getCanvas().style.cursor = "";
      setHover(null);
    });
    map.on("click", "kelurahan-fill", (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties.code;
      if (code) select(String(code), { move: false });
    });

    return () => {
      cancelled = true;
      map.remove();
      mapRef.current = null;
    };
    // The map is built once per city; selection changes go through feature state below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [kabkotaCode]);

  // A new indicator or class method recolours what is loaded; a new window reloads the tiles.
  useEffect(() => {
    if (status !== "ready") return;
    recomputeRef.current();
    writeUrl(view.current);
  }, [indicator, method, status]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || status !== "ready") return;
    for (const tiles of Object.values(TILE_SOURCES)) {
      (map.getSource(tiles.source) as VectorTileSource | undefined)?.setTiles([
        tileUrl(window.location.origin, tiles.layer, span),
      ]);
    }
    writeUrl(view.current);
  }, [span, status]);

  // The timeline: one month at a time, from the window's start, every 1.5 s.
  useEffect(() => {
    if (!playing) return;
    const timer = setInterval(() => {
      setSpan((current) => {
        const next = current.from === current.to ? addMonths(current.to, 1) : current.from;
        if (next > initialWindow.to) {
          setPlaying(false);
          return current;
        }
        return { from: next, to: next };
      });
    }, 1500);
    return () => clearInterval(timer);
  }, [playing, initialWindow.to]);

  // Mirror the selection into feature state once the source exists.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || status !== "ready") return;
    const source = map.getSource(KELURAHAN_SOURCE) as GeoJSONSource | undefined;
    if (!source) return;
    map.removeFeatureState({ source: KELURAHAN_SOURCE });
    if (selected && byCode.get(selected)?.level === "kelurahan") {
      map.setFeatureState({ source: KELURAHAN_SOURCE, id: selected }, { selected: true });
    }
  }, [selected, status, byCode]);

  // Frame the area named in the URL on first load.
  useEffect(() => {
    if (status === "ready" && selectedCode) frame(selectedCode);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status]);

  const selectedArea = selected ? byCode.get(selected) : undefined;
  const parent = selectedArea?.parentCode ? byCode.get(selectedArea.parentCode) : undefined;

  return (
    <div className="map-layout">
      <div className="map-canvas">
        <div
          ref={container}
          style={{ position: "absolute", inset: 0 }}
          role="region"
          aria-label={`Peta kecamatan dan kelurahan ${cityName}`}
          data-testid="area-map"
        />
        {hover && (
          <div className="map-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">
            <strong>{hover.name}</strong>
            <br />
            {hover.code}
            <br />
            {INDICATORS[indicator].label}: {hover.value}
          </div>
        )}
      </div>
      <aside className="map-side" aria-label="Keterangan peta">
        <h2>{cityName}</h2>
        <p className="map-status" aria-live="polite">
          {status === "loading" && "Memuat batas wilayah …"}
          {status === "ready" &&
            `${kecamatan.length ? `${formatInteger(kecamatan.length)} kecamatan, ` : ""}${formatInteger(areas.length - kecamatan.length)} kelurahan.`}
        </p>
        {error && (
          <p className="map-error" role="alert">
            {error}
          </p>
        )}

        <label htmlFor="indicator-picker">Indikator</label>
        <select
          id="indicator-picker"
          value={indicator}
          onChange={(event) => setIndicator(event.target.value as IndicatorKey)}
        >
          {INDICATOR_KEYS.map((key) => (
            <option key={key} value={key}>
              {INDICATORS[key].label}
            </option>
          ))}
        </select>
        <label htmlFor="class-picker">Pembagian kelas</label>
        <select id="class-picker" value={method} onChange={(event) => setMethod(event.target.value as ClassMethod)}>
          {CLASS_METHODS.map((key) => (
            <option key={key} value={key}>
              {CLASS_METHOD_LABELS[key]}
            </option>
          ))}
        </select>
        <Legend
          indicator={indicator}
          breaks={zoom >= RT_MIN_ZOOM ? breaks.rt : breaks.kelurahan}
          level={zoom >= RT_MIN_ZOOM ? "RT" : "kelurahan"}
        />
        {top.length > 0 && (
          <>
            <h3 className="side-title">Kelurahan tertinggi di layar</h3>
            <ol className="ranking" data-testid="map-top">
              {top.map((area) => (
                <li key={area.code}>
                  <a href={`/wilayah/${area.code}?from=${span.from}&to=${span.to}`}>{area.name}</a>:{" "}
                  {formatIndicator(indicator, area.value)}
                </li>
              ))}
            </ol>
          </>
        )}

        <fieldset className="period-control">
          <legend>Periode</legend>
          <p className="map-status" aria-live="polite" data-testid="map-window">
            {span.from === span.to ? formatPeriod(span.from) : `${formatPeriod(span.from)} – ${formatPeriod(span.to)}`}
          </p>
          <button type="button" className="button" onClick={() => setPlaying((p) => !p)} aria-pressed={playing}>
            {playing ? "Jeda" : "Putar per bulan"}
          </button>{" "}
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setPlaying(false);
              setSpan(initialWindow);
            }}
          >
            12 bulan
          </button>
        </fieldset>
        {zoom >= TILE_SOURCES.households.minzoom && (
          <ul className="legend" aria-label="Rumah tangga">
            {zoom < RT_MIN_ZOOM + 1 && (
              <li className="map-status">
                Sebelum zoom 15 tiap lingkaran adalah kelompok rumah tangga; warnanya kelas paling mendesak di dalamnya.
              </li>
            )}
            {HOUSEHOLD_CLASS_STYLE.map((c) => (
              <li key={c.kelas}>
                <span className="swatch round" style={{ background: c.colour }} /> {c.label}
              </li>
            ))}
          </ul>
        )}
        <p className="map-status" data-testid="without-location">
          {formatInteger(locations.withoutGeotag)} dari {formatInteger(locations.households)} rumah tangga tanpa lokasi
          (dihitung di wilayah yang dinyatakan);{" "}
          {formatInteger(locations.mismatched + locations.outsideAreas + locations.outsideKabkota)} dengan lokasi tidak
          sesuai
          {locations.outsideKabkota > 0 && (
            <>
              , {formatInteger(locations.outsideKabkota)} di antaranya di luar kota (dihitung di wilayah yang
              dinyatakan)
            </>
          )}
          .
        </p>

        <label htmlFor="area-picker">Pilih wilayah</label>
        <select
          id="area-picker"
          value={selected ?? ""}
          onChange={(event) => select(event.target.value || null, { move: true })}
        >
          <option value="">Seluruh {cityName}</option>
          {kecamatan.map((k) => (
            <optgroup key={k.code} label={`Kecamatan ${k.name}`}>
              <option value={k.code}>{k.name} (seluruh kecamatan)</option>
              {areas
                .filter((area) => area.parentCode === k.code)
                .map((kel) => (
                  <option key={kel.code} value={kel.code}>
                    {kel.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>

        {selectedArea ? (
          <AreaInfo area={selectedArea} parent={parent} />
        ) : (
          <p className="map-status">
            Arahkan kursor ke kelurahan untuk melihat nama dan kodenya; klik untuk rinciannya.
          </p>
        )}
      </aside>
    </div>
  );
}

function AreaInfo({ area, parent }: { area: MapArea; parent: MapArea | undefined }) {
  return (
    <section className="area-info card" aria-labelledby="area-info-title" data-testid="area-info">
      <h3 id="area-info-title" style={{ margin: 0 }}>
        {areaTitle(area)}
      </h3>
      <dl>
        <dt>Kode</dt>
        <dd>{area.code}</dd>
        {parent && (
          <>
            <dt>Kecamatan</dt>
            <dd>{parent.name}</dd>
          </>
        )}
        <dt>Luas</dt>
        <dd>{formatDecimal(area.areaKm2, 2)} km²</dd>
        <dt>{area.level === "kelurahan" ? "Jumlah RT" : "Jumlah kelurahan"}</dt>
        <dd>{formatInteger(area.childCount)}</dd>
      </dl>
      <a href={`/wilayah/${area.code}`}>Buka halaman wilayah →</a>
    </section>
  );
}

function writeUrl(state: {
  indicator: IndicatorKey;
  method: ClassMethod;
  span: { from: string; to: string };
  selected: string | null;
}) {
  const query = new URLSearchParams({
    indikator: state.indicator,
    kelas: state.method,
    from: state.span.from,
    to: state.span.to,
  });
  if (state.selected) query.set("wilayah", state.selected);
  // The URL only records the view for sharing: no server round trip.
  window.history.replaceState(null, "", `/peta?${query.toString()}`);
}

function Legend({ indicator, breaks, level }: { indicator: IndicatorKey; breaks: number[]; level: string }) {
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
