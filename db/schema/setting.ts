import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Tunable rules kept as data: eligibility desil threshold, small-cell suppression k, … */
export const appSetting = pgTable("app_setting", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
