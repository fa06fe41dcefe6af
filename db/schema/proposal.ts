import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

import { nonaktifReason, proposalKind, proposalStatus } from "./enums";

/**
 * A request flowing RT → kelurahan operator → Dinas Sosial: a new household (usulan baru), a
 * deactivation with its reason, or a change. `payload` holds the proposed household and members.
 */
export const proposal = pgTable(
  "proposal",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    kind: proposalKind("kind").notNull(),
    status: proposalStatus("status").notNull().default("diajukan"),
    householdId: bigint("household_id", { mode: "number" }),
    kelurahanCode: text("kelurahan_code").notNull(),
    rtCode: text("rt_code"),
    nonaktifReason: nonaktifReason("nonaktif_reason"),
    payload: jsonb("payload"),
    note: text("note"),
    submittedBy: bigint("submitted_by", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("proposal_kelurahan_status_idx").on(t.kabkotaCode, t.kelurahanCode, t.status),
  ],
);

export const proposalHistory = pgTable(
  "proposal_history",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    proposalId: bigint("proposal_id", { mode: "number" }).notNull(),
    status: proposalStatus("status").notNull(),
    changedBy: bigint("changed_by", { mode: "number" }),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("proposal_history_proposal_idx").on(t.kabkotaCode, t.proposalId),
  ],
);
