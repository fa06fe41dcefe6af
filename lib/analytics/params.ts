import { z } from "zod";

import { HOUSEHOLD_LISTS, HOUSEHOLD_SORTS } from "./households";
import { MAX_WINDOW_MONTHS, monthsBetween, PERIOD_PATTERN } from "./window";

/** Query parameters of the analytics API, validated at the edge; messages name the parameter. */

const period = (name: string) =>
  z.string().regex(PERIOD_PATTERN, { error: `${name} harus periode YYYY-MM, misalnya 2025-06` });

/** A window's months: at most MAX_WINDOW_MONTHS; resolveWindow then cuts it to the periods held. */
export const windowParams = z
  .object({ from: period("from").optional(), to: period("to").optional() })
  .refine((w) => !w.from || !w.to || w.from <= w.to, { error: "from harus tidak lebih akhir dari to", path: ["from"] })
  .refine((w) => !w.from || !w.to || monthsBetween(w.from, w.to) <= MAX_WINDOW_MONTHS, {
    error: `jendela paling panjang ${MAX_WINDOW_MONTHS} bulan`,
    path: ["to"],
  });

/** A list's page: a whole number from 1, the first when not given. */
export const pageParam = z.coerce
  .number({ error: "page harus bilangan bulat ≥ 1" })
  .int({ error: "page harus bilangan bulat ≥ 1" })
  .min(1, { error: "page harus bilangan bulat ≥ 1" })
  .default(1);

export const householdListParams = z.intersection(
  windowParams,
  z.object({
    list: z.enum(HOUSEHOLD_LISTS, { error: `list harus salah satu dari ${HOUSEHOLD_LISTS.join(", ")}` }),
    page: pageParam,
    sort: z
      .enum(HOUSEHOLD_SORTS, { error: `sort harus salah satu dari ${HOUSEHOLD_SORTS.join(", ")}` })
      .default("wilayah"),
    program: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, { error: "program harus kode program seperti PKH" })
      .transform((p) => p.toUpperCase())
      .optional(),
    desil: z.coerce
      .number({ error: "desil harus 1 sampai 10" })
      .int({ error: "desil harus 1 sampai 10" })
      .min(1, { error: "desil harus 1 sampai 10" })
      .max(10, { error: "desil harus 1 sampai 10" })
      .optional(),
  }),
);

export const householdIdParam = z.coerce
  .number({ error: "id rumah tangga harus bilangan bulat" })
  .int({ error: "id rumah tangga harus bilangan bulat" })
  .positive({ error: "id rumah tangga harus bilangan bulat" });
