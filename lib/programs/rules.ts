import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows, sqlArray } from "@/db/engine";
import { PAIR_STATES, type PairState } from "@/db/schema/vocabulary";
import { assertCan, recordAudit } from "@/lib/access";
import { programPairs } from "@/lib/analytics";
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

/** Two different programs, as a rule or a pair names them. */
const twoPrograms = z
  .tuple([programCode, programCode], { error: "programs harus dua kode program" })
  .refine(([a, b]) => a !== b, { error: "dua program yang berbeda" });

export const exclusionRuleChange = z.object({
  action: z.enum(["add", "remove"], { error: "action harus add atau remove" }),
  programs: twoPrograms,
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
  await assertKnownPrograms(ctx, [a, b]);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const [before] = await queryRows<{ note: string | null }>(
      tx,
      sql`SELECT note FROM program_exclusion WHERE program_code = ${a} AND excluded_program_code = ${b}`,
    );
    if (input.action === "add") {
      // A pair is in at most one of the two tables: forbidding it ends its being allowed.
      await tx.execute(
        sql`DELETE FROM program_complement WHERE program_code = ${a} AND complement_program_code = ${b}`,
      );
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

export interface ProgramPair {
  programs: [string, string];
  state: PairState;
  note: string | null;
}

export const programPairChange = z.object({
  programs: twoPrograms,
  state: z.enum(PAIR_STATES, { error: "state harus pelengkap, melanggar_aturan atau belum_diatur" }),
  note: z.string().trim().max(300).optional(),
});
export type ProgramPairChange = z.infer<typeof programPairChange>;

/** Every pair of active programs with its state (PAIR_STATES) and note, codes in order. */
export async function listProgramPairs({ ctx }: { ctx: Context }): Promise<ProgramPair[]> {
  const rows = await queryRows<{ a: string; b: string; state: PairState; note: string | null }>(
    ctx.db,
    sql`SELECT p.* FROM (${programPairs(sql`ARRAY(SELECT code FROM program WHERE active ORDER BY code)`)}) p ORDER BY p.a, p.b`,
  );
  return rows.map((row) => ({ programs: [row.a, row.b], state: row.state, note: row.note }));
}

/**
 * Says what a pair of programs is (admin): allowed together (program_complement), forbidden
 * together (program_exclusion) or not settled (in neither), logged old → new. The pair is stored
 * in alphabetical order, in at most one of the two tables; the coverage counts follow at the
 * next request (the data version moves with the write).
 */
export async function changeProgramPair({
  ctx,
  input,
}: {
  ctx: Context;
  input: ProgramPairChange;
}): Promise<ProgramPair[]> {
  assertCan(ctx.actor, "manage_rules");
  const [a, b] = [...input.programs].sort() as [string, string];
  await assertKnownPrograms(ctx, [a, b]);
  const note = input.note || null;
  await ctx.db.transaction(async (tx) => {
    const [before] = await queryRows<{ state: PairState; note: string | null }>(
      tx,
      sql`SELECT p.state, p.note FROM (${programPairs(sqlArray([a, b], "text"))}) p`,
    );
    await tx.execute(sql`DELETE FROM program_exclusion WHERE program_code = ${a} AND excluded_program_code = ${b}`);
    await tx.execute(sql`DELETE FROM program_complement WHERE program_code = ${a} AND complement_program_code = ${b}`);
    if (input.state === "melanggar_aturan") {
      await tx.execute(
        sql`INSERT INTO program_exclusion (program_code, excluded_program_code, note) VALUES (${a}, ${b}, ${note})`,
      );
    } else if (input.state === "pelengkap") {
      await tx.execute(
        sql`INSERT INTO program_complement (program_code, complement_program_code, note) VALUES (${a}, ${b}, ${note})`,
      );
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "rule_change",
        entity: "program_pair",
        entityId: `${a}+${b}`,
        oldValue: before ? { programs: [a, b], state: before.state, note: before.note } : null,
        newValue: { programs: [a, b], state: input.state, note: input.state === "belum_diatur" ? null : note },
      },
    );
  });
  return listProgramPairs({ ctx });
}

/** Refuses codes that name no program, naming them. */
async function assertKnownPrograms(ctx: Context, codes: string[]): Promise<void> {
  const known = await queryRows<{ code: string }>(
    ctx.db,
    sql`SELECT code FROM program WHERE code = ANY (${sqlArray(codes, "text")})`,
  );
  const missing = codes.filter((code) => !known.some((row) => row.code === code));
  if (missing.length) throw new UserError(`Program tidak dikenal: ${missing.join(", ")}.`);
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

/** What the rules API takes: a pair's state, or (the older form) an exclusivity rule added or removed. */
export const ruleChange = z.union([programPairChange, exclusionRuleChange]);

/** Changes a rule in either form of `ruleChange`; the pairs or the exclusivity rules as they now stand. */
export function changeRule({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.infer<typeof ruleChange>;
}): Promise<ProgramPair[] | ExclusionRule[]> {
  return "state" in input ? changeProgramPair({ ctx, input }) : changeExclusionRule({ ctx, input });
}
