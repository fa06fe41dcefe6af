import { can, recordAudit } from "@/lib/access";
import {
  areaMonthlyCoverage,
  areaSummary,
  INDICATORS,
  type AnalysisWindow,
  type AreaCounts,
  type IndicatorKey,
} from "@/lib/analytics";
import { boundaryFeatures, getArea } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { CLASS_COLOURS, classBreaks, classOf, NO_DATA_COLOUR } from "@/lib/map";
import { readScorecard, type Scorecard } from "@/lib/scorecard";
import { shownCount, type ShownCount } from "@/lib/screen";
import { readSetting, TUNABLE_SETTINGS } from "@/lib/settings";

import { basemapBackdrop, type SvgBackdrop } from "./basemap-svg";
import { svgOutlines, type SvgOutline } from "./svg-map";

/** The printed map's box, in SVG units (about 120 × 84 mm on the A4 page). */
export const REPORT_MAP_SIZE = { width: 600, height: 420 } as const;

/** The key figures, in the order the report prints them. */
const KEY_FIGURES = [
  ["households", "Rumah tangga DTKS"],
  ["eligible_households", "Layak (aktif, terverifikasi, desil rendah)"],
  ["receiving_households", "Menerima bantuan"],
  ["stacked_households", "Bantuan bertumpuk"],
  ["uncovered_eligible_households", "Layak belum menerima"],
  ["conflicting_households", "Melanggar aturan program eksklusif"],
  ["households_with_errors", "Terdampak penerimaan bermasalah"],
] as const satisfies ReadonlyArray<readonly [keyof AreaCounts, string]>;

export interface ReportChild {
  code: string;
  name: string;
  /** The indicator's value, null when it has none or is suppressed. */
  value: number | null;
  suppressed: boolean;
  fill: string;
}

export interface ReportTrendPoint {
  period: string;
  receiving: number | null;
  stacked: number | null;
  eligible: number | null;
  uncovered: number | null;
}

export interface AreaReport {
  code: string;
  name: string;
  level: string;
  ancestors: string[];
  window: AnalysisWindow;
  indicator: IndicatorKey;
  /** Small cells suppressed (pimpinan): counts below k show as "< k", areas below k unshaded. */
  suppressedBelow: number | null;
  figures: Array<{ label: string; value: ShownCount }>;
  aidAmount: number | null;
  children: ReportChild[];
  outlines: SvgOutline[];
  /** Metres per SVG unit of the map, for its scale bar. */
  metresPerUnit: number;
  /** The installed basemap's water and roads beneath the map (lib/basemap), or null. */
  backdrop: SvgBackdrop | null;
  legend: Array<{ colour: string; from: number | null; to: number }>;
  /** The five children with the highest value of the indicator: most in need of attention. */
  attention: ReportChild[];
  /** Month by month; a count below k is null for pimpinan (a gap on the chart, never a zero). */
  trend: ReportTrendPoint[];
  scorecard: Scorecard | null;
}

/**
 * Everything the one-page area report prints: the key figures of the window, the children's
 * choropleth of one indicator with its legend, the five children most in need of attention, the
 * monthly trend and the scorecard. For a role that may not see persons (pimpinan), small cells
 * are suppressed: a count below k (setting `small_cell_k`) shows as "< k", and a child with
 * fewer than k households is neither shaded nor listed. The reading is logged. Null when the
 * area is unknown or outside the actor's scope.
 */
export async function readAreaReport({
  ctx,
  input,
}: {
  ctx: Context;
  input: { code: string; from?: string; to?: string; indicator: IndicatorKey };
}): Promise<AreaReport | null> {
  const found = await getArea({ ctx, input: { code: input.code } });
  if (!found?.area.kabkotaCode) return null;
  const summary = await areaSummary({ ctx, input: { code: input.code, from: input.from, to: input.to } });
  if (!summary) return null;
  const window = summary.window;
  const k = can(ctx.actor, "person_details") ? null : await readSetting(ctx, TUNABLE_SETTINGS.small_cell_k);
  const shown = (count: number): ShownCount => (k === null ? count : shownCount(count, k));
  const indicator = INDICATORS[input.indicator];

  const valued = summary.children
    .filter((child): child is AreaCounts & { code: string } => child.code !== null)
    .map((child) => {
      const suppressed =
        k !== null &&
        ((child.households > 0 && child.households < k) ||
          (indicator.unit !== "persen" && indicator.unit !== "rupiah" && isSmall(indicator.value(child), k)));
      return { code: child.code, name: child.name, value: suppressed ? null : indicator.value(child), suppressed };
    });
  const breaks = classBreaks(
    valued.flatMap((c) => (c.value === null ? [] : [c.value])),
    "kuantil",
  );
  const children: ReportChild[] = valued.map((c) => ({
    ...c,
    fill: c.value === null ? NO_DATA_COLOUR : CLASS_COLOURS[classOf(c.value, breaks)]!,
  }));
  const childLevel = summary.children.find((c) => c.code !== null)?.level;
  const features =
    childLevel && childLevel !== "provinsi"
      ? await boundaryFeatures({
          ctx,
          input: { kabkotaCode: found.area.kabkotaCode, level: childLevel, parentCode: input.code },
        })
      : null;
  const projected = features ? svgOutlines(features, REPORT_MAP_SIZE.width, REPORT_MAP_SIZE.height) : null;
  const backdrop =
    projected?.outlines.length && found.area.bbox
      ? await basemapBackdrop(ctx, found.area.bbox, projected.project, REPORT_MAP_SIZE)
      : null;
  const trend = await areaMonthlyCoverage({ ctx, input: { code: input.code, from: window.from, to: window.to } });
  const scorecard = ["kabkota", "kecamatan", "kelurahan"].includes(found.area.level)
    ? await readScorecard({ ctx, input: { code: input.code } })
    : null;
  await recordAudit(ctx, {
    action: "area_report",
    entity: "area",
    entityId: input.code,
    areaCode: input.code,
    detail: { window, indicator: input.indicator, suppressed_below: k },
  });
  return {
    code: found.area.code,
    name: found.area.name,
    level: found.area.level,
    ancestors: found.ancestors.map((a) => a.name),
    window,
    indicator: input.indicator,
    suppressedBelow: k,
    figures: KEY_FIGURES.map(([key, label]) => ({ label, value: shown(summary[key] as number) })),
    aidAmount: summary.aid_amount,
    children,
    outlines: projected?.outlines ?? [],
    metresPerUnit: projected?.metresPerUnit ?? 0,
    backdrop,
    legend: breaks.map((to, i) => ({ colour: CLASS_COLOURS[i]!, from: i === 0 ? null : breaks[i - 1]!, to })),
    attention: children
      .filter((c) => c.value !== null && c.value > 0)
      .sort((a, b) => b.value! - a.value! || a.name.localeCompare(b.name, "id"))
      .slice(0, 5),
    trend: (trend?.points ?? []).map((p) => ({
      period: p.period,
      receiving: countOrHidden(p.receiving_households, k),
      stacked: countOrHidden(p.stacked_households, k),
      eligible: countOrHidden(p.eligible_households, k),
      uncovered: countOrHidden(p.uncovered_eligible_households, k),
    })),
    scorecard,
  };
}

const isSmall = (value: number | null, k: number) => value !== null && value > 0 && value < k;

/** A month's count on the chart: below k (and above zero) left out for pimpinan. */
const countOrHidden = (value: number, k: number | null) => (k !== null && isSmall(value, k) ? null : value);
