import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  smallint,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

import { householdStatus } from "./enums";

/**
 * One counter that every write to the data analytics reads moves forward (statement triggers on
 * household, person, aid_receipt, area, program, program_exclusion and app_setting, migration
 * 0007); `currentDataVersion` (lib/analytics) reads it. Cached coverage counts carry the version
 * they were computed at, so a stale cache is never read, whichever code path wrote.
 */
export const dataVersion = pgTable(
  "data_version",
  {
    id: smallint("id").primaryKey().default(1),
    version: bigint("version", { mode: "number" }).notNull().default(0),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("data_version_one_row", sql`${t.id} = 1`)],
);

/**
 * What each writing statement to what analytics reads changed, at the data version it moved to
 * (statement triggers with transition tables, migration 0031), as `scope`: `period`, a month
 * whose receipts were added, removed or moved (counted anew); `household`, a household whose
 * place, status, members or receipts changed (its rows and its RT's counted again); `base`, a
 * household whose register fields changed that no month reads (desil, verval: only its base row
 * counted again, migration 0034); `kelurahan`,
 * a kelurahan whose unmatched receipts changed; `received`, a household a removed receipt
 * names (whether it still ever received, looked up); `gained`, one an added receipt names (it has
 * received, migration 0035); `all`, everything (programs, rules, areas, settings,
 * a TRUNCATE). The cache carries a kabupaten/kota's base, months and spans forward from an older
 * version by redoing only what these rows name (lib/analytics/coverage-cache.ts, `carryForward`).
 */
export const coverageChange = pgTable(
  "coverage_change",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    scope: text("scope").notNull(),
    period: text("period"),
    householdId: bigint("household_id", { mode: "number" }),
    kelurahanCode: text("kelurahan_code"),
  },
  (t) => [
    index("coverage_change_version_idx").on(t.kabkotaCode, t.dataVersion),
    check(
      "coverage_change_scope",
      sql`${t.scope} IN ('all', 'period', 'household', 'base', 'kelurahan', 'received', 'gained')`,
    ),
  ],
);

/** An analysis window whose coverage counts are cached, at the data version they describe. */
export const coverageWindow = pgTable(
  "coverage_window",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kabkotaCode: text("kabkota_code").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    windowFrom: text("window_from").notNull(),
    windowTo: text("window_to").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /** Last read (to within a minute): the least recently used windows are evicted first. */
    usedAt: timestamp("used_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Whether coverage_household holds the window's households: stored when a list or the map
     * first asks, since a summary needs only the counts (windows cached before this column held them).
     */
    householdsStored: boolean("households_stored").notNull().default(true),
  },
  (t) => [unique("coverage_window_once").on(t.kabkotaCode, t.dataVersion, t.windowFrom, t.windowTo)],
);

/**
 * Every cached row's key: its kabupaten/kota (the Citus distribution column) and its window. No
 * foreign key: its check per inserted row was most of what storing a window cost, and the rows
 * go with their window in one statement (lib/analytics/coverage-cache.ts, `deleteWindows`).
 */
const cachedWindowKey = () => ({
  kabkotaCode: text("kabkota_code").notNull(),
  windowId: integer("window_id").notNull(),
});

/**
 * The coverage counts of one cached window at the finest grain, kelurahan × RT (RT null: none
 * known; kelurahan null: an unmatched receipt that names none). Counts of any area are sums of
 * these rows: households are counted once, in their effective area; receipts in theirs.
 */
export const coverageRollup = pgTable(
  "coverage_rollup",
  {
    ...cachedWindowKey(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    households: integer("households").notNull(),
    persons: integer("persons").notNull(),
    poorPersons: integer("poor_persons").notNull(),
    eligibleHouseholds: integer("eligible_households").notNull(),
    receivingHouseholds: integer("receiving_households").notNull(),
    stackedHouseholds: integer("stacked_households").notNull(),
    conflictingHouseholds: integer("conflicting_households").notNull(),
    uncoveredEligibleHouseholds: integer("uncovered_eligible_households").notNull(),
    neverCoveredEligibleHouseholds: integer("never_covered_eligible_households").notNull(),
    receipts: integer("receipts").notNull(),
    deceased: integer("deceased").notNull(),
    nonaktif: integer("nonaktif").notNull(),
    notInRegister: integer("not_in_register").notNull(),
    invalidNik: integer("invalid_nik").notNull(),
    paidTwice: integer("paid_twice").notNull(),
    /** Rupiah of the receipts attributed here (missing nominal counts 0). */
    aidAmount: bigint("aid_amount", { mode: "number" }).notNull().default(0),
    receiptsWithoutAmount: integer("receipts_without_amount").notNull().default(0),
    /** Households with a receipt of the window that is deceased, nonaktif or paid twice. */
    householdsWithErrors: integer("households_with_errors").notNull().default(0),
  },
  (t) => [index("coverage_rollup_window_idx").on(t.windowId)],
);

/**
 * What the receiving households of a cached window received in rupiah (their matched receipts),
 * one row per effective kelurahan × RT: each amount received there (`amounts`) and how many of its
 * households received it (`households`, the same place), so the share of the top 10 % can be
 * ranked per area, never summed. Arrays per RT, not a row per household: a window is written,
 * read and evicted in some 1,500 rows instead of 20,000 at 42k households; and amounts counted,
 * not listed: households share a few amounts, and at a million households a city summary read
 * 615,000 of them.
 */
export const coverageWindowAmount = pgTable(
  "coverage_window_amount",
  {
    ...cachedWindowKey(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    amounts: bigint("amounts", { mode: "number" }).array().notNull(),
    households: integer("households").array().notNull(),
  },
  (t) => [index("coverage_window_amount_window_idx").on(t.windowId)],
);

/**
 * How many households of one kelurahan × RT received each exact set of programs in a cached
 * window (the overlap matrix at its finest grain).
 */
export const coverageCombination = pgTable(
  "coverage_combination",
  {
    ...cachedWindowKey(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    programs: text("programs").array().notNull(),
    stacked: boolean("stacked").notNull().default(false),
    conflicting: boolean("conflicting").notNull(),
    households: integer("households").notNull(),
  },
  (t) => [index("coverage_combination_window_idx").on(t.windowId)],
);

/**
 * Each household's class in a cached window (one of HOUSEHOLD_CLASSES, lib/analytics), for the
 * map's points and clusters, with how many programs it received; and what the household lists
 * filter, sort and show, so a list reads these rows instead of every receipt: the programs
 * (null: none), eligible, conflicting, members, and its receipts' inclusion errors.
 */
export const coverageHousehold = pgTable(
  "coverage_household",
  {
    ...cachedWindowKey(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    kelas: text("kelas").notNull(),
    programs: smallint("programs").notNull(),
    programCodes: text("program_codes").array(),
    eligible: boolean("eligible").notNull(),
    /** Received a pair of programs in the window that is not allowed together (forbidden or unspecified). */
    stacked: boolean("stacked").notNull().default(false),
    conflicting: boolean("conflicting").notNull(),
    persons: integer("persons").notNull(),
    deceased: integer("deceased").notNull(),
    nonaktif: integer("nonaktif").notNull(),
    invalidNik: integer("invalid_nik").notNull(),
    paidTwice: integer("paid_twice").notNull(),
    /** Receipts of the window with at least one inclusion error. */
    errorReceipts: integer("error_receipts").notNull(),
  },
  (t) => [index("coverage_household_window_idx").on(t.windowId, t.householdId)],
);

/**
 * One month of a kabupaten/kota whose receipts are summed, at the data version they describe: a
 * window is assembled from its months (lib/analytics/coverage-cache.ts), so a window nobody has
 * asked for costs a sum over months, not a pass over every receipt.
 */
export const coverageMonth = pgTable(
  "coverage_month",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kabkotaCode: text("kabkota_code").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    period: text("period").notNull(),
    /** The programs with a list this month (any receipt, matched or not), as bits like `program_mask`. */
    programsListed: bigint("programs_listed", { mode: "number" }).notNull().default(0),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("coverage_month_once").on(t.kabkotaCode, t.dataVersion, t.period)],
);

/**
 * What every household of a kabupaten/kota is whatever the window (its area, status,
 * eligibility, members, whether it ever received), stored once per data version: each window
 * adds its programs to these rows instead of reading the register again.
 */
export const coverageBase = pgTable(
  "coverage_base",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kabkotaCode: text("kabkota_code").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("coverage_base_once").on(t.kabkotaCode, t.dataVersion)],
);

/** Every base row's key: its kabupaten/kota (the Citus distribution column) and its base; no foreign key, as for a window's rows (`cachedWindowKey`). */
const cachedBaseKey = () => ({
  kabkotaCode: text("kabkota_code").notNull(),
  baseId: integer("base_id").notNull(),
});

/** One household of a coverage_base: the columns of `householdBase` (lib/analytics/facts.ts) a window needs. */
export const coverageBaseHousehold = pgTable(
  "coverage_base_household",
  {
    ...cachedBaseKey(),
    householdId: bigint("household_id", { mode: "number" }).notNull(),
    effectiveKelurahanCode: text("effective_kelurahan_code"),
    effectiveRtCode: text("effective_rt_code"),
    status: householdStatus("status").notNull(),
    eligible: boolean("eligible").notNull(),
    receivedEver: boolean("received_ever").notNull(),
    persons: integer("persons").notNull(),
    poorPersons: integer("poor_persons").notNull(),
  },
  (t) => [index("coverage_base_household_base_idx").on(t.baseId)],
);

/**
 * A coverage_base's households summed per kelurahan × RT (null: placed nowhere), stored with the
 * base: what a window counts of every household whatever it received, so that a window sums
 * these rows instead of grouping the whole base again.
 */
export const coverageBaseRt = pgTable(
  "coverage_base_rt",
  {
    ...cachedBaseKey(),
    kelurahanCode: text("kelurahan_code"),
    rtCode: text("rt_code"),
    households: integer("households").notNull(),
    persons: integer("persons").notNull(),
    poorPersons: integer("poor_persons").notNull(),
    eligibleHouseholds: integer("eligible_households").notNull(),
    neverCoveredEligibleHouseholds: integer("never_covered_eligible_households").notNull(),
  },
  (t) => [index("coverage_base_rt_base_idx").on(t.baseId)],
);

/** Every month row's key: its kabupaten/kota (the Citus distribution column) and its month; no foreign key (see `cachedWindowKey`). */
const cachedMonthKey = () => ({
  kabkotaCode: text("kabkota_code").notNull(),
  monthId: integer("month_id").notNull(),
});

/**
 * What one household received in a month: the programs as bits (bit i: the i-th program in code
 * order, the same for every month of one data version) and its receipts' inclusion errors. Each
 * is additive over months: a window ORs the bits and sums the errors.
 */
/** What a household received over a month or a span: additive over months (ORed bits, summed counts). */
const householdSums = () => ({
  householdId: bigint("household_id", { mode: "number" }).notNull(),
  programMask: bigint("program_mask", { mode: "number" }).notNull(),
  deceased: integer("deceased").notNull(),
  nonaktif: integer("nonaktif").notNull(),
  invalidNik: integer("invalid_nik").notNull(),
  paidTwice: integer("paid_twice").notNull(),
  errorReceipts: integer("error_receipts").notNull(),
  /** Rupiah of its matched receipts. */
  amount: bigint("amount", { mode: "number" }).notNull().default(0),
});

/** A kelurahan × RT's receipts over a month or a span, and their inclusion errors: summed over months. */
const receiptSums = () => ({
  kelurahanCode: text("kelurahan_code"),
  rtCode: text("rt_code"),
  receipts: integer("receipts").notNull(),
  deceased: integer("deceased").notNull(),
  nonaktif: integer("nonaktif").notNull(),
  notInRegister: integer("not_in_register").notNull(),
  invalidNik: integer("invalid_nik").notNull(),
  paidTwice: integer("paid_twice").notNull(),
  amount: bigint("amount", { mode: "number" }).notNull().default(0),
  receiptsWithoutAmount: integer("receipts_without_amount").notNull().default(0),
});

export const coverageMonthHousehold = pgTable(
  "coverage_month_household",
  { ...cachedMonthKey(), ...householdSums() },
  // By household too: a month carried forward recounts a few households' rows (lib/analytics/coverage-cache.ts).
  (t) => [index("coverage_month_household_month_idx").on(t.monthId, t.householdId)],
);

/** A month's receipts and their inclusion errors per kelurahan × RT, summed by any window holding the month. */
export const coverageMonthRt = pgTable("coverage_month_rt", { ...cachedMonthKey(), ...receiptSums() }, (t) => [
  index("coverage_month_rt_month_idx").on(t.monthId),
]);

/**
 * A calendar quarter or year of a kabupaten/kota whose months are stored, at the same data
 * version: the household rows of its months already ORed and summed, so a long window reads a
 * row per household and year instead of one per household and month.
 */
export const coverageSpan = pgTable(
  "coverage_span",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    kabkotaCode: text("kabkota_code").notNull(),
    dataVersion: bigint("data_version", { mode: "number" }).notNull(),
    /** The span's first month, `YYYY-MM`. */
    periodFrom: text("period_from").notNull(),
    /** 3 (a quarter) or 12 (a year). */
    months: smallint("months").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("coverage_span_once").on(t.kabkotaCode, t.dataVersion, t.periodFrom, t.months)],
);

/** One household of a coverage_span: its months' `coverage_month_household` rows, ORed and summed. */
export const coverageSpanHousehold = pgTable(
  "coverage_span_household",
  {
    kabkotaCode: text("kabkota_code").notNull(),
    /** No foreign key, as for a month's rows (`cachedMonthKey`). */
    spanId: integer("span_id").notNull(),
    ...householdSums(),
  },
  (t) => [index("coverage_span_household_span_idx").on(t.spanId, t.householdId)],
);

/** A coverage_span's receipts per kelurahan × RT: its months' `coverage_month_rt` rows summed. */
export const coverageSpanRt = pgTable(
  "coverage_span_rt",
  { kabkotaCode: text("kabkota_code").notNull(), spanId: integer("span_id").notNull(), ...receiptSums() },
  (t) => [index("coverage_span_rt_span_idx").on(t.spanId)],
);
