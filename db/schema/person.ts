import { bigint, date, foreignKey, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

import { familyRelation, nikCheck, sex } from "./enums";
import { household } from "./household";

/** A member of a DTKS household. `nik` may be missing or invalid: `nikCheck` says which. */
export const person = pgTable(
  "person",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    nik: text("nik"),
    nikCheck: nikCheck("nik_check").notNull().default("missing"),
    name: text("name").notNull(),
    birthDate: date("birth_date"),
    sex: sex("sex"),
    relation: familyRelation("relation"),
    deathDate: date("death_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    foreignKey({
      name: "person_household_fk",
      columns: [t.kabkotaCode, t.householdId],
      foreignColumns: [household.kabkotaCode, household.id],
    }).onDelete("cascade"),
    index("person_household_idx").on(t.kabkotaCode, t.householdId),
    index("person_nik_idx").on(t.nik),
    index("person_name_trgm").using("gin", t.name.op("gin_trgm_ops")),
  ],
);
