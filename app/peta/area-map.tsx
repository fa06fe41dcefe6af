"use client";

import { NavigationControl, ScaleControl, type MapLibreMap } from "maplibre-gl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import type { Bbox } from "@/app/components/map/outlines";
import { useAreaOutlines } from "@/app/components/map/use-area-outlines.client";
import { useBaseMap } from "@/app/components/map/use-base-map.client";
import { useFirstIdle } from "@/app/components/map/use-first-idle.client";
import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { formatDateTime, formatInteger, formatPeriod } from "@/lib/format";
import type { ClassMethod } from "@/lib/map";

import { useBasemapPlaces } from "./layers/use-basemap-places.client";
import { useChoroplethLayer } from "./layers/use-choropleth-layer.client";
import { useHouseholdsLayer } from "./layers/use-households-layer.client";
import { useHoverSelectionLayer } from "./layers/use-hover-selection-layer.client";
import { useMapPick } from "./layers/use-map-pick.client";
import { useOutlinesLayer } from "./layers/use-outlines-layer.client";
import { useProposalsLayer } from "./layers/use-proposals-layer.client";
import { BASE_STYLE, mapDetail, styleWithBasemap } from "./map-style";
import { AreaInfo } from "./panel/area-info";
import { HouseholdLegend } from "./panel/household-legend";
import { Legend, legendEntries } from "./panel/legend";
import { LocationNote } from "./panel/location-note";
import { MapTooltip } from "./panel/map-tooltip";
import { PeriodControl } from "./panel/period-control";
import { PickCard } from "./panel/pick-card";
import { AreaPicker, ClassMethodPicker, IndicatorPicker } from "./panel/pickers";
import { PictureButton } from "./panel/picture-button";
import { ProposalLegend } from "./panel/proposal-legend";
import { TopAreas } from "./panel/top-areas";
import type { MapViewProps } from "./types";
import { useMapUrl } from "./use-map-url";
import { useSpanPending } from "./use-span-pending";
import { useTimeline } from "./use-timeline";

function setupControls(map: MapLibreMap) {
  map.touchZoomRotate.disableRotation();
  map.addControl(new NavigationControl({ showCompass: false }), "top-right");
  map.addControl(new ScaleControl({ unit: "metric" }), "bottom-left");
}

/** The /peta map: one city's kecamatan and kelurahan, a choropleth of an indicator, and the households. */
export default function AreaMap({
  kabkotaCode,
  cityName,
  cityBbox,
  homeLevel,
  demoData,
  basemap,
  areas,
  selectedCode,
  indicator: initialIndicator,
  classMethod: initialMethod,
  window: initialWindow,
  locations,
  proposals,
}: MapViewProps) {
  const container = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<string | null>(selectedCode);
  const [indicator, setIndicator] = useState<IndicatorKey>(initialIndicator);
  const [method, setMethod] = useState<ClassMethod>(initialMethod);
  const { span, playing, toggle, reset } = useTimeline(initialWindow);

  const detail = useMemo(() => mapDetail(homeLevel), [homeLevel]);
  const byCode = useMemo(() => new Map(areas.map((area) => [area.code, area])), [areas]);
  const kecamatan = useMemo(() => areas.filter((area) => area.level === "kecamatan"), [areas]);

  const base = useBaseMap(container, {
    options: {
      style: basemap ? styleWithBasemap(basemap, window.location.origin) : BASE_STYLE,
      bounds: cityBbox ?? undefined,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { compact: true, customAttribution: "Batas wilayah: Tepat / PostGIS" },
      dragRotate: false,
      // The drawn frame stays readable, so printing the page prints the map, not a blank box.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    },
    exposeAs: "__tepatMap",
    setup: setupControls,
  });
  const { outlines, error } = useAreaOutlines(base.map, kabkotaCode);
  // The layers go in together once the outlines are in, in the order of these hooks: the choropleth
  // at the bottom, the outlines (which answer the pointer) above it, the households on top.
  const map = outlines ? base.map : null;
  const zoom = map ? base.zoom : 0;

  const boundsByCode = useMemo(() => {
    const bounds = new Map<string, Bbox>();
    for (const feature of [...(outlines?.kecamatan.features ?? []), ...(outlines?.kelurahan.features ?? [])]) {
      if (feature.bbox) bounds.set(feature.properties.code, feature.bbox as Bbox);
    }
    return bounds;
  }, [outlines]);

  const frame = useCallback(
    (code: string | null) => {
      const bounds = code ? boundsByCode.get(code) : cityBbox;
      if (!map || !bounds) return;
      map.fitBounds(bounds, { padding: 24, duration: code ? 600 : 0 });
    },
    [map, boundsByCode, cityBbox],
  );
  const select = useCallback(
    (code: string | null, { move }: { move: boolean }) => {
      setSelected(code);
      if (move) frame(code);
    },
    [frame],
  );
  const selectOnMap = useCallback((code: string) => select(code, { move: false }), [select]);

  const { breaks, top } = useChoroplethLayer(map, { indicator, method, span, detail });
  useOutlinesLayer(map, outlines, detail);
  useBasemapPlaces(map, Boolean(basemap));
  useHouseholdsLayer(map, span, detail);
  const proposalCounts = useProposalsLayer(map, proposals);
  const hover = useHoverSelectionLayer(map, { indicator, selected, byCode, onSelect: selectOnMap });
  const { pick, clear: clearPick } = useMapPick(map, detail);
  const ready = useFirstIdle(map);
  const pending = useSpanPending(map, span);
  useMapUrl(ready, { indicator, method, span, selected });

  // Frame the area named in the URL once the map is ready.
  useEffect(() => {
    if (ready && selectedCode) frame(selectedCode);
  }, [ready, selectedCode, frame]);

  const selectedArea = selected ? byCode.get(selected) : undefined;
  const parent = selectedArea?.parentCode ? byCode.get(selectedArea.parentCode) : undefined;
  const rtInView = zoom >= detail.rtMinZoom;
  const level = rtInView ? "RT" : "kelurahan";
  const levelBreaks = rtInView ? breaks.rt : breaks.kelurahan;

  return (
    <div className="map-layout">
      <div className="map-canvas">
        <div
          ref={container}
          style={{ position: "absolute", inset: 0 }}
          role="region"
          aria-label={`Peta kecamatan dan kelurahan ${cityName}`}
          data-testid="area-map"
          data-map-ready={ready ? "true" : undefined}
        />
        {hover && <MapTooltip hover={hover} indicator={indicator} />}
        {pick && <PickCard pick={pick} indicator={indicator} span={span} onClose={clearPick} />}
      </div>
      <aside className="map-side" aria-label="Keterangan peta">
        <h2>{cityName}</h2>
        <p className="print-only">
          Peta {INDICATORS[indicator].label.toLowerCase()} per {level}, {formatPeriod(span.from)} –{" "}
          {formatPeriod(span.to)}. Dicetak dari Tepat.
        </p>
        <p className="map-status" aria-live="polite">
          {!ready && !error && "Memuat batas wilayah …"}
          {ready &&
            `${kecamatan.length ? `${formatInteger(kecamatan.length)} kecamatan, ` : ""}${formatInteger(areas.length - kecamatan.length)} kelurahan.`}
        </p>
        {ready && pending && (
          <p className="notice-busy" role="status" data-testid="map-pending">
            Menghitung angka jendela {formatPeriod(span.from)} s.d. {formatPeriod(span.to)} … Jendela yang belum pernah
            diminta memerlukan beberapa detik; sesudahnya tersimpan dan tampil seketika.
          </p>
        )}
        {error && (
          <p className="map-error" role="alert">
            {error}
          </p>
        )}

        <IndicatorPicker value={indicator} onChange={setIndicator} />
        <ClassMethodPicker value={method} onChange={setMethod} />
        <Legend indicator={indicator} breaks={levelBreaks} level={level} />
        <PictureButton
          map={ready ? map : null}
          fileName={`peta-${indicator}-${span.from}-${span.to}.png`}
          text={() => ({
            title: `${INDICATORS[indicator].label} per ${level} · ${cityName}`,
            period: `Periode ${formatPeriod(span.from)} – ${formatPeriod(span.to)}`,
            legendTitle: `Legenda per ${level}`,
            legend: legendEntries(indicator, levelBreaks),
            notice: demoData ? "Data contoh: batas wilayah dan angka dibuat untuk peragaan, bukan data resmi." : null,
            source: `Sumber: Tepat (DTKS/DTSEN dan daftar penerima bantuan); batas wilayah: Tepat / PostGIS. Dibuat ${formatDateTime(new Date())}.`,
          })}
        />
        <TopAreas areas={top} indicator={indicator} span={span} />
        <PeriodControl span={span} playing={playing} onToggle={toggle} onReset={reset} />
        <HouseholdLegend zoom={zoom} detail={detail} />
        <ProposalLegend counts={proposalCounts} />
        <LocationNote locations={locations} />

        <AreaPicker
          cityName={cityName}
          areas={areas}
          kecamatan={kecamatan}
          value={selected}
          onChange={(code) => select(code, { move: true })}
        />
        {selectedArea ? (
          <AreaInfo area={selectedArea} parent={parent} />
        ) : (
          <p className="map-status screen-only">
            Arahkan kursor ke kelurahan untuk melihat nama dan kodenya; klik untuk rinciannya.
          </p>
        )}
      </aside>
    </div>
  );
}
