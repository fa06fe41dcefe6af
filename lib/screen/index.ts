import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { assertCan, homeAreaOf, scopeKey } from "@/lib/access";
import {
  addMonths,
  areaMonthlyCoverage,
  areaSummary,
  currentDataVersion,
  inclusionErrorTotal,
  kelurahanCounts,
  type AnalysisWindow,
  type AreaCounts,
  type DataVersion,
} from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { bpsPovertyOf, yearsWithGaps } from "@/lib/reference";
import { tunableSettings } from "@/lib/settings";
import { proposalCounts } from "@/lib/verval";

import type { ScreenScene } from "./scene-list";
import { screenScenes } from "./scenes";
import { complementaryHidden, shownCount, shownRate, type ShownCount } from "./suppress";

export { SCENE_LABELS, SCREEN_SCENES, type ScreenScene } from "./scene-list";
export { changeScreenScenes, screenScenes, screenScenesInput } from "./scenes";
export { complementaryHidden, type ShownCount, shownCount, shownRate } from "./suppress";

export const SCREEN_INDICATORS = ["stacked_rate", "uncovered_rate"] as const;
export type ScreenIndicator = (typeof SCREEN_INDICATORS)[number];

export interface ScreenKelurahan {
  code: string;
  name: string;
  households: ShownCount;
  stacked_households: ShownCount;
  uncovered_eligible_households: ShownCount;
  /** null: no base, a base or numerator below k, or a numerator left blank (suppressed). */
  stacked_rate: number | null;
  uncovered_rate: number | null;
  /** Poor persons in the DTKS register as % of the population (BPS projection in the area table). */
  poverty_rate: number | null;
}

export interface ScreenAlert {
  code: string;
  name: string;
  indicator: ScreenIndicator;
  value: number;
  /** The same rate in the window one month earlier; null when it could not be shown then. */
  previous: number | null;
  threshold: number;
}

export interface CommandScreen {
  /** When these figures were computed (ISO). The screen shows it as "data per …". */
  as_of: string;
  data_version: number;
  /** When the data last changed (ISO). */
  data_changed_at: string | null;
  area: { code: string; name: string };
  window: AnalysisWindow;
  previous_window: AnalysisWindow;
  k: number;
  scenes: ScreenScene[];
  interval_s: number;
  overview: {
    households: ShownCount;
    persons: ShownCount;
    receiving_households: ShownCount;
    stacked_households: ShownCount;
    uncovered_eligible_households: ShownCount;
    eligible_households: ShownCount;
    inclusion_errors: ShownCount;
    receipts: ShownCount;
    invalid_nik_persons: ShownCount;
    stacked_rate: number | null;
    uncovered_rate: number | null;
    invalid_nik_rate: number | null;
  };
  kelurahan: ScreenKelurahan[];
  top: Record<ScreenIndicator, ScreenKelurahan[]>;
  thresholds: Record<ScreenIndicator, number>;
  alerts: ScreenAlert[];
  poverty: {
    bps: { source: string; years: Array<{ year: number; poorPct: number | null }> } | null;
    dtks_rate: number | null;
    months: Array<{ period: string; receiving_households: ShownCount; uncovered_eligible_households: ShownCount }>;
  };
  freshness: {
    imports: Array<{ kind: string; program: string | null; finished_at: string; rows: number }>;
    /** Each program's latest period held; `stale` when the city holds a later month of another program. */
    latest_periods: Array<{ program: string; period: string; stale: boolean }>;
    pending_proposals: number;
    /** Of those, waiting longer than the SLA settings allow. */
    overdue_proposals: number;
  };
}

const shift = (window: AnalysisWindow, months: number): AnalysisWindow => ({
  from: addMonths(window.from, months),
  to: addMonths(window.to, months),
});

/** The figures each kelurahan row shows as a count; the city's total of each is shown too. */
const KELURAHAN_COUNTS = ["households", "stacked_households", "uncovered_eligible_households"] as const;

/**
 * The kelurahan rows of the screen: counts below k shown as "< k", and per figure the cells
 * complementary suppression adds left blank, so the city total minus the rows shown gives no
 * kelurahan's count away; a rate is blank when its count is.
 */
function screenKelurahan(rows: AreaCounts[], k: number): ScreenKelurahan[] {
  const blank = Object.fromEntries(
    KELURAHAN_COUNTS.map((figure) => [
      figure,
      complementaryHidden(
        rows.map((c) => ({ key: c.code!, value: c[figure] })),
        k,
      ),
    ]),
  ) as Record<(typeof KELURAHAN_COUNTS)[number], Set<string>>;
  const shown = (c: AreaCounts, figure: (typeof KELURAHAN_COUNTS)[number]): ShownCount =>
    blank[figure].has(c.code!) ? { hidden: true } : shownCount(c[figure], k);
  return rows.map((c) => {
    const small = c.households < k;
    return {
      code: c.code!,
      name: c.name,
      households: shown(c, "households"),
      stacked_households: shown(c, "stacked_households"),
      uncovered_eligible_households: shown(c, "uncovered_eligible_households"),
      stacked_rate:
        small || blank.stacked_households.has(c.code!)
          ? null
          : shownRate(c.stacked_households, c.receiving_households, k),
      uncovered_rate:
        small || blank.uncovered_eligible_households.has(c.code!)
          ? null
          : shownRate(c.uncovered_eligible_households, c.eligible_households, k),
      poverty_rate: small || !c.population ? null : shownRate(c.poor_persons, c.population, k),
    };
  });
}

/**
 * Everything the command-center screen shows, in aggregates only: no name, NIK or household,
 * and every count or rate of fewer than k households (setting `small_cell_k`) suppressed. For
 * the actor's area (the city for the mayor's office), the default window, and the window one
 * month earlier for the alerts' change. Null when the area holds no boundaries.
 */
export async function commandScreen({ ctx }: { ctx: Context }): Promise<CommandScreen | null> {
  assertCan(ctx.actor, "command_screen");
  const code = homeAreaOf(ctx.actor) ?? (await homeKabkotaCode(ctx));
  // Every write the figures read (settings included) moves the data version: until it moves, a
  // screen polling every few seconds gets the figures already computed.
  const current = await currentDataVersion(ctx);
  const key = `${current.version}|${scopeKey(ctx.actor)}|${code}`;
  // Per database handle: a process that holds two databases (the tests) never mixes their figures.
  // The figures being computed are kept too, so screens that poll at once wait for one computation.
  const computed = computedByDatabase.get(ctx.db) ?? new Map<string, Promise<ScreenFigures | null>>();
  computedByDatabase.set(ctx.db, computed);
  let figures = computed.get(key);
  if (!figures) {
    figures = computeScreen(ctx, code, current);
    computed.set(key, figures);
    // A computation that found nothing or failed is forgotten, unless a newer one took its place.
    const forget = () => computed.get(key) === figures && computed.delete(key);
    figures.then((fresh) => fresh ?? forget(), forget);
    for (const old of computed.keys()) if (computed.size > MAX_COMPUTED) computed.delete(old);
  }
  const shown = await figures;
  return shown && { ...shown, as_of: new Date().toISOString() };
}

type ScreenFigures = Omit<CommandScreen, "as_of">;

const MAX_COMPUTED = 8;
const computedByDatabase = new WeakMap<object, Map<string, Promise<ScreenFigures | null>>>();

async function computeScreen(ctx: Context, code: string, version: DataVersion): Promise<ScreenFigures | null> {
  const settings = await tunableSettings({ ctx });
  const k = settings.small_cell_k;
  const summary = await areaSummary({ ctx, input: { code } });
  if (!summary) return null;
  const window = summary.window;
  const previousWindow = shift(window, -1);
  const [now, previous, trend] = await Promise.all([
    kelurahanCounts({ ctx, input: { code, ...window } }),
    kelurahanCounts({ ctx, input: { code, ...previousWindow } }),
    areaMonthlyCoverage({ ctx, input: { code, from: addMonths(window.to, -23), to: window.to } }),
  ]);
  const kelurahan = screenKelurahan(now?.kelurahan ?? [], k);
  const before = new Map(screenKelurahan(previous?.kelurahan ?? [], k).map((row) => [row.code, row]));
  const thresholds: Record<ScreenIndicator, number> = {
    stacked_rate: settings.alert_stacked_rate,
    uncovered_rate: settings.alert_uncovered_rate,
  };
  const top = Object.fromEntries(
    SCREEN_INDICATORS.map((indicator) => [
      indicator,
      kelurahan
        .filter((row) => row[indicator] !== null)
        .sort((a, b) => b[indicator]! - a[indicator]! || a.code.localeCompare(b.code))
        .slice(0, 5),
    ]),
  ) as Record<ScreenIndicator, ScreenKelurahan[]>;
  const alerts = SCREEN_INDICATORS.flatMap((indicator) =>
    kelurahan
      .filter((row) => row[indicator] !== null && row[indicator]! > thresholds[indicator])
      .sort((a, b) => b[indicator]! - a[indicator]!)
      .map((row): ScreenAlert => ({
        code: row.code,
        name: row.name,
        indicator,
        value: row[indicator]!,
        previous: before.get(row.code)?.[indicator] ?? null,
        threshold: thresholds[indicator],
      })),
  );

  const kabkota = summary.code.slice(0, 5);
  const [persons] = await queryRows<{ invalid: number; total: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE p.nik_check <> 'valid')::int AS invalid, count(*)::int AS total
        FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${kabkota} AND (h.effective_kelurahan_code = ${code} OR h.effective_kelurahan_code LIKE ${`${code}.%`} OR ${code} = ${kabkota})`,
  );
  const imports = await queryRows<{ kind: string; program: string | null; finished_at: string; rows: number }>(
    ctx.db,
    sql`SELECT DISTINCT ON (kind, program_code) kind::text, program_code AS program, finished_at::text, rows_accepted AS rows
        FROM import_batch WHERE status = 'selesai' AND (kabkota_code = ${kabkota} OR kabkota_code IS NULL)
        ORDER BY kind, program_code, finished_at DESC`,
  );
  const latestPeriods = await queryRows<{ program: string; period: string; stale: boolean }>(
    ctx.db,
    sql`SELECT program, period, period < max(period) OVER () AS stale
        FROM (SELECT program_code AS program, max(period) AS period FROM aid_receipt WHERE kabkota_code = ${kabkota} GROUP BY 1) p
        ORDER BY program`,
  );
  const proposals = await proposalCounts(ctx, kabkota, code);
  const bps = summary.level === "kabkota" ? bpsPovertyOf(summary.code) : null;
  const errors = inclusionErrorTotal(summary);

  return {
    data_version: version.version,
    data_changed_at: version.changedAt,
    area: { code: summary.code, name: summary.name },
    window,
    previous_window: previousWindow,
    k,
    scenes: await screenScenes({ ctx }),
    interval_s: settings.screen_interval_s,
    overview: {
      households: shownCount(summary.households, k),
      persons: shownCount(summary.persons, k),
      receiving_households: shownCount(summary.receiving_households, k),
      stacked_households: shownCount(summary.stacked_households, k),
      uncovered_eligible_households: shownCount(summary.uncovered_eligible_households, k),
      eligible_households: shownCount(summary.eligible_households, k),
      inclusion_errors: shownCount(errors, k),
      receipts: shownCount(summary.receipts, k),
      invalid_nik_persons: shownCount(persons?.invalid ?? 0, k),
      stacked_rate: shownRate(summary.stacked_households, summary.receiving_households, k),
      uncovered_rate: shownRate(summary.uncovered_eligible_households, summary.eligible_households, k),
      invalid_nik_rate: shownRate(persons?.invalid ?? 0, persons?.total ?? 0, k),
    },
    kelurahan,
    top,
    thresholds,
    alerts,
    poverty: {
      bps: bps
        ? { source: bps.source, years: yearsWithGaps(bps).map(({ year, poorPct }) => ({ year, poorPct })) }
        : null,
      dtks_rate:
        summary.population && summary.population >= k ? shownRate(summary.poor_persons, summary.population, k) : null,
      months: (trend?.points ?? []).map((p) => ({
        period: p.period,
        receiving_households: shownCount(p.receiving_households, k),
        uncovered_eligible_households: shownCount(p.uncovered_eligible_households, k),
      })),
    },
    freshness: {
      imports,
      latest_periods: latestPeriods,
      pending_proposals: proposals.waiting,
      overdue_proposals: proposals.overdue,
    },
  };
}
