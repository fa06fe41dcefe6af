import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, numeric, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

import { nikCheck, receiptMatchMethod } from "./enums";
import { program } from "./program";

/**
 * One row of a program's recipient list (BNBA) for one period, as given, plus what it matched
 * in the register. A receipt with an invalid or unknown NIK is a fact about the list and is kept.
 */
export const aidReceipt = pgTable(
  "aid_receipt",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    programCode: text("program_code")
      .notNull()
      .references(() => program.code, { onDelete: "restrict" }),
    /** Month paid, `YYYY-MM`. */
    period: text("period").notNull(),
    nik: text("nik"),
    nikCheck: nikCheck("nik_check").notNull().default("missing"),
    noKk: text("no_kk"),
    name: text("name"),
    /** Where the list gives them: they let record linkage tell two people of one name apart. */
    birthDate: date("birth_date"),
    rt: text("rt"),
    amount: bigint("amount", { mode: "number" }),
    /** The kelurahan the list names; attributes a receipt that matches no household. */
    kelurahanCode: text("kelurahan_code"),
    importBatchId: bigint("import_batch_id", { mode: "number" }).notNull(),
    sourceFile: text("source_file").notNull(),
    sourceRow: integer("source_row").notNull(),
    matchedHouseholdId: bigint("matched_household_id", { mode: "number" }),
    matchedPersonId: bigint("matched_person_id", { mode: "number" }),
    matchMethod: receiptMatchMethod("match_method"),
    /** Record linkage (lib/linkage): the score of the link, and the linked pair's fingerprint. */
    matchScore: numeric("match_score", { precision: 4, scale: 3 }),
    linkFingerprint: uuid("link_fingerprint"),
    /** The receipt's identity as linkage sees it (its NIK, No. KK, name, birth date and place): one per person listed, not per month. */
    linkKey: text("link_key"),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("aid_receipt_program_period_idx").on(t.kabkotaCode, t.programCode, t.period),
    // Analysis windows read a span of periods across every program.
    index("aid_receipt_period_idx").on(t.kabkotaCode, t.period),
    index("aid_receipt_household_idx").on(t.kabkotaCode, t.matchedHouseholdId),
    // The receipts no household claims, by the kelurahan the list names: a carried-forward month
    // recounts the kelurahan a register change touched (lib/analytics/coverage-cache.ts).
    index("aid_receipt_unmatched_kelurahan_idx")
      .on(t.kabkotaCode, t.kelurahanCode)
      .where(sql`${t.matchedHouseholdId} IS NULL`),
    index("aid_receipt_nik_idx").on(t.nik),
    index("aid_receipt_no_kk_idx").on(t.noKk),
    index("aid_receipt_batch_idx").on(t.kabkotaCode, t.importBatchId),
    check("aid_receipt_period_format", sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    index("aid_receipt_link_key_idx").on(t.kabkotaCode, t.linkKey),
    // A name alone is enough since linkage finds persons by it (lib/linkage).
    check("aid_receipt_has_key", sql`${t.nik} IS NOT NULL OR ${t.noKk} IS NOT NULL OR ${t.name} IS NOT NULL`),
  ],
);
