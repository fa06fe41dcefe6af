import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import {
  settingChange,
  settingProblem,
  TUNABLE_SETTINGS,
  tunableSettings,
  writeSetting,
  type TunableSettingKey,
} from "@/lib/settings";

export interface ExclusionRule {
  programs: [string, string];
  note: string | null;
}

const programCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, { error: "kode program seperti PKH atau BPNT" });

export const exclusionRuleChange = z.object({
  action: z.enum(["add", "remove"], { error: "action harus add atau remove" }),
  programs: z
    .tuple([programCode, programCode], { error: "programs harus dua kode program" })
    .refine(([a, b]) => a !== b, { error: "dua program yang berbeda" }),
  note: z.string().trim().max(300).optional(),
});
export type ExclusionRuleChange = z.infer<typeof exclusionRuleChange>;

/** Every exclusivity rule: pairs of programs a household should not receive in one window. */
export async function listExclusionRules({ ctx }: { ctx: Context }): Promise<ExclusionRule[]> {
  const rows = await queryRows<{ a: string; b: string; note: string | null }>(
    ctx.db,
    sql`SELECT program_code AS a, excluded_program_code AS b, note FROM program_exclusion ORDER BY 1, 2`,
  );
  return rows.map((row) => ({ programs: [row.a, row.b], note: row.note }));
}

/**
 * Adds or removes an exclusivity rule (admin), logged with its old and new state. The pair is
 * stored in alphabetical order, once; the coverage counts follow at the next request (the data
 * version moves with the write).
 */
export async function changeExclusionRule({
  ctx,
  input,
}: {
  ctx: Context;
  input: ExclusionRuleChange;
}): Promise<ExclusionRule[]> {
  assertCan(ctx.actor, "manage_rules");
  const [a, b] = [...input.programs].sort() as [string, string];
  const known = await queryRows<{ code: string }>(ctx.db, sql`SELECT code FROM program WHERE code IN (${a}, ${b})`);
  const missing = [a, b].filter((code) => !known.some((row) => row.code === code));
  if (missing.length) throw new UserError(`Program tidak dikenal: ${missing.join(", ")}.`);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [before] = await queryRows<{ note: string | null }>(
      tx,
      sql`SELECT note FROM program_exclusion WHERE program_code = ${a} AND excluded_program_code = ${b}`,
    );
    if (input.action === "add") {
      await tx.execute(sql`INSERT INTO program_exclusion (program_code, excluded_program_code, note) VALUES (${a}, ${b}, ${input.note || null})
                           ON CONFLICT (program_code, excluded_program_code) DO UPDATE SET note = EXCLUDED.note`);
    } else {
      if (!before) throw new UserError(`Tidak ada aturan ${a} – ${b}.`);
      await tx.execute(sql`DELETE FROM program_exclusion WHERE program_code = ${a} AND excluded_program_code = ${b}`);
    }
    await recordAudit(txCtx, {
      action: "rule_change",
      entity: "program_exclusion",
      entityId: `${a}+${b}`,
      oldValue: before ? { programs: [a, b], note: before.note } : null,
      newValue: input.action === "add" ? { programs: [a, b], note: input.note || null } : null,
    });
  });
  return listExclusionRules({ ctx });
}

/** Sets one analysis setting within its bounds (admin), logged old → new. */
export async function changeSetting({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.infer<typeof settingChange>;
}): Promise<Record<TunableSettingKey, number>> {
  assertCan(ctx.actor, "manage_rules");
  const problem = settingProblem(input.key, input.value);
  if (problem) throw new UserError(problem);
  const before = (await tunableSettings({ ctx }))[input.key];
  await ctx.db.transaction(async (tx) => {
    await writeSetting(tx, TUNABLE_SETTINGS[input.key], input.value);
    await recordAudit(
      { ...ctx, db: tx },
      { action: "setting_change", entity: "app_setting", entityId: input.key, oldValue: before, newValue: input.value },
    );
  });
  return tunableSettings({ ctx });
}
