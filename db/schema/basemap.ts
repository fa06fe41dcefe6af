import { bigint, doublePrecision, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

import { bytea } from "./columns";

/**
 * The city's basemap (streets, water, places) as the PMTiles v3 file an admin installed
 * (lib/basemap), one per kabupaten/kota, served tile by tile by Tepat itself: nothing is fetched
 * from elsewhere at run time.
 */
export const basemap = pgTable("basemap", {
  kabkotaCode: text("kabkota_code").primaryKey(),
  fileName: text("file_name").notNull(),
  sha256: text("sha256").notNull(),
  sizeBytes: bigint("size_bytes", { mode: "number" }).notNull(),
  minZoom: smallint("min_zoom").notNull(),
  maxZoom: smallint("max_zoom").notNull(),
  west: doublePrecision("west").notNull(),
  south: doublePrecision("south").notNull(),
  east: doublePrecision("east").notNull(),
  north: doublePrecision("north").notNull(),
  bytes: bytea("bytes").notNull(),
  installedBy: text("installed_by").notNull(),
  installedAt: timestamp("installed_at", { withTimezone: true }).notNull().defaultNow(),
});
