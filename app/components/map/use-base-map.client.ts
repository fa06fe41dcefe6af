import { MapLibreMap, setWorkerUrl, type MapOptions } from "maplibre-gl";

import "maplibre-gl/dist/maplibre-gl.css";

import { useEffect, useState, type RefObject } from "react";

// Served from public/ by scripts/vendor-maplibre.ts: see there for why.
setWorkerUrl("/maplibre/maplibre-gl-worker.mjs");

/** The window property under which a live map is published, for the browser tests and an operator's console. */
export type MapHandle = "__tepatMap" | "__tepatScreenMap" | "__tepatPickerMap" | "__tepatTargetMap";

export interface BaseMapOptions {
  /** Everything but the container; read once, when the map is built. */
  options: Omit<MapOptions, "container">;
  exposeAs: MapHandle;
  /** Controls and handlers that belong to the map from its first frame. */
  setup?: (map: MapLibreMap) => void;
}

export interface BaseMap {
  /** The map once its style has loaded (null before), so sources and layers can be added at once. */
  map: MapLibreMap | null;
  /** The zoom when the style loaded, then after each zoom. */
  zoom: number;
}

/**
 * The bootstrap both maps share: one MapLibre map in `container` for the component's life,
 * published on `window` and removed on unmount. Layers come from the hooks that take the map.
 */
export function useBaseMap(container: RefObject<HTMLDivElement | null>, base: BaseMapOptions): BaseMap {
  const [initial] = useState(base);
  const [state, setState] = useState<BaseMap>({ map: null, zoom: 0 });

  useEffect(() => {
    const map = new MapLibreMap({ container: container.current!, ...initial.options });
    initial.setup?.(map);
    (window as unknown as Record<MapHandle, MapLibreMap | undefined>)[initial.exposeAs] = map;
    const publish = () => setState({ map, zoom: map.getZoom() });
    map.on("load", () => {
      publish();
      map.on("zoomend", publish);
    });
    // Printing lays the page out anew: the map takes its printed size at once, showing what was in
    // view, and draws before the page is printed (the frame stays readable: preserveDrawingBuffer).
    const print = window.matchMedia("print");
    const fitPage = () => {
      const shown = map.getBounds();
      map.resize();
      map.fitBounds(shown, { animate: false, padding: 0 });
      map.redraw();
    };
    print.addEventListener("change", fitPage);
    return () => {
      print.removeEventListener("change", fitPage);
      map.remove();
    };
  }, [container, initial]);

  return state;
}
