import { useEffect } from "react";

import type { IndicatorKey } from "@/lib/analytics/browser";
import type { ClassMethod } from "@/lib/map";

import type { Span } from "./types";

export interface MapUrlState {
  indicator: IndicatorKey;
  method: ClassMethod;
  span: Span;
  selected: string | null;
}

/** The view in the URL (as search-params.ts reads it) once the map is ready, so it can be shared. */
export function useMapUrl(ready: boolean, { indicator, method, span, selected }: MapUrlState): void {
  useEffect(() => {
    if (!ready) return;
    const query = new URLSearchParams({ indikator: indicator, kelas: method, from: span.from, to: span.to });
    if (selected) query.set("wilayah", selected);
    // The URL only records the view for sharing: no server round trip.
    window.history.replaceState(null, "", `/peta?${query.toString()}`);
  }, [ready, indicator, method, span, selected]);
}
