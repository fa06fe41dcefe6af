import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { ProgramLevel } from "@/db/schema/vocabulary";
import type { Context } from "@/lib/context";

export { listProgramRecords, programChange, type ProgramChange, type ProgramRecord, saveProgram } from "./catalog";
export { PROGRAM_LEVELS } from "@/db/schema/vocabulary";
export { PAIR_STATE_LABELS, PAIR_STATES, type PairState } from "@/db/schema/vocabulary";
export {
  changeExclusionRule,
  changeProgramPair,
  changeRule,
  changeSetting,
  type ExclusionRule,
  type ExclusionRuleChange,
  exclusionRuleChange,
  listExclusionRules,
  listProgramPairs,
  type ProgramPair,
  type ProgramPairChange,
  programPairChange,
  ruleChange,
} from "./rules";

export interface ProgramSummary {
  code: string;
  name: string;
  level: ProgramLevel;
  aliases: string[];
}

/** The programs recipient lists may name, with their aliases. */
export async function listPrograms({ ctx }: { ctx: Context }): Promise<ProgramSummary[]> {
  const rows = await queryRows<{ code: string; name: string; level: ProgramLevel; aliases: string | null }>(
    ctx.db,
    sql`SELECT p.code, p.name, p.level, string_agg(a.alias, ',' ORDER BY a.alias) AS aliases
        FROM program p LEFT JOIN program_alias a ON a.program_code = p.code
        WHERE p.active GROUP BY p.code, p.name, p.level ORDER BY p.code`,
  );
  return rows.map((row) => ({ ...row, aliases: row.aliases ? row.aliases.split(",") : [] }));
}
