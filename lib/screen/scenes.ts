import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";

import { SCREEN_SCENES, type ScreenScene } from "./scene-list";

export const screenScenesInput = z.object({
  scenes: z
    .array(z.enum(SCREEN_SCENES, { error: `adegan harus salah satu dari ${SCREEN_SCENES.join(", ")}` }))
    .min(1, { error: "pilih paling sedikit satu adegan" })
    .refine((scenes) => new Set(scenes).size === scenes.length, { error: "setiap adegan sekali saja" }),
});

/** The scenes the screen rotates through, in order (setting `screen_scenes`; all of them by default). */
export async function screenScenes({ ctx }: { ctx: Context }): Promise<ScreenScene[]> {
  const [row] = await queryRows<{ value: unknown }>(
    ctx.db,
    sql`SELECT value FROM app_setting WHERE key = 'screen_scenes'`,
  );
  const parsed = screenScenesInput.shape.scenes.safeParse(row?.value);
  return parsed.success ? parsed.data : [...SCREEN_SCENES];
}

/** Sets the scenes and their order (admin), logged old → new. */
export async function changeScreenScenes({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.infer<typeof screenScenesInput>;
}): Promise<ScreenScene[]> {
  assertCan(ctx.actor, "manage_rules");
  const before = await screenScenes({ ctx });
  await ctx.db.transaction(async (tx) => {
    await tx.execute(sql`INSERT INTO app_setting (key, value, updated_at) VALUES ('screen_scenes', ${JSON.stringify(input.scenes)}::jsonb, now())
                         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "setting_change",
        entity: "app_setting",
        entityId: "screen_scenes",
        oldValue: before,
        newValue: input.scenes,
      },
    );
  });
  return input.scenes;
}
