import { sql } from "drizzle-orm";
import { bigint, check, date, jsonb, pgTable, primaryKey, smallint, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A kelurahan's scorecard figures as they stood on a day (lib/scorecard): kept once a day when the
 * scorecard is first read, so each figure can show its change since a month earlier.
 */
export const scorecardSnapshot = pgTable(
  "scorecard_snapshot",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    areaCode: text("area_code").notNull(),
    /** The day in WITA. */
    takenOn: date("taken_on").notNull(),
    /** Figure key → value (lib/scorecard SCORECARD_FIGURES), null where the figure has none. */
    figures: jsonb("figures").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kabkotaCode, t.areaCode, t.takenOn] })],
);

/**
 * Moves forward once per writing statement to what the scorecard's open suggestions read beyond
 * the data version (proposals, dismissals, linkage decisions, civil registry events), by triggers
 * (migration 0029): with the data version, the key of the scorecard's cached counts.
 */
export const vervalVersion = pgTable(
  "verval_version",
  {
    id: smallint("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull().default(0),
  },
  (t) => [check("verval_version_one_row", sql`${t.id} = 1`)],
);
