import { z } from "zod";

import { INDICATOR_KEYS, PERIOD_PATTERN, type IndicatorKey } from "@/lib/analytics";
import { areaCodePattern } from "@/lib/area-codes";
import { CLASS_METHODS, type ClassMethod } from "@/lib/map";

/**
 * The map's URL state, so a view can be shared: `wilayah` selects and frames an area,
 * `indikator` and `kelas` choose the choropleth, `from` and `to` the window. Anything
 * unreadable falls back to its default.
 */
const mapSearchParams = z.object({
  wilayah: z.string().regex(areaCodePattern("kecamatan", "kelurahan")).optional().catch(undefined),
  indikator: z.enum(INDICATOR_KEYS as [IndicatorKey, ...IndicatorKey[]]).catch("stacked_rate"),
  kelas: z.enum(CLASS_METHODS).catch("kuantil"),
  from: z.string().regex(PERIOD_PATTERN).optional().catch(undefined),
  to: z.string().regex(PERIOD_PATTERN).optional().catch(undefined),
});

export interface MapSearchParams {
  wilayah?: string;
  indikator: IndicatorKey;
  kelas: ClassMethod;
  from?: string;
  to?: string;
}

export function parseMapSearchParams(raw: Record<string, string | string[] | undefined>): MapSearchParams {
  const one = (key: string) => (typeof raw[key] === "string" ? raw[key] : undefined);
  return mapSearchParams.parse({
    wilayah: one("wilayah"),
    indikator: one("indikator"),
    kelas: one("kelas"),
    from: one("from"),
    to: one("to"),
  });
}
