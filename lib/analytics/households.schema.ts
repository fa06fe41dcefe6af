import { z } from "zod";

import { HOUSEHOLD_STATUSES, LOCATION_STATUSES, VERVAL_STATUSES } from "@/db/schema/vocabulary";

import { inclusionErrorsSchema } from "./summary.schema";

/**
 * What a visitor needs to find a household and what to look at there: the head of household's
 * name, the address, RW and RT as the register declares them, and the flags the visit checks.
 * Only for a role with `person_details` (operator, lurah, camat, Dinas Sosial, admin).
 */
export const householdVisitSchema = z.object({
  head_name: z.string().nullable(),
  address: z.string().nullable(),
  rw: z.string().nullable(),
  rt: z.string().nullable(),
  location_status: z.enum(LOCATION_STATUSES),
  stacked: z.boolean(),
});
export type HouseholdVisit = z.infer<typeof householdVisitSchema>;

/**
 * A row of a household list. No person in it (no name, NIK, No. KK or address) but in `visit`,
 * which is there only for a role that may see persons.
 */
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
  visit: householdVisitSchema.optional(),
});
export type ListedHousehold = z.infer<typeof listedHouseholdSchema>;

/**
 * The list query's row (households.ts), parsed by queryRows when a page leaves as the API's JSON:
 * the household with its errors and visit fields flat, and the count of the whole list riding on
 * every row.
 */
export const householdRowSchema = listedHouseholdSchema.omit({ errors: true, visit: true }).extend({
  ...inclusionErrorsSchema.shape,
  ...householdVisitSchema.partial().shape,
  total: z.number().int(),
});
export type HouseholdRow = z.infer<typeof householdRowSchema>;
