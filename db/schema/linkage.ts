import { bigint, index, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

import { linkageKind, linkageState } from "./enums";

/**
 * A pair record linkage found (lib/linkage): a receipt's identity and a register person it may
 * be (`penerima`), or two register persons in different households who may be one (`ganda`).
 * Known by the fingerprint of the two records as they stood (an MD5, written as a UUID so that no
 * run of its digits ever looks like a NIK), so a decision outlives re-imports:
 * the same two records are never asked about again, and a changed record is a new pair.
 * `menunggu` rows are the review queue, found again by each linkage run; decided rows stay.
 */
export const linkagePair = pgTable(
  "linkage_pair",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    fingerprint: uuid("fingerprint").notNull(),
    kind: linkageKind("kind").notNull(),
    /** `penerima`: the receipts' identity (aid_receipt.link_key) and one of them to show. */
    receiptKey: text("receipt_key"),
    receiptId: bigint("receipt_id", { mode: "number" }),
    /** How many receipts carry that identity when the pair was last found. */
    receipts: integer("receipts").notNull().default(0),
    personId: bigint("person_id", { mode: "number" }).notNull(),
    /** `ganda`: the second register person. */
    otherPersonId: bigint("other_person_id", { mode: "number" }),
    /** In 0–1, kept to three decimals as it is shown. */
    score: numeric("score", { precision: 4, scale: 3 }).notNull(),
    /** The kelurahan each side belongs to, for the queue's scope. */
    kelurahanCode: text("kelurahan_code"),
    otherKelurahanCode: text("other_kelurahan_code"),
    state: linkageState("state").notNull().default("menunggu"),
    note: text("note"),
    decidedBy: bigint("decided_by", { mode: "number" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    foundAt: timestamp("found_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.fingerprint] }),
    index("linkage_pair_state_idx").on(t.kabkotaCode, t.state, t.kind),
    index("linkage_pair_receipt_key_idx").on(t.kabkotaCode, t.receiptKey),
  ],
);
