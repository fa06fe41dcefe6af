import { sql, TransactionRollbackError } from "drizzle-orm";
import { expect, it } from "vitest";
import { z, ZodError } from "zod";

import { queryRows } from "@/db/engine";
import { listAudit, recordAudit } from "@/lib/access/audit";
import { HOME_KABKOTA_CODE, readSetting, readSettings, TUNABLE_SETTINGS, writeSetting } from "@/lib/settings";

import { describeEachEngine } from "../helpers/each-engine";

describeEachEngine("typed rows and settings", (fixture) => {
  it("parses rows by a given schema: unknown columns dropped, a mistyped one refused", async () => {
    const { ctx } = fixture();
    const row = z.object({ code: z.string(), households: z.number().int() });
    const rows = await queryRows(ctx.db, sql`SELECT '64.72' AS code, 3::int AS households, 'x' AS extra`, row);
    expect(rows).toEqual([{ code: "64.72", households: 3 }]);
    await expect(queryRows(ctx.db, sql`SELECT '64.72' AS code, 'tiga' AS households`, row)).rejects.toThrow(ZodError);
  });

  it("reads a setting stored as a JSON string as that string, and a refused value as the default", async () => {
    const { ctx } = fixture();
    expect(await readSetting(ctx, HOME_KABKOTA_CODE)).toBe("64.72");
    await ctx.db
      .transaction(async (tx) => {
        const txCtx = { ...ctx, db: tx };
        await writeSetting(tx, HOME_KABKOTA_CODE, "64.02");
        expect(await readSetting(txCtx, HOME_KABKOTA_CODE)).toBe("64.02");
        await writeSetting(tx, TUNABLE_SETTINGS.small_cell_k, 7);
        await tx.execute(sql`INSERT INTO app_setting (key, value) VALUES ('screen_interval_s', '"lama"'::jsonb)`);
        const values = await readSettings(txCtx, TUNABLE_SETTINGS);
        expect(values.small_cell_k).toBe(7);
        expect(values.screen_interval_s).toBe(TUNABLE_SETTINGS.screen_interval_s.default);
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof TransactionRollbackError)) throw error;
      });
  });

  it("stores an audit entry's absent value as SQL NULL and a null one as JSON null, and reads a JSON string back as it is", async () => {
    const { ctx } = fixture();
    await recordAudit(ctx, { action: "rule_change", entity: "probe", entityId: 1, oldValue: null, newValue: "5" });
    const [entry] = await queryRows<{ old: string | null; new: string | null; detail: string | null }>(
      ctx.db,
      sql`SELECT jsonb_typeof(old_value) AS old, jsonb_typeof(new_value) AS new, detail::text AS detail
          FROM audit_log WHERE entity = 'probe' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry).toEqual({ old: "null", new: "string", detail: null });
    const { rows } = await listAudit({ ctx, input: { action: "rule_change", page: 1 } });
    expect(rows[0]).toMatchObject({ entity: "probe", entity_id: "1", old_value: null, new_value: "5", detail: null });
  });
});
