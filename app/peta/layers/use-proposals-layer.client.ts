import type { ExpressionSpecification, GeoJSONSource, MapLibreMap } from "maplibre-gl";
import { useEffect, useState } from "react";

import type { ProposalState } from "@/lib/verval/browser";

/** A proposal's colour on the map by its state: waiting warm, verified blue, applied green, returned red. */
export const PROPOSAL_STATE_COLOURS: Record<Exclude<ProposalState, "ditolak">, string> = {
  draf: "#adb5bd",
  diajukan: "#fd7e14",
  disetujui_lurah: "#ffc107",
  diverifikasi: "#0d6efd",
  diterapkan: "#198754",
  dikembalikan: "#dc3545",
};
const SOURCE = "usulan";
const LAYER = "usulan-points";

/**
 * The verval proposals of the account's areas as squares above the households, coloured by state;
 * the count per state for the legend (null until loaded, or when the role may not see them).
 */
export function useProposalsLayer(map: MapLibreMap | null, enabled: boolean): Record<string, number> | null {
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  useEffect(() => {
    if (!map || !enabled) return;
    let cancelled = false;
    fetch("/api/usulan/peta")
      .then((response) => (response.ok ? response.json() : null))
      .then((data: { features: Array<{ properties: { state: string } }> } | null) => {
        if (cancelled || !data) return;
        const source = map.getSource(SOURCE) as GeoJSONSource | undefined;
        if (source) source.setData(data as never);
        else map.addSource(SOURCE, { type: "geojson", data: data as never });
        if (!map.getLayer(LAYER))
          map.addLayer({
            id: LAYER,
            type: "circle",
            source: SOURCE,
            paint: {
              "circle-radius": 8,
              "circle-color": [
                "match",
                ["get", "state"],
                ...Object.entries(PROPOSAL_STATE_COLOURS).flat(),
                "#6c757d",
              ] as unknown as ExpressionSpecification,
              "circle-stroke-color": "#212529",
              "circle-stroke-width": 2,
            },
          });
        const byState: Record<string, number> = {};
        for (const feature of data.features)
          byState[feature.properties.state] = (byState[feature.properties.state] ?? 0) + 1;
        setCounts(byState);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [map, enabled]);
  return counts;
}
