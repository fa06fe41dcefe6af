import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

import { point } from "../postgis";
import { bytea } from "./columns";
import { civilEvent, nationalCheck, nonaktifReason, proposalKind, proposalState } from "./enums";

/**
 * A verval proposal flowing RT → kelurahan operator → lurah → Dinas Sosial (lib/verval).
 * `change` holds what the register should become (kind-specific, validated in lib/verval);
 * `base` the household as it was when drafted, so an apply over newer data is refused.
 */
export const proposal = pgTable(
  "proposal",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    kind: proposalKind("kind").notNull(),
    state: proposalState("state").notNull().default("draf"),
    /** Null for `baru` until it is applied. */
    householdId: bigint("household_id", { mode: "number" }),
    kelurahanCode: text("kelurahan_code").notNull(),
    rtCode: text("rt_code"),
    reason: nonaktifReason("reason"),
    change: jsonb("change").notNull(),
    base: jsonb("base"),
    /** The RT's recommendation: RW/RT, the RT head's name and the date. */
    rtRw: text("rt_rw"),
    rtNumber: text("rt_number"),
    rtHeadName: text("rt_head_name"),
    rtRecommendedOn: date("rt_recommended_on"),
    geotag: point("geotag"),
    note: text("note"),
    /** The suggestion it came from (lib/verval/suggestions), so that suggestion is no longer offered. */
    suggestionKey: text("suggestion_key"),
    /** The musyawarah kelurahan that discussed it; a `baru` proposal needs one before the lurah approves it. */
    muskelId: bigint("muskel_id", { mode: "number" }),
    /** Set for applied proposals by each later DTKS/DTSEN import covering their kelurahan (lib/verval/national.ts). */
    nationalCheck: nationalCheck("national_check"),
    nationalDifferences: jsonb("national_differences"),
    nationalBatchId: bigint("national_batch_id", { mode: "number" }),
    nationalCheckedAt: timestamp("national_checked_at", { withTimezone: true }),
    authorId: bigint("author_id", { mode: "number" }).notNull(),
    stateChangedAt: timestamp("state_changed_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("proposal_kelurahan_state_idx").on(t.kabkotaCode, t.kelurahanCode, t.state),
    index("proposal_household_idx").on(t.kabkotaCode, t.householdId),
    index("proposal_suggestion_idx").on(t.kabkotaCode, t.suggestionKey),
    index("proposal_muskel_idx").on(t.kabkotaCode, t.muskelId),
  ],
);

/** Every transition of a proposal: who, when, from which state, with which note. */
export const proposalHistory = pgTable(
  "proposal_history",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    proposalId: bigint("proposal_id", { mode: "number" }).notNull(),
    action: text("action").notNull(),
    fromState: proposalState("from_state"),
    toState: proposalState("to_state").notNull(),
    actorId: bigint("actor_id", { mode: "number" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    note: text("note"),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("proposal_history_proposal_idx").on(t.kabkotaCode, t.proposalId),
  ],
);

/** Evidence photos, EXIF stripped (lib/verval/photo), kept in the database so both engines carry them. */
export const proposalPhoto = pgTable(
  "proposal_photo",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    proposalId: bigint("proposal_id", { mode: "number" }).notNull(),
    kind: text("kind").notNull(),
    mime: text("mime").notNull(),
    bytes: bytea("bytes").notNull(),
    size: integer("size").notNull(),
    uploadedBy: bigint("uploaded_by", { mode: "number" }),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("proposal_photo_proposal_idx").on(t.kabkotaCode, t.proposalId),
  ],
);

/** A suggestion dismissed with its reason: the same fact is never suggested again. */
export const suggestionDismissal = pgTable(
  "suggestion_dismissal",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    factKey: text("fact_key").notNull(),
    kelurahanCode: text("kelurahan_code"),
    reason: text("reason").notNull(),
    dismissedBy: bigint("dismissed_by", { mode: "number" }),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kabkotaCode, t.factKey] })],
);

/** A musyawarah kelurahan: the meeting that agreed on proposals, with its attendance and berita acara (PDF). */
export const muskel = pgTable(
  "muskel",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    kelurahanCode: text("kelurahan_code").notNull(),
    heldOn: date("held_on").notNull(),
    attendance: integer("attendance").notNull(),
    /** Who attended, as the berita acara lists them (optional free text). */
    attendees: text("attendees"),
    minutesFileName: text("minutes_file_name").notNull(),
    minutes: bytea("minutes").notNull(),
    minutesSize: integer("minutes_size").notNull(),
    createdBy: bigint("created_by", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    index("muskel_kelurahan_idx").on(t.kabkotaCode, t.kelurahanCode, t.heldOn),
  ],
);

/**
 * A death or a move from a Dukcapil event list, kept once per fact (NIK, event, date) however
 * often a list carrying it is imported; matched to the register by NIK when suggestions are made.
 */
export const civilRegistryEvent = pgTable(
  "civil_registry_event",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    id: bigint("id", { mode: "number" }).generatedAlwaysAsIdentity(),
    importBatchId: bigint("import_batch_id", { mode: "number" }).notNull(),
    sourceRow: integer("source_row").notNull(),
    nik: text("nik").notNull(),
    name: text("name"),
    event: civilEvent("event").notNull(),
    eventDate: date("event_date").notNull(),
    destination: text("destination"),
  },
  (t) => [
    primaryKey({ columns: [t.kabkotaCode, t.id] }),
    uniqueIndex("civil_registry_event_fact").on(t.kabkotaCode, t.nik, t.event, t.eventDate),
  ],
);
