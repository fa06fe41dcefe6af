import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { PROGRAM_LEVELS, PROGRAM_UNITS, type ProgramLevel, type ProgramUnit } from "@/db/schema/vocabulary";
import { assertCan, recordAudit } from "@/lib/access";
import { areaCodePattern, areaLevelOfCode } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

/** A program as the rules page edits it. */
export interface ProgramRecord {
  code: string;
  name: string;
  level: ProgramLevel;
  unit: ProgramUnit;
  max_desil: number | null;
  owner_area_code: string | null;
  description: string | null;
  active: boolean;
}

/** The programs the coverage cache can tell apart: one bit each of a bigint (lib/analytics). */
const MAX_PROGRAMS = 63;

const PROGRAM_LEVEL_LABELS: Record<ProgramLevel, string> = {
  pusat: "pusat",
  provinsi: "provinsi",
  kabkota: "kabupaten/kota",
  desa: "desa",
};

/** What `POST /api/admin/programs` takes: a program added, or changed by its code. */
export const programChange = z
  .object({
    code: z
      .string({ error: "code harus kode program seperti KOTA-PEDULI" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { error: "code: huruf besar, angka dan tanda -, paling panjang 32" }),
    name: z
      .string({ error: "name harus nama program" })
      .trim()
      .min(3, { error: "name paling sedikit 3 huruf" })
      .max(120, { error: "name paling panjang 120 huruf" }),
    level: z.enum(PROGRAM_LEVELS, { error: `level harus salah satu dari ${PROGRAM_LEVELS.join(", ")}` }),
    unit: z
      .enum(PROGRAM_UNITS, { error: "unit harus household (rumah tangga) atau person (jiwa)" })
      .default("household"),
    max_desil: z
      .number({ error: "max_desil harus 1 sampai 10, atau null tanpa aturan desil" })
      .int({ error: "max_desil harus 1 sampai 10, atau null tanpa aturan desil" })
      .min(1, { error: "max_desil harus 1 sampai 10, atau null tanpa aturan desil" })
      .max(10, { error: "max_desil harus 1 sampai 10, atau null tanpa aturan desil" })
      .nullable()
      .default(null),
    owner_area_code: z
      .string({ error: "owner_area_code harus kode wilayah seperti 64 atau 64.72" })
      .trim()
      .regex(areaCodePattern("provinsi", "kabkota", "kecamatan", "kelurahan"), {
        error: "owner_area_code harus kode wilayah seperti 64 atau 64.72",
      })
      .nullable()
      .default(null),
    description: z.string().trim().max(500, { error: "description paling panjang 500 huruf" }).nullable().default(null),
    active: z.boolean({ error: "active harus true atau false" }).default(true),
  })
  .refine((p) => p.level === "pusat" || p.owner_area_code !== null, {
    error: "owner_area_code wajib untuk program provinsi, kabupaten/kota dan desa",
    path: ["owner_area_code"],
  });
export type ProgramChange = z.infer<typeof programChange>;

/** Every program, active or not, in code order. */
export async function listProgramRecords({ ctx }: { ctx: Context }): Promise<ProgramRecord[]> {
  return queryRows<ProgramRecord>(
    ctx.db,
    sql`SELECT code, name, level, unit, max_desil::int AS max_desil, owner_area_code, description, active FROM program ORDER BY code`,
  );
}

/**
 * Adds a program or changes one by its code (admin), logged old → new; the exclusivity rules may
 * then name it and recipient lists carry it. The counts follow (a program write moves the data version).
 */
export async function saveProgram({ ctx, input }: { ctx: Context; input: ProgramChange }): Promise<ProgramRecord[]> {
  assertCan(ctx.actor, "manage_rules");
  const programs = await listProgramRecords({ ctx });
  const before = programs.find((p) => p.code === input.code) ?? null;
  if (!before && programs.length >= MAX_PROGRAMS) {
    throw new UserError(`Paling banyak ${MAX_PROGRAMS} program; nonaktifkan atau ubah program yang ada.`);
  }
  if (input.owner_area_code) {
    const problem = await ownerProblem(ctx, input.level, input.owner_area_code);
    if (problem)
      throw Object.assign(new UserError(`owner_area_code: ${problem}`), { fields: { owner_area_code: problem } });
  }
  const next: ProgramRecord = { ...input, owner_area_code: input.level === "pusat" ? null : input.owner_area_code };
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO program (code, name, level, unit, max_desil, owner_area_code, description, active)
      VALUES (${next.code}, ${next.name}, ${next.level}, ${next.unit}, ${next.max_desil}, ${next.owner_area_code}, ${next.description}, ${next.active})
      ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, unit = EXCLUDED.unit,
        max_desil = EXCLUDED.max_desil, owner_area_code = EXCLUDED.owner_area_code,
        description = EXCLUDED.description, active = EXCLUDED.active`);
    await recordAudit(
      { ...ctx, db: tx },
      { action: "program_change", entity: "program", entityId: next.code, oldValue: before, newValue: next },
    );
  });
  return listProgramRecords({ ctx });
}

/** Why an owning area does not fit a program: a province or city program is owned by one of that level, held here. */
async function ownerProblem(ctx: Context, level: ProgramLevel, code: string): Promise<string | null> {
  const expected = level === "provinsi" ? "provinsi" : level === "kabkota" ? "kabkota" : null;
  if (expected && areaLevelOfCode(code) !== expected) {
    return `program ${PROGRAM_LEVEL_LABELS[level]} dimiliki wilayah ${PROGRAM_LEVEL_LABELS[level]}`;
  }
  // A province is rarely held as an outline: one of its areas is enough.
  const [held] = await queryRows<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM area WHERE code = ${code} OR code LIKE ${`${code}.%`}`,
  );
  return held && held.n > 0 ? null : "wilayah tidak dikenal";
}
