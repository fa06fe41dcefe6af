import { bigint, index, integer, numeric, pgTable, primaryKey, real, text, timestamp, uuid } from "drizzle-orm/pg-core";

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

/**
 * Record linkage's name blocking, kept between runs (lib/linkage/name-blocks.ts): a month's list
 * repeats last month's names, and finding each one's similar register names was a trigram lookup
 * per name (0.66 ms among 26,000 names at 42k households). Every register name key a run has met,
 * with the run that met it (`seen`, rising; met anew after it was forgotten): a name met later is compared afresh with each
 * listed name whose pairs are complete only through an earlier run. A name no person bears any
 * longer is removed with its pairs when a run reads the whole register (name keys are personal
 * data); met again, it is compared afresh.
 */
export const linkageRegisterName = pgTable(
  "linkage_register_name",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    nameKey: text("name_key").notNull(),
    seen: integer("seen").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.nameKey] }),
    // Without fastupdate: a run's lookups follow its own inserts, and a pending list is read whole
    // on every lookup until it is merged.
    index("linkage_register_name_trgm").using("gin", t.nameKey.op("gin_trgm_ops")).with({ fastupdate: false }),
  ],
);

/**
 * A name key of the recipient lists whose similar register names are kept in `linkage_name_pair`:
 * complete for every register name `seen` up to `seenThrough`, at trigram similarity `blocking`
 * and above (a lower blocking later asks for the name afresh).
 */
export const linkageListedName = pgTable(
  "linkage_listed_name",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    nameKey: text("name_key").notNull(),
    blocking: real("blocking").notNull(),
    seenThrough: integer("seen_through").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kabkotaCode, t.nameKey] })],
);

/** A listed name key and a register name key at least `blocking` alike, with their trigram similarity. */
export const linkageNamePair = pgTable(
  "linkage_name_pair",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    listedKey: text("listed_key").notNull(),
    registerKey: text("register_key").notNull(),
    similarity: real("similarity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.listedKey, t.registerKey] }),
    // A register name no person bears any longer is forgotten with its pairs (name-blocks.ts).
    index("linkage_name_pair_register_key_idx").on(t.kabkotaCode, t.registerKey),
  ],
);
