import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import { point } from "../postgis";
import { householdStatus, locationStatus, nikCheck, nonaktifReason, vervalStatus } from "./enums";

/**
 * A DTKS household (one family card). Distributed by `kabkota_code` under Citus, so every key
 * and unique constraint starts with it.
 *
 * Declared codes come from the register; `spatial*` codes from the spatial join of `geotag`;
 * `effective*` codes are what analytics attributes by: spatial when the geotag lies in a
 * polygon, else declared.
 */
export const household = pgTable(
  "household",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    dtksId: text("dtks_id").notNull(),
    noKk: text("no_kk"),
    noKkCheck: nikCheck("no_kk_check").notNull().default("missing"),
    address: text("address"),
    declaredKelurahanCode: text("declared_kelurahan_code"),
    declaredRtCode: text("declared_rt_code"),
    rw: text("rw"),
    rt: text("rt"),
    geotag: point("geotag"),
    desil: smallint("desil"),
    status: householdStatus("status").notNull().default("aktif"),
    nonaktifReason: nonaktifReason("nonaktif_reason"),
    vervalStatus: vervalStatus("verval_status").notNull().default("belum"),
    vervalDate: date("verval_date"),
    spatialKelurahanCode: text("spatial_kelurahan_code"),
    spatialRtCode: text("spatial_rt_code"),
    effectiveKelurahanCode: text("effective_kelurahan_code"),
    effectiveRtCode: text("effective_rt_code"),
    locationStatus: locationStatus("location_status").notNull().default("tanpa_geotag"),
    importBatchId: bigint("import_batch_id", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    uniqueIndex("household_dtks_id_key").on(t.kabkotaCode, t.dtksId),
    index("household_no_kk_idx").on(t.kabkotaCode, t.noKk),
    index("household_effective_kelurahan_idx").on(t.kabkotaCode, t.effectiveKelurahanCode),
    index("household_effective_rt_idx").on(t.kabkotaCode, t.effectiveRtCode),
    index("household_geotag_gist").using("gist", t.geotag),
    index("household_import_batch_idx").on(t.importBatchId),
    check("household_desil_range", sql`${t.desil} IS NULL OR ${t.desil} BETWEEN 1 AND 10`),
    check(
      "household_nonaktif_has_reason",
      sql`(${t.status} = 'aktif' AND ${t.nonaktifReason} IS NULL) OR (${t.status} = 'nonaktif' AND ${t.nonaktifReason} IS NOT NULL)`,
    ),
  ],
);

/** One row per change of a household's register fields, for its status history. */
export const householdHistory = pgTable(
  "household_history",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    importBatchId: bigint("import_batch_id", { mode: "number" }),
    /** The verval proposal that made the change, when one did (else the import batch). */
    proposalId: bigint("proposal_id", { mode: "number" }),
    /** The register fields before the change (status, reason, desil, verval, address, codes). */
    previous: jsonb("previous").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("household_history_household_idx").on(t.kabkotaCode, t.householdId),
  ],
);
