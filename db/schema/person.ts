import { sql } from "drizzle-orm";
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
    /** The name as record linkage compares it (`tepat_name_key`, lib/linkage). */
    nameKey: text("name_key").generatedAlwaysAs(sql`tepat_name_key(name)`),
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
    // Record linkage of a few identities (a decision, a short list) reaches the persons of a
    // similar name key, or of a birth day, through these (lib/linkage).
    index("person_name_key_trgm").using("gin", t.nameKey.op("gin_trgm_ops")),
    index("person_birth_date_idx").on(t.kabkotaCode, t.birthDate),
  ],
);
