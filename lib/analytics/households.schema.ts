import { z } from "zod";

import { HOUSEHOLD_STATUSES, VERVAL_STATUSES } from "@/db/schema/vocabulary";

import { inclusionErrorsSchema } from "./summary.schema";

/** A row of a household list: no person in it (no name, NIK, No. KK or address), for every role alike. */
export const listedHouseholdSchema = z.object({
  id: z.number().int(),
  dtks_id: z.string(),
  kelurahan_code: z.string().nullable(),
  rt_code: z.string().nullable(),
  desil: z.number().int().nullable(),
  status: z.enum(HOUSEHOLD_STATUSES),
  verval_status: z.enum(VERVAL_STATUSES),
  eligible: z.boolean(),
  programs: z.array(z.string()),
  persons: z.number().int(),
  /** Inclusion errors among the household's receipts of the window. */
  errors: inclusionErrorsSchema,
});
export type ListedHousehold = z.infer<typeof listedHouseholdSchema>;

/**
 * The list query's row (households.ts), parsed by queryRows when a page leaves as the API's JSON:
 * the household with its errors flat, and the count of the whole list riding on every row.
 */
export const householdRowSchema = listedHouseholdSchema
  .omit({ errors: true })
  .extend({ ...inclusionErrorsSchema.shape, total: z.number().int() });
export type HouseholdRow = z.infer<typeof householdRowSchema>;
