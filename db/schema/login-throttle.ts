import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Sign-in attempts counted per username (known or not, so a lock does not tell whether an
 * account exists) and per client address. An attempt is counted before its password is checked,
 * in one statement, so parallel attempts cannot check more passwords than the limit
 * (lib/access/throttle.ts). Rows whose window and lock have passed are deleted.
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    /** `akun` (a username as typed, lower case) or `alamat` (a client address). */
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    attempts: integer("attempts").notNull().default(0),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] }), index("login_throttle_window_idx").on(t.windowStart)],
);
