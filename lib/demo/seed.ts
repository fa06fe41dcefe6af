import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { ensureDemoAccounts } from "@/lib/access";
import { createAreaStaging, importBoundaries, stageGeoJsonAreas, upsertStagedAreas } from "@/lib/boundaries";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { demoKelurahanOutlines } from "./demo-city";
import { loadDemoRegister, type RegisterLoadReport, type RegisterStep } from "./load-register";
import { generateDemoRtAreas } from "./rt-areas";
import { SAMARINDA_CODE } from "./samarinda-facts";

export interface SeedInput {
  seed: number;
  /** A real kelurahan boundary file to use instead of the generated outlines. */
  boundaries?: { fileName: string; bytes: Uint8Array };
  /** Households in the demo register (0: boundaries only). */
  households: number;
  /** First period of the demo recipient lists (default 2019-01); later starts make fewer receipts. */
  receiptsFrom?: string;
  /** Replace kelurahan or RT that came from a real file (otherwise refused, to protect real data). */
  force?: boolean;
  /**
   * Create the demo accounts (password `demo`); default true. `npm run seed` leaves them out on a
   * server unless asked (`--demo-accounts`), where a known password would open real data.
   */
  demoAccounts?: boolean;
}

export interface SeedReport {
  kelurahan: number;
  kecamatan: number;
  rt: number;
  boundariesFrom: string;
  register: RegisterLoadReport | null;
  /** Demo accounts created by this seed (lib/access/demo-accounts.ts). */
  accountsCreated: number;
}

export type SeedStep = "kelurahan" | "rt" | RegisterStep;

/**
 * Seeds the demo city of Kota Samarinda: kelurahan outlines (generated, or from a real file),
 * kecamatan and kota as their unions, RT subdividing every kelurahan, and a DTKS register with
 * seven years of recipient lists (lib/demo/register.ts), and unless told otherwise one demo account
 * per role (password `demo`). Everything it writes is marked as sample data (source `demo`), except areas imported
 * from a real file.
 */
export async function seedDemoCity({
  ctx,
  input,
  onStep = () => undefined,
}: {
  ctx: Context;
  input: SeedInput;
  onStep?: (step: SeedStep) => void;
}): Promise<SeedReport> {
  const [real] = await queryRows<{ source: string }>(
    ctx.db,
    sql`SELECT source FROM area WHERE kabkota_code = ${SAMARINDA_CODE} AND level = 'kelurahan' AND source <> 'demo' LIMIT 1`,
  );
  if (real && !input.boundaries && !input.force) {
    throw new UserError(
      `Basis data sudah berisi batas kelurahan nyata (dari ${real.source}); data contoh tidak menimpanya. ` +
        `Gunakan --boundaries BERKAS untuk membangun RT di atas batas nyata, atau --force untuk menimpa.`,
    );
  }

  const [realRt] = await queryRows<{ source: string }>(
    ctx.db,
    sql`SELECT source FROM area WHERE kabkota_code = ${SAMARINDA_CODE} AND level = 'rt' AND source <> 'demo' LIMIT 1`,
  );
  if (realRt && !input.force) {
    throw new UserError(
      `Basis data sudah berisi batas RT nyata (dari ${realRt.source}); RT contoh tidak menimpanya. Gunakan --force untuk menimpa.`,
    );
  }

  onStep("kelurahan");
  if (input.boundaries) {
    await importBoundaries({ ctx, input: { ...input.boundaries, level: "kelurahan" } });
  } else {
    await ctx.db.transaction(async (tx) => {
      const txCtx: Context = { ...ctx, db: tx };
      await createAreaStaging(txCtx);
      await stageGeoJsonAreas(
        txCtx,
        demoKelurahanOutlines().features.map((f) => ({ code: f.properties.kode, name: null, geometry: f.geometry })),
      );
      await upsertStagedAreas(txCtx, "demo");
    });
  }

  onStep("rt");
  await ctx.db.transaction(async (tx) => {
    const txCtx: Context = { ...ctx, db: tx };
    // Regenerated RT replace the previous demo RT whole, so no stale code survives a re-seed.
    await tx.execute(sql`DELETE FROM area WHERE kabkota_code = ${SAMARINDA_CODE} AND level = 'rt' AND source = 'demo'`);
    await generateDemoRtAreas({ ctx: txCtx, input: { kabkotaCode: SAMARINDA_CODE, seed: input.seed } });
  });

  const register =
    input.households > 0
      ? await loadDemoRegister({
          ctx,
          input: {
            kabkotaCode: SAMARINDA_CODE,
            households: input.households,
            seed: input.seed,
            receiptsFrom: input.receiptsFrom,
          },
          onStep,
        })
      : null;

  const accountsCreated = input.demoAccounts === false ? 0 : await ensureDemoAccounts(ctx);
  const counts = await queryRows<{ level: string; count: number }>(
    ctx.db,
    sql`SELECT level, count(*)::int AS count FROM area WHERE kabkota_code = ${SAMARINDA_CODE} GROUP BY level`,
  );
  const count = (level: string) => counts.find((row) => row.level === level)?.count ?? 0;
  return {
    kelurahan: count("kelurahan"),
    kecamatan: count("kecamatan"),
    rt: count("rt"),
    boundariesFrom: input.boundaries?.fileName ?? "garis batas contoh (Voronoi)",
    register,
    accountsCreated,
  };
}
