import { bigint, boolean, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

import { area } from "./area";
import { userRole } from "./enums";

export const appUser = pgTable("app_user", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  username: text("username").notNull().unique(),
  displayName: text("display_name"),
  passwordHash: text("password_hash").notNull(),
  role: userRole("role").notNull(),
  active: boolean("active").notNull().default(true),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The areas a non-admin account answers for; everything below them is in its scope. */
export const userArea = pgTable(
  "user_area",
  {
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => appUser.id, { onDelete: "cascade" }),
    areaCode: text("area_code")
      .notNull()
      .references(() => area.code, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.areaCode] })],
);

/** A login session; the cookie carries a random token, the table only its SHA-256. */
export const session = pgTable(
  "session",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: bigint("user_id", { mode: "number" })
      .notNull()
      .references(() => appUser.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Last request on the session, touched at most once a minute; idle past `session_idle_minutes` ends it. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("session_user_idx").on(t.userId)],
);
