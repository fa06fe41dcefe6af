import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { importKind, importStatus } from "./enums";

/** One file brought in: boundaries, a DTKS export or a recipient list. */
export const importBatch = pgTable(
  "import_batch",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kabkotaCode: text("kabkota_code"),
    kind: importKind("kind").notNull(),
    fileName: text("file_name").notNull(),
    fileSha256: text("file_sha256").notNull(),
    programCode: text("program_code"),
    period: text("period"),
    status: importStatus("status").notNull().default("berjalan"),
    rowsTotal: integer("rows_total").notNull().default(0),
    rowsAccepted: integer("rows_accepted").notNull().default(0),
    rowsRejected: integer("rows_rejected").notNull().default(0),
    /** Summary in Bahasa Indonesia shown to the operator (why refused, what was repaired). */
    message: text("message"),
    details: jsonb("details"),
    createdBy: bigint("created_by", { mode: "number" }),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("import_batch_kind_idx").on(t.kind, t.startedAt),
    // The same file lands once: a second import of it is recognised and changes nothing.
    // (NULL program or period count as equal here; boundary files may be imported again on purpose.)
    uniqueIndex("import_batch_file_once")
      .on(t.kind, t.fileSha256, sql`coalesce(${t.programCode}, '')`, sql`coalesce(${t.period}, '')`)
      .where(sql`${t.status} = 'selesai' AND ${t.kind} <> 'boundaries'`),
  ],
);

/** A row an import refused, kept whole with its number and the reason, so nothing is lost. */
export const importRejection = pgTable(
  "import_rejection",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    importBatchId: bigint("import_batch_id", { mode: "number" }).notNull(),
    rowNumber: integer("row_number").notNull(),
    field: text("field"),
    reason: text("reason").notNull(),
    raw: jsonb("raw").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("import_rejection_batch_idx").on(t.importBatchId, t.rowNumber),
  ],
);
