import { z } from "zod";

/**
 * The rows of the summary queries (summary.ts), parsed by queryRows: they leave as the API's
 * JSON, so a column renamed or retyped in SQL fails here and not in a client.
 */
const count = z.number().int();

export const inclusionErrorsSchema = z.object({
  deceased: count,
  nonaktif: count,
  not_in_register: count,
  invalid_nik: count,
  paid_twice: count,
});
export type InclusionErrors = z.infer<typeof inclusionErrorsSchema>;

/** One child's sums of the window's kelurahan × RT counts, or the area's own (`total`); COVERAGE_COLUMNS flat. */
export const countRowSchema = z.object({
  total: z.boolean(),
  child: z.string().nullable(),
  households: count,
  persons: count,
  poor_persons: count,
  eligible_households: count,
  receiving_households: count,
  stacked_households: count,
  conflicting_households: count,
  uncovered_eligible_households: count,
  never_covered_eligible_households: count,
  households_with_errors: count,
  receipts: count,
  ...inclusionErrorsSchema.shape,
  aid_amount: z.number(),
  receipts_without_amount: count,
});

/** What one child's (or the whole area's, `total`) receiving households got in rupiah (summary.ts, `aidSpread`). */
export const aidSpreadRowSchema = z.object({
  total: z.boolean(),
  child: z.string().nullable(),
  matched: z.number(),
  receiving: count,
  top: z.number(),
});
export type CountRow = z.infer<typeof countRowSchema>;

/** An area the summary names: the area itself and its children. */
export const summaryAreaSchema = z.object({
  code: z.string(),
  name: z.string(),
  population: count.nullable(),
});
