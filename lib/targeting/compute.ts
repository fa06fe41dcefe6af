import { sql, type SQL } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import { assertCan, can, homeAreaOf } from "@/lib/access";
import {
  analysisArea,
  analysisVerb,
  childOf,
  coverageSource,
  currentDataVersion,
  eligibleMaxDesil,
  inArea,
  resolveWindow,
  WindowOutsideData,
  type AnalysisArea,
} from "@/lib/analytics";
import type { Context } from "@/lib/context";

import { quotaCost, quotaHouseholds, ScenarioProblem, type ResolvedScenario, type ScenarioParams } from "./params";

/** One selected household, in selection order (`rank` from 1): what a recipient list is made of. */
export interface SelectedHousehold {
  household_id: number;
  dtks_id: string;
  kelurahan_code: string | null;
  rt_code: string | null;
  desil: number;
  rank: number;
}

/** An area of the result: of the quota's `per` level, else a child of the scenario's area. */
export interface ScenarioArea {
  code: string | null;
  candidates: number;
  selected: number;
}

/** What a scenario gives (README, "Tidak double: the contract"); `households` only for those who may see lists. */
export interface ScenarioResult {
  scenario: ResolvedScenario;
  /** The data version the figures were computed at. */
  data_version: number;
  candidates: number;
  /** How many households the quota asked for. */
  quota_households: number;
  selected: number;
  cost: number | null;
  areas: ScenarioArea[];
  overlap: Record<string, number>;
  eligible_uncovered_before: number;
  eligible_uncovered_after: number;
  above_max_desil: number;
  households?: SelectedHousehold[];
}

/** The level below each analysis level: the children a result's areas are when no `per` is given. */
const CHILD_LEVEL: Partial<Record<AreaLevel, AreaLevel>> = {
  kabkota: "kecamatan",
  kecamatan: "kelurahan",
  kelurahan: "rt",
};

/** The levels a `per` split may use inside an area of each level. */
const SPLIT_LEVELS: Partial<Record<AreaLevel, readonly string[]>> = {
  kabkota: ["kecamatan", "kelurahan"],
  kecamatan: ["kecamatan", "kelurahan"],
  kelurahan: ["kelurahan"],
};

/**
 * Computes a scenario: the candidates of the area (aktif, verified when asked, desil at or below
 * the limit, no receipt of an excluded program in the covered window, as the coverage cache
 * matched them), their deterministic order, the quota's selection (split by largest remainder
 * when `per` is given) and its figures, in one statement over the window's household rows. Null
 * when the area is unknown or outside the actor's scope.
 */
export const computeScenario = analysisVerb((ctx: Context, input: ScenarioParams): Promise<ScenarioResult | null> =>
  scenarioResult(ctx, input, { withList: can(ctx.actor, "target_lists") }),
);

/**
 * `computeScenario` inside the caller's analysis transaction; `withList` adds the selected
 * households (saving a scenario keeps them whoever saves it, and answers without them).
 */
export async function scenarioResult(
  ctx: Context,
  input: ScenarioParams,
  { withList }: { withList: boolean },
): Promise<ScenarioResult | null> {
  assertCan(ctx.actor, "plan_targeting");
  const scenario = await resolveScenario(ctx, input);
  if (!scenario) return null;
  const { area, resolved } = scenario;
  const source = await coverageSource(ctx, area.kabkotaCode, resolved.covered_window, "households");
  const { version } = await currentDataVersion(ctx);
  const quota = quotaHouseholds(resolved.quota);
  const per = "per" in resolved.quota ? resolved.quota.per : undefined;
  const kelurahan = sql`h.effective_kelurahan_code`;
  const rt = sql`h.effective_rt_code`;
  const perArea = per === "kelurahan" ? kelurahan : per === "kecamatan" ? sql`left(${kelurahan}, 8)` : null;
  // The unit a quota is split over; one unit for the whole area when there is no `per`.
  const unit = perArea ? sql`coalesce(${perArea}, '')` : sql`''::text`;
  const areaOf = perArea ?? childOf(area, kelurahan, rt);
  const areaLevel = per ?? CHILD_LEVEL[area.level];
  const [row] = await queryRows<{
    candidates: number;
    selected: number;
    selected_uncovered: number;
    above_max_desil: number;
    uncovered_before: number;
    areas: ScenarioArea[] | null;
    overlap: Array<{ program: string; households: number }>;
    households: SelectedHousehold[] | null;
  }>(
    ctx.db,
    sql`
        WITH candidate AS MATERIALIZED (
          SELECT h.id, h.dtks_id, h.desil, h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code,
                 ${unit} AS unit, ${areaOf} AS area_code, c.program_codes,
                 (c.eligible AND c.program_codes IS NULL) AS eligible_uncovered
          FROM household h JOIN ${source.households} c ON c.household_id = h.id
          WHERE h.kabkota_code = ${area.kabkotaCode} AND ${inArea(area, kelurahan, rt)}
            AND h.status = 'aktif' AND h.desil <= ${resolved.max_desil}
            ${resolved.require_verified ? sql`AND h.verval_status = 'terverifikasi'` : sql``}
            AND NOT coalesce(c.program_codes && ${sqlArray(resolved.exclude_programs, "text")}, false)
        ),
        unit_count AS (SELECT unit, count(*)::bigint AS n FROM candidate GROUP BY unit),
        -- Largest remainder: each unit gets floor(N × n / total); the seats left go to the largest
        -- remainders (N × n mod total, one denominator), more candidates first, then code.
        share AS (
          SELECT u.unit, u.n, t.total, (${quota}::bigint * u.n) / t.total AS whole, (${quota}::bigint * u.n) % t.total AS remainder
          FROM unit_count u CROSS JOIN (SELECT sum(n)::bigint AS total FROM unit_count) t
        ),
        seats AS (
          SELECT s.unit,
                 CASE WHEN ${quota} >= s.total THEN s.n
                      ELSE s.whole + CASE WHEN row_number() OVER (ORDER BY s.remainder DESC, s.n DESC, s.unit COLLATE "C")
                                             <= ${quota} - sum(s.whole) OVER () THEN 1 ELSE 0 END END AS seats
          FROM share s
        ),
        -- Desil comes first in the order, so a unit's seats end within one desil: the candidates
        -- of higher desil cannot be selected, and only those at or below it need the rest of the
        -- order (two index probes each; at 1M households a quarter of the candidates or fewer).
        reach AS (
          SELECT d.unit, min(d.desil) AS desil
          FROM (SELECT unit, desil, sum(count(*)) OVER (PARTITION BY unit ORDER BY desil) AS upto
                FROM candidate GROUP BY unit, desil) d
          JOIN seats s ON s.unit = d.unit
          WHERE s.seats > 0 AND d.upto >= s.seats
          GROUP BY d.unit
        ),
        ranked AS MATERIALIZED (
          SELECT k.*, row_number() OVER (
                   ORDER BY k.desil, ever.covered, coalesce(m.living, 0) DESC, k.dtks_id COLLATE "C") AS rank
          FROM candidate k
          JOIN reach ON reach.unit = k.unit AND k.desil <= reach.desil
          -- Never covered by any program in any period held comes first: one index probe each.
          CROSS JOIN LATERAL (
            SELECT EXISTS (SELECT 1 FROM aid_receipt e WHERE e.kabkota_code = ${area.kabkotaCode} AND e.matched_household_id = k.id) AS covered
          ) ever
          LEFT JOIN LATERAL (
            SELECT count(*) FILTER (WHERE p.death_date IS NULL) AS living
            FROM person p WHERE p.kabkota_code = ${area.kabkotaCode} AND p.household_id = k.id
          ) m ON true
        ),
        chosen AS MATERIALIZED (
          SELECT r.*, row_number() OVER (ORDER BY r.rank) AS selection_rank
          FROM (SELECT r.*, row_number() OVER (PARTITION BY r.unit ORDER BY r.rank) AS unit_rank FROM ranked r) r
          JOIN seats s ON s.unit = r.unit
          WHERE r.unit_rank <= s.seats
        ),
        area_figures AS (
          SELECT coalesce(a.code, f.area_code) AS code, coalesce(f.candidates, 0) AS candidates, coalesce(f.selected, 0) AS selected
          FROM (
            SELECT r.area_code, count(*)::int AS candidates, count(x.id)::int AS selected
            FROM candidate r LEFT JOIN chosen x ON x.id = r.id GROUP BY r.area_code
          ) f
          FULL JOIN (${areaLevel ? areasOfLevel(area, areaLevel) : sql`SELECT NULL::text AS code WHERE false`}) a ON a.code = f.area_code
        )
        SELECT (SELECT count(*)::int FROM candidate) AS candidates,
               (SELECT count(*)::int FROM chosen) AS selected,
               (SELECT count(*)::int FROM chosen WHERE eligible_uncovered) AS selected_uncovered,
               (SELECT count(*)::int FROM chosen WHERE desil > ${resolved.max_desil}) AS above_max_desil,
               (SELECT coalesce(sum(c.uncovered_eligible_households), 0)::int FROM ${source.rows} c
                 WHERE ${inArea(area, sql`c.kelurahan_code`, sql`c.rt_code`)}) AS uncovered_before,
               (SELECT json_agg(json_build_object('code', f.code, 'candidates', f.candidates, 'selected', f.selected)
                                ORDER BY f.code COLLATE "C" NULLS LAST) FROM area_figures f) AS areas,
               (SELECT json_agg(json_build_object('program', o.code, 'households', o.households) ORDER BY o.code)
                  FROM (SELECT g.code, count(x.id)::int AS households
                        FROM program g LEFT JOIN chosen x ON g.code = ANY (x.program_codes) GROUP BY g.code) o) AS overlap,
               ${
                 withList
                   ? sql`(SELECT json_agg(json_build_object('household_id', x.id, 'dtks_id', x.dtks_id, 'kelurahan_code', x.kelurahan_code,
                                  'rt_code', x.rt_code, 'desil', x.desil, 'rank', x.selection_rank) ORDER BY x.selection_rank) FROM chosen x)`
                   : sql`NULL::json`
               } AS households`,
  );
  if (!row) throw new Error("scenario query returned no row");
  return {
    scenario: resolved,
    data_version: version,
    candidates: row.candidates,
    quota_households: quota,
    selected: row.selected,
    cost: quotaCost(resolved.quota, row.selected),
    areas: row.areas ?? [],
    overlap: Object.fromEntries(row.overlap.map((o) => [o.program, o.households])),
    eligible_uncovered_before: row.uncovered_before,
    eligible_uncovered_after: row.uncovered_before - row.selected_uncovered,
    above_max_desil: row.above_max_desil,
    ...(withList && { households: row.households ?? [] }),
  };
}

/** The areas of a level inside an area (or the area itself at its own level): `code`. */
function areasOfLevel(area: AnalysisArea, level: AreaLevel): SQL {
  return sql`SELECT a.code FROM area a
             WHERE a.kabkota_code = ${area.kabkotaCode} AND a.level = ${level}
               AND (a.code = ${area.code} OR a.code LIKE ${`${area.code}.%`})`;
}

/**
 * Fills a scenario's defaults (README, "Tidak double: the contract") and checks what only the
 * data can: the program and excluded programs exist, the area is one the actor may see (null
 * otherwise), a `per` level lies inside it, and the window holds data.
 */
export async function resolveScenario(
  ctx: Context,
  input: ScenarioParams,
): Promise<{ area: AnalysisArea; resolved: ResolvedScenario } | null> {
  const programs = await queryRows<{ code: string; level: string; owner_area_code: string | null }>(
    ctx.db,
    sql`SELECT code, level, owner_area_code FROM program WHERE active ORDER BY code`,
  );
  const program = programs.find((p) => p.code === input.program);
  const problems: Record<string, string> = {};
  if (!program) problems.program = `program tidak dikenal: ${input.program}`;
  const unknown = (input.exclude_programs ?? []).filter((code) => !programs.some((p) => p.code === code));
  if (unknown.length) problems.exclude_programs = `program tidak dikenal: ${unknown.join(", ")}`;
  if (Object.keys(problems).length) throw new ScenarioProblem(problems);
  const areaCode = input.area ?? (await defaultArea(ctx, program!.owner_area_code));
  const area = areaCode ? await analysisArea(ctx, areaCode) : null;
  if (!area) return null;
  const per = "per" in input.quota ? input.quota.per : undefined;
  if (per && !SPLIT_LEVELS[area.level]?.includes(per)) {
    throw new ScenarioProblem({ "quota.per": `wilayah ${area.name} tidak terbagi per ${per}` });
  }
  const window = await resolveWindow({
    ctx,
    input: { kabkotaCode: area.kabkotaCode, from: input.covered_window?.from, to: input.covered_window?.to },
  }).catch((error: unknown) => {
    if (error instanceof WindowOutsideData) {
      throw new ScenarioProblem(
        Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [`covered_window.${k}`, v])),
      );
    }
    throw error;
  });
  const excluded = input.exclude_programs
    ? [...new Set(input.exclude_programs)].sort()
    : programs.filter((p) => p.level === "pusat" || p.level === "provinsi").map((p) => p.code);
  return {
    area,
    resolved: {
      program: program!.code,
      area: area.code,
      covered_window: window,
      exclude_programs: excluded,
      max_desil: input.max_desil ?? (await eligibleMaxDesil(ctx)),
      require_verified: input.require_verified,
      quota: input.quota,
    },
  };
}

/** The city a scenario covers when it names none: the program's own kabupaten/kota, else the actor's, else the first held. */
async function defaultArea(ctx: Context, owner: string | null): Promise<string | null> {
  const candidates = [owner?.slice(0, 5), homeAreaOf(ctx.actor)?.slice(0, 5)].filter(
    (code): code is string => !!code && /^\d{2}\.\d{2}$/.test(code),
  );
  if (candidates[0]) return candidates[0];
  const [first] = await queryRows<{ code: string }>(
    ctx.db,
    sql`SELECT min(code) AS code FROM area WHERE level = 'kabkota'`,
  );
  return first?.code ?? null;
}
