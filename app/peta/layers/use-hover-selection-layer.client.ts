import type { MapLayerMouseEvent, MapLibreMap } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";

import type { IndicatorKey } from "@/lib/analytics/browser";

import { formatIndicator } from "../format";
import { KELURAHAN_SOURCE } from "../map-style";
import type { HoverInfo, MapArea } from "../types";

/**
 * Hover and selection on the kelurahan outlines, through their feature state: the area under the
 * pointer is tinted and described (the RT under it from RT_MIN_ZOOM), a click selects it, and the
 * selected kelurahan is outlined.
 */
export function useHoverSelectionLayer(
  map: MapLibreMap | null,
  {
    indicator,
    selected,
    byCode,
    onSelect,
  }: {
    indicator: IndicatorKey;
    selected: string | null;
    byCode: Map<string, MapArea>;
    onSelect: (code: string) => void;
  },
): HoverInfo | null {
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const hovered = useRef<string | null>(null);

  useEffect(() => {
    if (!map) return;
    const move = (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      const code = String(feature.properties.code);
      if (hovered.current && hovered.current !== code)
        map.setFeatureState({ source: KELURAHAN_SOURCE, id: hovered.current }, { hover: false });
      hovered.current = code;
      map.setFeatureState({ source: KELURAHAN_SOURCE, id: code }, { hover: true });
      map.getCanvas().style.cursor = "pointer";
      const shaded = map.queryRenderedFeatures(event.point, { layers: ["choropleth-kelurahan", "choropleth-rt"] })[0];
      const raw = shaded?.properties[indicator];
      const rt = shaded?.layer.id === "choropleth-rt";
      setHover({
        x: event.point.x,
        y: event.point.y,
        flip: event.point.x > map.getCanvas().clientWidth / 2,
        name: rt
          ? `${String(feature.properties.name)} · ${String(shaded.properties.name)}`
          : String(feature.properties.name),
        code: rt ? String(shaded.properties.code) : code,
        value: formatIndicator(indicator, typeof raw === "number" ? raw : null),
      });
    };
    const leave = () => {
      if (hovered.current) map.setFeatureState({ source: KELURAHAN_SOURCE, id: hovered.current }, { hover: false });
      hovered.current = null;
      map.getCanvas().style.cursor = "";
      setHover(null);
    };
    const click = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties.code;
      if (code) onSelect(String(code));
    };
    map.on("mousemove", "kelurahan-fill", move);
    map.on("mouseleave", "kelurahan-fill", leave);
    map.on("click", "kelurahan-fill", click);
    return () => {
      map.off("mousemove", "kelurahan-fill", move);
      map.off("mouseleave", "kelurahan-fill", leave);
      map.off("click", "kelurahan-fill", click);
    };
  }, [map, indicator, onSelect]);

  // The selection into feature state; clearing it clears the hover tint too, until the pointer moves again.
  useEffect(() => {
    if (!map) return;
    map.removeFeatureState({ source: KELURAHAN_SOURCE });
    if (selected && byCode.get(selected)?.level === "kelurahan") {
      map.setFeatureState({ source: KELURAHAN_SOURCE, id: selected }, { selected: true });
    }
  }, [map, selected, byCode]);

  return hover;
}
