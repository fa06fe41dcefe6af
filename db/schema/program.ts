import { sql } from "drizzle-orm";
import { boolean, check, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

import { programLevel, programUnit } from "./enums";

/** An aid program. National programs are reference data inserted by a migration. */
export const program = pgTable(
  "program",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    level: programLevel("level").notNull(),
    unit: programUnit("unit").notNull(),
    /** Highest desil the program targets (PKH 4, Sembako and PBI-JK 5); null when it has no desil rule. */
    maxDesil: smallint("max_desil"),
    /** Set for a provinsi or kabkota program: the area that runs it. */
    ownerAreaCode: text("owner_area_code"),
    description: text("description"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("program_code_format", sql`${t.code} ~ '^[A-Z0-9][A-Z0-9-]*$'`),
    check("program_max_desil_range", sql`${t.maxDesil} IS NULL OR ${t.maxDesil} BETWEEN 1 AND 10`),
  ],
);

/** Other names a recipient list may use for a program (SEMBAKO for BPNT). */
export const programAlias = pgTable("program_alias", {
  alias: text("alias").primaryKey(),
  programCode: text("program_code")
    .notNull()
    .references(() => program.code, { onDelete: "cascade" }),
});

/**
 * Two programs a household should not receive together within one analysis window. The pair is
 * unordered: a rule is stored once, with the codes in alphabetical order.
 */
export const programExclusion = pgTable(
  "program_exclusion",
  {
    programCode: text("program_code")
      .notNull()
      .references(() => program.code, { onDelete: "cascade" }),
    excludedProgramCode: text("excluded_program_code")
      .notNull()
      .references(() => program.code, { onDelete: "cascade" }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programCode, t.excludedProgramCode] }),
    check("program_exclusion_ordered_pair", sql`${t.programCode} < ${t.excludedProgramCode}`),
  ],
);

/**
 * Two programs meant to be received together (pelengkap): the intended package, such as PKH with
 * BPNT/Sembako, or PBI-JK with any program. A household receiving a pair neither allowed here
 * nor forbidden (program_exclusion) is stacked; a pair is in at most one of the two tables. The
 * pair is unordered: stored once, with the codes in alphabetical order.
 */
export const programComplement = pgTable(
  "program_complement",
  {
    programCode: text("program_code")
      .notNull()
      .references(() => program.code, { onDelete: "cascade" }),
    complementProgramCode: text("complement_program_code")
      .notNull()
      .references(() => program.code, { onDelete: "cascade" }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.programCode, t.complementProgramCode] }),
    check("program_complement_ordered_pair", sql`${t.programCode} < ${t.complementProgramCode}`),
  ],
);
