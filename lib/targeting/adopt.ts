import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, inScope, recordAudit } from "@/lib/access";
import { PERIOD_PATTERN } from "@/lib/analytics";
import { kabkotaCodeOf } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { csvDownload, writeXlsx } from "@/lib/exports";
import { todayInWita } from "@/lib/format";
import { RECIPIENT_COLUMNS, TEXT_COLUMNS, type RecipientColumn } from "@/lib/imports";
import { maskIdNumber } from "@/lib/nik";

import { getScenario, type SavedScenario } from "./saved";

/** The kabupaten/kota a saved scenario's rows are keyed by: its area's. */
const cityOf = (scenario: SavedScenario) => kabkotaCodeOf(scenario.scenario.area)!;

/**
 * Adopts a saved scenario (admin, Dinas Sosial): its list is the one to pay. Another adopted
 * scenario of the same program and city is retired, so each program has one list at a time.
 */
export async function adoptScenario({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<SavedScenario | null> {
  assertCan(ctx.actor, "target_lists");
  const scenario = await getScenario({ ctx, input });
  if (!scenario) return null;
  if (scenario.adopted_at) throw new UserError(`Skenario #${scenario.id} sudah ditetapkan.`);
  if (scenario.retired_at) throw new UserError(`Skenario #${scenario.id} sudah diganti skenario lain.`);
  const userId = ctx.actor.kind === "user" ? ctx.actor.userId : null;
  await ctx.db.transaction(async (tx) => {
    const retired = await queryRows<{ id: number }>(
      tx,
      sql`UPDATE target_scenario SET retired_at = now()
          WHERE kabkota_code = ${cityOf(scenario)} AND program_code = ${scenario.scenario.program}
            AND adopted_at IS NOT NULL AND retired_at IS NULL
          RETURNING id::int AS id`,
    );
    await tx.execute(
      sql`UPDATE target_scenario SET adopted_at = now(), adopted_by = ${userId}
          WHERE kabkota_code = ${cityOf(scenario)} AND id = ${scenario.id}`,
    );
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "scenario_adopt",
        entity: "target_scenario",
        entityId: scenario.id,
        areaCode: scenario.scenario.area,
        detail: {
          program: scenario.scenario.program,
          households: scenario.figures.selected,
          retired: retired.map((r) => r.id),
        },
      },
    );
  });
  return getScenario({ ctx, input });
}

export interface ScenarioHousehold {
  rank: number;
  dtks_id: string;
  kelurahan_code: string | null;
  rt_code: string | null;
  desil: number;
}

/** A saved scenario's households in selection order (admin, Dinas Sosial; each read logged); null outside scope. */
export async function scenarioHouseholds({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<{ id: number; households: ScenarioHousehold[] } | null> {
  assertCan(ctx.actor, "target_lists");
  const scenario = await getScenario({ ctx, input });
  if (!scenario) return null;
  const households = await queryRows<ScenarioHousehold>(
    ctx.db,
    sql`SELECT x.rank, h.dtks_id, x.kelurahan_code, x.rt_code, x.desil::int AS desil
        FROM target_scenario_household x
        JOIN household h ON h.kabkota_code = x.kabkota_code AND h.id = x.household_id
        WHERE x.kabkota_code = ${cityOf(scenario)} AND x.scenario_id = ${scenario.id}
        ORDER BY x.rank`,
  );
  await recordAudit(ctx, {
    action: "scenario_households",
    entity: "target_scenario",
    entityId: scenario.id,
    areaCode: scenario.scenario.area,
    detail: { households: households.length },
  });
  return { id: scenario.id, households };
}

/** The columns of the recipient list an adopted scenario exports: the recipient import's, then its own. */
const LIST_COLUMNS = [
  ...(Object.keys(RECIPIENT_COLUMNS) as RecipientColumn[]),
  "id_dtks",
  "peringkat",
  "desil",
] as const;
type ListColumn = (typeof LIST_COLUMNS)[number];

export const scenarioExportParams = z.object({
  format: z.enum(["csv", "xlsx"], { error: "format harus csv atau xlsx" }).default("xlsx"),
  periode: z.string().regex(PERIOD_PATTERN, { error: "periode harus YYYY-MM, misalnya 2026-01" }).optional(),
});

/**
 * An adopted scenario's list as a recipient list in Tepat's import format (one row per household:
 * its head, else its first living member), ready to become the BNBA: `program`, the month paid
 * (`periode`, this month in WITA by default) and, for a budget quota, the monthly amount. NIK and
 * No. KK are masked, and the birth date left out, unless `fullNik` says why they are needed; every
 * export is logged.
 */
export async function exportScenarioList({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number; format: "csv" | "xlsx"; periode?: string; fullNik?: { reason: string } };
}): Promise<{ body: Uint8Array; contentType: string; fileName: string; rows: number } | null> {
  assertCan(ctx.actor, "target_lists");
  const scenario = await getScenario({ ctx, input });
  if (!scenario) return null;
  if (!scenario.adopted_at)
    throw new UserError("Hanya skenario yang sudah ditetapkan yang dapat diekspor sebagai daftar penerima.");
  const periode = input.periode ?? todayInWita().slice(0, 7);
  const amount = "amount_per_month" in scenario.scenario.quota ? scenario.scenario.quota.amount_per_month : null;
  const rows = await queryRows<Record<ListColumn, string | number | null>>(
    ctx.db,
    sql`SELECT p.nik, h.no_kk, p.name AS nama, ${scenario.scenario.program} AS program, ${periode} AS periode,
               ${amount}::bigint AS nominal, h.effective_kelurahan_code AS kode_kelurahan,
               p.birth_date::text AS tgl_lahir, h.rt, h.dtks_id AS id_dtks, x.rank AS peringkat, x.desil::int AS desil
        FROM target_scenario_household x
        JOIN household h ON h.kabkota_code = x.kabkota_code AND h.id = x.household_id
        LEFT JOIN LATERAL (
          SELECT m.nik, m.name, m.birth_date FROM person m
          WHERE m.kabkota_code = h.kabkota_code AND m.household_id = h.id AND m.death_date IS NULL
          ORDER BY (m.relation = 'kepala keluarga') DESC, m.id LIMIT 1
        ) p ON true
        WHERE x.kabkota_code = ${cityOf(scenario)} AND x.scenario_id = ${scenario.id}
        ORDER BY x.rank`,
  );
  const cells = rows.map((row) =>
    LIST_COLUMNS.map((column) =>
      input.fullNik
        ? row[column]
        : column === "nik" || column === "no_kk"
          ? maskIdNumber(row[column] as string | null)
          : column === "tgl_lahir"
            ? null
            : row[column],
    ),
  );
  await recordAudit(ctx, {
    action: "scenario_export",
    entity: "target_scenario",
    entityId: scenario.id,
    areaCode: scenario.scenario.area,
    detail: {
      format: input.format,
      full_nik: Boolean(input.fullNik),
      reason: input.fullNik?.reason ?? null,
      periode,
      rows: rows.length,
    },
  });
  const fileName = `penerima-${scenario.scenario.program.toLowerCase()}-skenario-${scenario.id}-${periode}${input.fullNik ? "" : "-tersamar"}.${input.format}`;
  const table = [[...LIST_COLUMNS], ...cells];
  if (input.format === "csv")
    return { body: csvDownload(table), contentType: "text/csv; charset=utf-8", fileName, rows: rows.length };
  return {
    body: writeXlsx({
      name: "Daftar penerima",
      rows: table,
      textColumns: new Set(LIST_COLUMNS.flatMap((column, i) => (TEXT_COLUMNS.has(column) ? [i] : []))),
    }),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName,
    rows: rows.length,
  };
}

export interface PaidFollowing {
  /** The months read: from the month of adoption (WITA) to the latest held. */
  from: string;
  to: string | null;
  /** Households of the list paid the program in those months. */
  listed_paid: number;
  listed: number;
  /** Households paid the program in those months that are not on the list. */
  paid_outside: number;
  /** Receipts of the program in those months that matched no household. */
  unmatched_receipts: number;
}

/** How far the program's paid lists since adoption followed an adopted scenario's list. */
export async function paidFollowing({
  ctx,
  scenario,
}: {
  ctx: Context;
  scenario: SavedScenario;
}): Promise<PaidFollowing | null> {
  if (!scenario.adopted_at || !inScope(ctx.actor, scenario.scenario.area)) return null;
  const kabkota = cityOf(scenario);
  const [row] = await queryRows<PaidFollowing>(
    ctx.db,
    sql`WITH since AS (SELECT to_char(${scenario.adopted_at}::timestamptz AT TIME ZONE 'Asia/Makassar', 'YYYY-MM') AS month),
        paid AS (
          SELECT r.matched_household_id AS household_id, r.period
          FROM aid_receipt r, since
          WHERE r.kabkota_code = ${kabkota} AND r.program_code = ${scenario.scenario.program} AND r.period >= since.month
        ),
        listed AS (SELECT household_id FROM target_scenario_household WHERE kabkota_code = ${kabkota} AND scenario_id = ${scenario.id})
        SELECT (SELECT month FROM since) AS "from", (SELECT max(period) FROM paid) AS "to",
               (SELECT count(*)::int FROM listed l WHERE EXISTS (SELECT 1 FROM paid p WHERE p.household_id = l.household_id)) AS listed_paid,
               (SELECT count(*)::int FROM listed) AS listed,
               (SELECT count(DISTINCT p.household_id)::int FROM paid p
                 WHERE p.household_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM listed l WHERE l.household_id = p.household_id)) AS paid_outside,
               (SELECT count(*)::int FROM paid WHERE household_id IS NULL) AS unmatched_receipts`,
  );
  return row ?? null;
}

/** A saved scenario with, once adopted, how far the paid lists followed it. */
export async function scenarioDetail({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<(SavedScenario & { following: PaidFollowing | null }) | null> {
  const scenario = await getScenario({ ctx, input });
  if (!scenario) return null;
  return { ...scenario, following: await paidFollowing({ ctx, scenario }) };
}
