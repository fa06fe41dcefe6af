import { bigint, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Append-only record of who did what. A trigger (migration 0002) refuses UPDATE and DELETE,
 * so not even a bug in the app can rewrite it.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    kabkotaCode: text("kabkota_code"),
    userId: bigint("user_id", { mode: "number" }),
    username: text("username"),
    action: text("action").notNull(),
    entity: text("entity"),
    entityId: text("entity_id"),
    areaCode: text("area_code"),
    oldValue: jsonb("old_value"),
    newValue: jsonb("new_value"),
    detail: jsonb("detail"),
    ip: text("ip"),
  },
  (t) => [index("audit_log_at_idx").on(t.at), index("audit_log_action_idx").on(t.action, t.at)],
);
