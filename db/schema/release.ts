import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import { householdStatus, importKind, vervalStatus } from "./enums";

/**
 * A DTSEN (DTKS) release as the city received it: "2025-Q3", with the date BPS published it.
 * A DTKS import may name its release; the register as it stood after that import is kept per
 * household in `dtks_release_household`.
 */
export const dtksRelease = pgTable(
  "dtks_release",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    releaseDate: date("release_date").notNull(),
    importBatchId: bigint("import_batch_id", { mode: "number" }),
    households: integer("households").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    uniqueIndex("dtks_release_name_key").on(t.kabkotaCode, t.name),
    index("dtks_release_date_idx").on(t.kabkotaCode, t.releaseDate),
  ],
);

/**
 * One household as a release lists it: the few fields its desil, eligibility and place are read
 * from, and its living members by count, so any release can be counted without a copy of the
 * register. Eligibility is not stored: it follows today's rule (the eligible desil, each
 * program's desil) for every release alike, so two releases compare like with like. A household
 * the release does not list is "keluar" for it.
 */
export const dtksReleaseHousehold = pgTable(
  "dtks_release_household",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    releaseId: bigint("release_id", { mode: "number" }).notNull(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    desil: smallint("desil"),
    status: householdStatus("status").notNull(),
    vervalStatus: vervalStatus("verval_status").notNull(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    members: smallint("members").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.releaseId, t.householdId] }),
    index("dtks_release_household_household_idx").on(t.kabkotaCode, t.householdId),
    check("dtks_release_household_desil_range", sql`${t.desil} IS NULL OR ${t.desil} BETWEEN 1 AND 10`),
  ],
);

/**
 * A named column mapping of one import kind ("DTSEN Kemensos", "Dinsos Provinsi"): which of the
 * file's headers holds each column of the format, saved on the upload page and reused there and
 * from the CLI (`--preset NAME`).
 */
export const importPreset = pgTable(
  "import_preset",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: importKind("kind").notNull(),
    name: text("name").notNull(),
    /** The format's column → the file's header. */
    columns: jsonb("columns").$type<Record<string, string>>().notNull(),
    updatedBy: bigint("updated_by", { mode: "number" }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("import_preset_name_key").on(t.kind, t.name)],
);
