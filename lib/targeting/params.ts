import { z } from "zod";

import { windowParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { UserError } from "@/lib/errors";

/** The area levels a quota may be split over (README, "Tidak double: the contract"). */
export const QUOTA_LEVELS = ["kelurahan", "kecamatan"] as const;
export type QuotaLevel = (typeof QUOTA_LEVELS)[number];

const programCode = (name: string) =>
  z
    .string({ error: `${name} harus kode program seperti PKH` })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]*$/, { error: `${name} harus kode program seperti PKH` });

const positiveInt = (name: string, max: number) =>
  z
    .number({ error: `${name} harus bilangan bulat 1 sampai ${max.toLocaleString("id-ID")}` })
    .int({ error: `${name} harus bilangan bulat 1 sampai ${max.toLocaleString("id-ID")}` })
    .min(1, { error: `${name} harus bilangan bulat 1 sampai ${max.toLocaleString("id-ID")}` })
    .max(max, { error: `${name} harus bilangan bulat 1 sampai ${max.toLocaleString("id-ID")}` });

const rupiah = (name: string) =>
  z
    .number({ error: `${name} harus rupiah bulat lebih dari 0` })
    .int({ error: `${name} harus rupiah bulat lebih dari 0` })
    .positive({ error: `${name} harus rupiah bulat lebih dari 0` })
    .max(1e15, { error: `${name} terlalu besar` });

/** The three quota forms, as the API takes them: exactly one of `total` (with `per`) or the budget. */
const quotaParams = z
  .object(
    {
      total: positiveInt("quota.total", 10_000_000).optional(),
      per: z.enum(QUOTA_LEVELS, { error: "quota.per harus kelurahan atau kecamatan" }).optional(),
      budget: rupiah("quota.budget").optional(),
      amount_per_month: rupiah("quota.amount_per_month").optional(),
      months: positiveInt("quota.months", 120).optional(),
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `quota tidak mengenal ${issue.keys.join(", ")}`
          : "quota harus objek: { total }, { total, per } atau { budget, amount_per_month, months }",
    },
  )
  .strict()
  .superRefine((quota, check) => {
    const budgetKeys = (["budget", "amount_per_month", "months"] as const).filter((key) => quota[key] !== undefined);
    if (quota.total !== undefined && budgetKeys.length > 0) {
      check.addIssue({
        code: "custom",
        path: [budgetKeys[0]!],
        message: "quota berisi total atau anggaran, tidak keduanya",
      });
    } else if (quota.total === undefined && budgetKeys.length === 0) {
      check.addIssue({
        code: "custom",
        path: [],
        message: "quota harus berisi total, atau budget, amount_per_month dan months",
      });
    } else if (quota.total === undefined) {
      for (const key of ["budget", "amount_per_month", "months"] as const) {
        if (quota[key] === undefined)
          check.addIssue({ code: "custom", path: [key], message: `quota.${key} wajib bersama budget` });
      }
      if (quota.per !== undefined)
        check.addIssue({ code: "custom", path: ["per"], message: "quota.per hanya bersama total" });
    }
  })
  .transform((quota): Quota =>
    quota.total !== undefined
      ? { total: quota.total, ...(quota.per && { per: quota.per }) }
      : { budget: quota.budget!, amount_per_month: quota.amount_per_month!, months: quota.months! },
  );

export type Quota = { total: number; per?: QuotaLevel } | { budget: number; amount_per_month: number; months: number };

/** A scenario as `POST /api/sasaran/hitung` takes it; every key but `program` and `quota` may be left out. */
export const scenarioParams = z
  .object(
    {
      program: programCode("program"),
      area: areaCodeParam.optional(),
      covered_window: windowParams.optional(),
      exclude_programs: z
        .array(programCode("exclude_programs"), { error: "exclude_programs harus daftar kode program" })
        .max(63)
        .optional(),
      max_desil: positiveInt("max_desil", 10).optional(),
      require_verified: z.boolean({ error: "require_verified harus true atau false" }).default(true),
      quota: quotaParams,
    },
    {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `skenario tidak mengenal ${issue.keys.join(", ")}`
          : "badan permintaan harus objek JSON skenario",
    },
  )
  .strict();
export type ScenarioParams = z.infer<typeof scenarioParams>;

/** A scenario with every default filled in: what is computed, saved and shown. */
export interface ResolvedScenario {
  program: string;
  area: string;
  covered_window: { from: string; to: string };
  exclude_programs: string[];
  max_desil: number;
  require_verified: boolean;
  quota: Quota;
}

/** How many households a quota asks for: the total, or floor(budget ÷ (amount × months)). */
export function quotaHouseholds(quota: Quota): number {
  return "total" in quota ? quota.total : Math.floor(quota.budget / (quota.amount_per_month * quota.months));
}

/** The cost of a selection when the quota names an amount; null for a plain total. */
export function quotaCost(quota: Quota, selected: number): number | null {
  return "budget" in quota ? selected * quota.amount_per_month * quota.months : null;
}

/** A scenario parameter the data refuses (an unknown program, an area out of reach): a 400 naming it. */
export class ScenarioProblem extends UserError {
  constructor(readonly fields: Record<string, string>) {
    super(
      "Skenario tidak dapat dihitung",
      Object.entries(fields).map(([field, message]) => `${field}: ${message}`),
    );
  }
}
