import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, inScope, placeScopeSql, recordAudit } from "@/lib/access";
import { analysisVerb, currentDataVersion } from "@/lib/analytics";
import { kabkotaCodeOf } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { scenarioResult, type ScenarioResult } from "./compute";
import { scenarioParams, type ResolvedScenario } from "./params";

export const scenarioIdParam = z.coerce
  .number({ error: "id skenario harus bilangan bulat" })
  .int({ error: "id skenario harus bilangan bulat" })
  .positive({ error: "id skenario harus bilangan bulat" });

/** What saving takes: a name and the scenario (and the saved one it recomputes, for "hitung ulang"). */
export const saveScenarioParams = scenarioParams.safeExtend({
  name: z
    .string({ error: "name harus nama skenario" })
    .trim()
    .min(1, { error: "name harus nama skenario" })
    .max(120, { error: "name paling panjang 120 huruf" }),
  based_on: scenarioIdParam.optional(),
});
export type SaveScenarioParams = z.infer<typeof saveScenarioParams>;

/** The figures of a result as a saved scenario keeps them: everything but the parameters and the households. */
export type ScenarioFigures = Omit<ScenarioResult, "scenario" | "households" | "data_version">;

export interface SavedScenario {
  id: number;
  name: string;
  scenario: ResolvedScenario;
  data_version: number;
  /** Whether the data moved since it was computed ("hitung ulang" gives today's figures). */
  stale: boolean;
  figures: ScenarioFigures;
  based_on_id: number | null;
  created_at: string;
  created_by: string | null;
  adopted_at: string | null;
  adopted_by: string | null;
  retired_at: string | null;
}

/** How a scenario's selection looks to a camat or lurah: its adopted list in their area, counts only. */
export interface AdoptedInArea {
  id: number;
  name: string;
  program: string;
  adopted_at: string;
  selected: number;
  areas: Array<{ code: string | null; selected: number }>;
}

/** A saved scenario as read: the stored parameters, and where it lies. */
type ScenarioRow = Omit<SavedScenario, "scenario" | "stale"> & {
  kabkota_code: string;
  area_code: string;
  program_code: string;
  params: ResolvedScenario;
};

const SCENARIO_COLUMNS = sql`
  s.id::int AS id, s.name, s.kabkota_code, s.area_code, s.program_code, s.params, s.data_version::float8 AS data_version,
  s.figures, s.based_on_id::int AS based_on_id, s.created_at::text AS created_at, cu.display_name AS created_by,
  s.adopted_at::text AS adopted_at, au.display_name AS adopted_by, s.retired_at::text AS retired_at`;

const SCENARIO_FROM = sql`
  target_scenario s
  LEFT JOIN app_user cu ON cu.id = s.created_by
  LEFT JOIN app_user au ON au.id = s.adopted_by`;

/**
 * Computes a scenario and keeps it, with its selected households in order and the data version
 * it saw. Saved scenarios are never changed: computing again is saving again (`based_on`).
 * Null when the area is unknown or outside the actor's scope.
 */
export const saveScenario = analysisVerb(
  async (ctx: Context, input: SaveScenarioParams): Promise<SavedScenario | null> => {
    assertCan(ctx.actor, "plan_targeting");
    const { name, based_on, ...params } = input;
    if (based_on !== undefined && !(await readScenario(ctx, based_on))) {
      throw new UserError("Skenario asal tidak ditemukan.");
    }
    const result = await scenarioResult(ctx, params, { withList: true });
    if (!result) return null;
    const { scenario, households = [], data_version, ...figures } = result;
    const kabkota = kabkotaCodeOf(scenario.area)!;
    const [saved] = await queryRows<{ id: number }>(
      ctx.db,
      sql`INSERT INTO target_scenario (kabkota_code, name, program_code, area_code, params, data_version, figures, based_on_id, created_by)
          VALUES (${kabkota}, ${name}, ${scenario.program}, ${scenario.area}, ${JSON.stringify(scenario)}::jsonb, ${data_version},
                  ${JSON.stringify(figures)}::jsonb, ${based_on ?? null}, ${ctx.actor.kind === "user" ? ctx.actor.userId : null})
          RETURNING id::int AS id`,
    );
    await ctx.db.execute(sql`
      INSERT INTO target_scenario_household (kabkota_code, scenario_id, household_id, rank, kelurahan_code, rt_code, desil)
      SELECT ${kabkota}, ${saved!.id}, x.household_id, x.rank, x.kelurahan_code, x.rt_code, x.desil
      FROM json_to_recordset(${JSON.stringify(households)}::json)
        AS x(household_id bigint, rank int, kelurahan_code text, rt_code text, desil smallint)`);
    await recordAudit(ctx, {
      action: "scenario_save",
      entity: "target_scenario",
      entityId: saved!.id,
      areaCode: scenario.area,
      newValue: { name, ...scenario, selected: figures.selected },
    });
    return getScenario({ ctx, input: { id: saved!.id } });
  },
);

/** A saved scenario the actor may plan with (its area in scope), or null. */
async function readScenario(ctx: Context, id: number): Promise<ScenarioRow | null> {
  const [row] = await queryRows<ScenarioRow>(
    ctx.db,
    sql`SELECT ${SCENARIO_COLUMNS} FROM ${SCENARIO_FROM} WHERE s.id = ${id}`,
  );
  return row && inScope(ctx.actor, row.area_code) ? row : null;
}

function savedScenario(row: ScenarioRow, version: number): SavedScenario {
  return {
    id: row.id,
    name: row.name,
    scenario: row.params,
    data_version: row.data_version,
    stale: row.data_version !== version,
    figures: row.figures,
    based_on_id: row.based_on_id,
    created_at: row.created_at,
    created_by: row.created_by,
    adopted_at: row.adopted_at,
    adopted_by: row.adopted_by,
    retired_at: row.retired_at,
  };
}

/** One saved scenario with its figures (planners: admin, Dinas Sosial, pimpinan); null outside scope. */
export async function getScenario({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<SavedScenario | null> {
  assertCan(ctx.actor, "plan_targeting");
  const row = await readScenario(ctx, input.id);
  if (!row) return null;
  return savedScenario(row, (await currentDataVersion(ctx)).version);
}

/** The saved scenarios the actor may plan with, newest first. */
export async function listScenarios({ ctx }: { ctx: Context }): Promise<SavedScenario[]> {
  assertCan(ctx.actor, "plan_targeting");
  const rows = await queryRows<ScenarioRow>(
    ctx.db,
    sql`SELECT ${SCENARIO_COLUMNS} FROM ${SCENARIO_FROM} ORDER BY s.id DESC LIMIT 200`,
  );
  const { version } = await currentDataVersion(ctx);
  return rows.filter((row) => inScope(ctx.actor, row.area_code)).map((row) => savedScenario(row, version));
}

/**
 * The adopted scenarios (one per program at most) as a camat or lurah sees them: how many of each
 * list's households lie in their areas, per kelurahan. Counts only.
 */
export async function adoptedScenariosInArea({ ctx }: { ctx: Context }): Promise<AdoptedInArea[]> {
  const rows = await queryRows<{
    id: number;
    name: string;
    program: string;
    adopted_at: string;
    code: string | null;
    selected: number;
  }>(
    ctx.db,
    sql`SELECT s.id::int AS id, s.name, s.program_code AS program, s.adopted_at::text AS adopted_at,
               x.kelurahan_code AS code, count(x.household_id)::int AS selected
        FROM target_scenario s
        LEFT JOIN target_scenario_household x ON x.kabkota_code = s.kabkota_code AND x.scenario_id = s.id
          AND ${placeScopeSql(ctx.actor, sql`x.kelurahan_code`, sql`x.rt_code`)}
        WHERE s.adopted_at IS NOT NULL AND s.retired_at IS NULL
        GROUP BY s.id, s.name, s.program_code, s.adopted_at, x.kelurahan_code
        ORDER BY s.program_code, x.kelurahan_code NULLS LAST`,
  );
  const byId = new Map<number, AdoptedInArea>();
  for (const row of rows) {
    const scenario = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      program: row.program,
      adopted_at: row.adopted_at,
      selected: 0,
      areas: [],
    };
    byId.set(row.id, scenario);
    if (row.selected > 0) {
      scenario.selected += row.selected;
      scenario.areas.push({ code: row.code, selected: row.selected });
    }
  }
  return [...byId.values()];
}

export interface ScenarioComparison {
  a: { id: number; name: string; selected: number; cost: number | null; candidates: number };
  b: { id: number; name: string; selected: number; cost: number | null; candidates: number };
  both: number;
  /** Per kelurahan: selected in A, in B, in both, only in A (lost going to B), only in B (gained). */
  areas: Array<{ code: string | null; in_a: number; in_b: number; both: number; lost: number; gained: number }>;
}

export const comparisonParams = z.object({ a: scenarioIdParam, b: scenarioIdParam });

/** Two saved scenarios side by side, per kelurahan: who is in both, who only in A (lost) or only in B (gained). */
export async function compareScenarios({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.infer<typeof comparisonParams>;
}): Promise<ScenarioComparison | null> {
  assertCan(ctx.actor, "plan_targeting");
  const [a, b] = [await readScenario(ctx, input.a), await readScenario(ctx, input.b)];
  if (!a || !b) return null;
  if (a.kabkota_code !== b.kabkota_code)
    throw new UserError("Dua skenario yang dibandingkan harus dari kota yang sama.");
  const areas = await queryRows<ScenarioComparison["areas"][number]>(
    ctx.db,
    sql`SELECT coalesce(x.kelurahan_code, y.kelurahan_code) AS code,
               count(x.household_id)::int AS in_a, count(y.household_id)::int AS in_b,
               count(*) FILTER (WHERE x.household_id IS NOT NULL AND y.household_id IS NOT NULL)::int AS both,
               count(*) FILTER (WHERE y.household_id IS NULL)::int AS lost,
               count(*) FILTER (WHERE x.household_id IS NULL)::int AS gained
        FROM (SELECT * FROM target_scenario_household WHERE kabkota_code = ${a.kabkota_code} AND scenario_id = ${a.id}) x
        FULL JOIN (SELECT * FROM target_scenario_household WHERE kabkota_code = ${b.kabkota_code} AND scenario_id = ${b.id}) y
          ON y.household_id = x.household_id
        GROUP BY 1 ORDER BY coalesce(x.kelurahan_code, y.kelurahan_code) COLLATE "C" NULLS LAST`,
  );
  const side = (row: ScenarioRow) => ({
    id: row.id,
    name: row.name,
    selected: row.figures.selected,
    cost: row.figures.cost,
    candidates: row.figures.candidates,
  });
  return { a: side(a), b: side(b), both: areas.reduce((sum, area) => sum + area.both, 0), areas };
}
