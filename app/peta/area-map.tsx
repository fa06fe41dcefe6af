"use client";

import type { FeatureCollection, MultiPolygon } from "geojson";
import {
  type GeoJSONSource,
  type MapLayerMouseEvent,
  MapLibreMap,
  Marker,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { AreaProperties } from "@/lib/areas/queries";
import { areaTitle } from "@/lib/areas/labels";
import { formatDecimal, formatInteger } from "@/lib/format";
import type { MapArea, MapViewProps } from "./client";
import {
  BASE_STYLE,
  KECAMATAN_LAYERS,
  KECAMATAN_SOURCE,
  KELURAHAN_LABEL_MIN_ZOOM,
  KELURAHAN_SOURCE,
  kelurahanLayers,
} from "./map-style";

// Served from public/ by lib/cli/vendor-maplibre.ts: see there for why.
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

export default function AreaMap({ kabkotaCode, cityName, cityBbox, areas, selectedCode }: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const boundsByCode = useRef(new Map<string, [number, number, number, number]>());
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; name: string; code: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(selectedCode);

  const byCode = useMemo(() => new Map(areas.map((area) => [area.code, area])), [areas]);
  const kecamatan = useMemo(() => areas.filter((area) => area.level === "kecamatan"), [areas]);

  const frame = useCallback((code: string | null) => {
    const map = mapRef.current;
    const bounds = code ? boundsByCode.current.get(code) : cityBbox;
    if (!map || !bounds) return;
    map.fitBounds(bounds, { padding: 24, duration: code ? 600 : 0 });
  }, [cityBbox]);

  const select = useCallback(
    (code: string | null, { move }: { move: boolean }) => {
      setSelected(code);
      if (move) frame(code);
      // The URL only records the view for sharing: no server round trip for a click on the map.
      window.history.replaceState(null, "", code ? `/peta?wilayah=${encodeURIComponent(code)}` : "/peta");
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

    map.on("load", async () => {
      try {
        const [kecamatanOutlines, kelurahanOutlines] = await Promise.all([
          fetchOutlines("kecamatan", kabkotaCode),
          fetchOutlines("kelurahan", kabkotaCode),
        ]);
        if (cancelled) return;
        for (const feature of [...kecamatanOutlines.features, ...kelurahanOutlines.features]) {
          if (feature.bbox) boundsByCode.current.set(feature.properties.code, feature.bbox as [number, number, number, number]);
        }
        map.addSource(KELURAHAN_SOURCE, { type: "geojson", data: kelurahanOutlines, promoteId: "code" });
        map.addSource(KECAMATAN_SOURCE, { type: "geojson", data: kecamatanOutlines, promoteId: "code" });
        for (const layer of kelurahanLayers(kecamatanOutlines.features.map((f) => f.properties.code))) map.addLayer(layer);
        for (const layer of KECAMATAN_LAYERS) map.addLayer(layer);

        for (const feature of kecamatanOutlines.features) {
          const { name, label_lon, label_lat } = feature.properties;
          markers.push({ marker: labelMarker(name, "kecamatan", [label_lon, label_lat]).addTo(map), level: "kecamatan" });
        }
        for (const feature of kelurahanOutlines.features) {
          const { name, label_lon, label_lat } = feature.properties;
          markers.push({ marker: labelMarker(name, "kelurahan", [label_lon, label_lat]).addTo(map), level: "kelurahan" });
        }
        showLabelsForZoom();
        map.on("zoom", showLabelsForZoom);
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
      setHover({ x: event.point.x, y: event.point.y, name: String(feature.properties.name), code });
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
          </div>
        )}
      </div>
      <aside className="map-side" aria-label="Keterangan peta">
        <h2>{cityName}</h2>
        <p className="map-status" aria-live="polite">
          {status === "loading" && "Memuat batas wilayah …"}
          {status === "ready" && `${formatInteger(kecamatan.length)} kecamatan, ${formatInteger(areas.length - kecamatan.length)} kelurahan.`}
        </p>
        {error && <p className="map-error" role="alert">{error}</p>}

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

        {selectedArea ? <AreaInfo area={selectedArea} parent={parent} /> : <p className="map-status">Arahkan kursor ke kelurahan untuk melihat nama dan kodenya; klik untuk rinciannya.</p>}
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
