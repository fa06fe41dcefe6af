import { bigint, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A saved scenario of a city program's recipients (lib/targeting): its parameters with every
 * default filled in, the data version it was computed at and its figures. Immutable: computing
 * again makes a new one (`based_on_id`). An adopted scenario's list is the one to pay; adopting
 * another of the same program retires it.
 */
export const targetScenario = pgTable(
  "target_scenario",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    programCode: text("program_code").notNull(),
    areaCode: text("area_code").notNull(),
    params: jsonb("params").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    /** The result's figures, without its households (those are target_scenario_household). */
    figures: jsonb("figures").notNull(),
    basedOnId: bigint("based_on_id", { mode: "number" }),
    createdBy: bigint("created_by", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    adoptedAt: timestamp("adopted_at", { withTimezone: true }),
    adoptedBy: bigint("adopted_by", { mode: "number" }),
    retiredAt: timestamp("retired_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("target_scenario_program_idx").on(t.kabkotaCode, t.programCode),
  ],
);

/** The households a saved scenario selected, in selection order: what comparison and the recipient list read. */
export const targetScenarioHousehold = pgTable(
  "target_scenario_household",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    scenarioId: bigint("scenario_id", { mode: "number" }).notNull(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    rank: integer("rank").notNull(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    desil: smallint("desil").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.scenarioId, t.householdId] }),
    index("target_scenario_household_rank_idx").on(t.kabkotaCode, t.scenarioId, t.rank),
  ],
);
