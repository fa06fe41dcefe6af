import { sql } from "drizzle-orm";
import {
  check,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

import { multiPolygon, point } from "../postgis";
import { areaLevel } from "./enums";

/**
 * Administrative areas from provinsi down to RT, keyed by Kemendagri code:
 * `64` provinsi, `64.72` kabkota, `64.72.05` kecamatan, `64.72.05.1004` kelurahan,
 * `64.72.05.1004.003.012` RT 12 of RW 3. Small and read everywhere: a Citus reference table.
 *
 * `geom` is the analysis geometry (spatial join, areas); `geomDisplay` a simplified copy for
 * maps and `labelPoint` a point guaranteed inside the area, both derived when geometry lands.
 */
export const area = pgTable(
  "area",
  {
    code: text("code").primaryKey(),
    level: areaLevel("level").notNull(),
    parentCode: text("parent_code").references((): AnyPgColumn => area.code, { onDelete: "restrict" }),
    kabkotaCode: text("kabkota_code"),
    name: text("name").notNull(),
    geom: multiPolygon("geom"),
    geomDisplay: multiPolygon("geom_display"),
    labelPoint: point("label_point"),
    areaKm2: doublePrecision("area_km2"),
    population: integer("population"),
    /** Where the row came from: `demo` for generated sample data, else the imported file's name. */
    source: text("source").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("area_geom_gist").using("gist", t.geom),
    index("area_parent_idx").on(t.parentCode),
    index("area_level_kabkota_idx").on(t.level, t.kabkotaCode),
    check(
      "area_code_format",
      sql`${t.code} ~ '^[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4}(\\.[0-9]{3}\\.[0-9]{3})?)?)?)?$'`,
    ),
    check("area_population_nonnegative", sql`${t.population} IS NULL OR ${t.population} >= 0`),
  ],
);
