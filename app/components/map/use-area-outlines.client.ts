import type { MapLibreMap } from "maplibre-gl";
import { useEffect, useState } from "react";

import { fetchOutlines, type Outlines } from "./outlines";

export interface AreaOutlines {
  kecamatan: Outlines;
  kelurahan: Outlines;
}

/** The city's kecamatan and kelurahan outlines from /api/boundaries, fetched once `map` has loaded. */
export function useAreaOutlines(
  map: MapLibreMap | null,
  kabkotaCode: string,
): { outlines: AreaOutlines | null; error: string | null } {
  const [state, setState] = useState<{ outlines: AreaOutlines | null; error: string | null }>({
    outlines: null,
    error: null,
  });
  useEffect(() => {
    if (!map) return;
    let cancelled = false;
    Promise.all([fetchOutlines("kecamatan", kabkotaCode), fetchOutlines("kelurahan", kabkotaCode)]).then(
      ([kecamatan, kelurahan]) => {
        if (!cancelled) setState({ outlines: { kecamatan, kelurahan }, error: null });
      },
      (cause: Error) => {
        if (!cancelled) setState({ outlines: null, error: cause.message });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [map, kabkotaCode]);
  return state;
}
