import type { Feature, FeatureCollection, MultiPolygon } from "geojson";

import { recordAudit } from "@/lib/access";
import { kabkotaCodeOf } from "@/lib/area-codes";
import { boundaryFeatures } from "@/lib/areas";
import type { Context } from "@/lib/context";

import { tableFile, type ExportFile } from "./household-export";
import { INDICATOR_KEYS, INDICATORS, type IndicatorKey } from "./indicators";
import { areaSummary, type AreaCounts } from "./summary";

export const AREA_EXPORT_FORMATS = ["csv", "xlsx", "geojson"] as const;
export type AreaExportFormat = (typeof AREA_EXPORT_FORMATS)[number];

/** The window's counts of an area as columns, headed in Bahasa Indonesia; one list for every format. */
const COUNT_COLUMNS: Array<{ name: string; value: (c: AreaCounts) => number | null }> = [
  { name: "rumah_tangga", value: (c) => c.households },
  { name: "jiwa", value: (c) => c.persons },
  { name: "penduduk", value: (c) => c.population },
  { name: "jiwa_miskin_dtks", value: (c) => c.poor_persons },
  { name: "rumah_tangga_layak", value: (c) => c.eligible_households },
  { name: "rumah_tangga_menerima", value: (c) => c.receiving_households },
  { name: "rumah_tangga_bertumpuk", value: (c) => c.stacked_households },
  { name: "rumah_tangga_melanggar_aturan", value: (c) => c.conflicting_households },
  { name: "layak_belum_menerima", value: (c) => c.uncovered_eligible_households },
  { name: "layak_tidak_pernah_menerima", value: (c) => c.never_covered_eligible_households },
  { name: "rumah_tangga_bermasalah", value: (c) => c.households_with_errors },
  { name: "penerimaan", value: (c) => c.receipts },
  { name: "penerimaan_meninggal", value: (c) => c.inclusion_errors.deceased },
  { name: "penerimaan_nonaktif", value: (c) => c.inclusion_errors.nonaktif },
  { name: "penerimaan_tidak_terdaftar", value: (c) => c.inclusion_errors.not_in_register },
  { name: "penerimaan_nik_tidak_sah", value: (c) => c.inclusion_errors.invalid_nik },
  { name: "penerimaan_dibayar_dua_kali", value: (c) => c.inclusion_errors.paid_twice },
  { name: "rupiah", value: (c) => c.aid_amount },
];

/** Each map indicator's column: its key, prefixed so it reads as one beside the counts. */
const indicatorColumn = (key: IndicatorKey) => `indikator_${key}`;

/** An indicator rounded as the tiles round it (0.1); null where it has no base. */
function indicatorValue(key: IndicatorKey, counts: AreaCounts): number | null {
  const value = INDICATORS[key].value(counts);
  return value === null ? null : Math.round(value * 10) / 10;
}

function figuresOf(counts: AreaCounts): Record<string, number | null> {
  return Object.fromEntries([
    ...COUNT_COLUMNS.map((column) => [column.name, column.value(counts)]),
    ...INDICATOR_KEYS.map((key) => [indicatorColumn(key), indicatorValue(key, counts)]),
  ]);
}

/**
 * An area's children with every count and indicator of the window, as the area page and the map
 * show them to the actor: CSV and XLSX with the area itself as the last row ("jumlah"), or GeoJSON
 * of the children's outlines with the figures as properties (the "RT tidak diketahui" row has no
 * outline and is left out there). Logged. Null when the area is unknown or outside the scope.
 */
export async function exportAreaChildren({
  ctx,
  input,
}: {
  ctx: Context;
  input: { code: string; from?: string; to?: string; format: AreaExportFormat; ip?: string | null };
}): Promise<ExportFile | null> {
  const summary = await areaSummary({ ctx, input: { code: input.code, from: input.from, to: input.to } });
  if (!summary) return null;
  const { window, children } = summary;
  await recordAudit(ctx, {
    action: "export",
    entity: "area_aggregates",
    entityId: summary.code,
    areaCode: summary.code,
    ip: input.ip,
    detail: { format: input.format, rows: children.length, window },
  });
  const baseName = `angka-wilayah-${summary.code}-${window.from}-${window.to}`;

  if (input.format === "geojson") {
    const child = children[0]?.level;
    const outlines = child
      ? await boundaryFeatures({
          ctx,
          input: { kabkotaCode: kabkotaCodeOf(summary.code) ?? summary.code, level: child, parentCode: summary.code },
        })
      : null;
    const byCode = new Map(children.map((c) => [c.code, c]));
    const features: Array<Feature<MultiPolygon>> = (outlines?.features ?? []).flatMap((outline) => {
      const counts = byCode.get(outline.properties.code);
      if (!counts) return [];
      return [
        {
          type: "Feature",
          geometry: outline.geometry,
          properties: {
            kode: counts.code,
            nama: counts.name,
            tingkat: counts.level,
            periode_dari: window.from,
            periode_sampai: window.to,
            ...figuresOf(counts),
          },
        },
      ];
    });
    const collection: FeatureCollection<MultiPolygon> = { type: "FeatureCollection", features };
    return {
      fileName: `${baseName}.geojson`,
      contentType: "application/geo+json",
      body: new TextEncoder().encode(JSON.stringify(collection)),
      rows: features.length,
    };
  }

  const header = [
    "kode",
    "nama",
    "tingkat",
    "periode_dari",
    "periode_sampai",
    ...COUNT_COLUMNS.map((c) => c.name),
    ...INDICATOR_KEYS.map(indicatorColumn),
  ];
  const rowOf = (counts: AreaCounts, name: string) => [
    counts.code,
    name,
    counts.level,
    window.from,
    window.to,
    ...Object.values(figuresOf(counts)),
  ];
  const rows = [...children.map((c) => rowOf(c, c.name)), rowOf(summary, `Jumlah ${summary.name}`)];
  return tableFile(input.format, baseName, { name: "Angka wilayah", header, rows, textColumns: new Set([0]) });
}
