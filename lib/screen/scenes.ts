import { z } from "zod";

import { assertCan, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { readSetting, writeSetting, type Setting } from "@/lib/settings";

import { SCREEN_SCENES, type ScreenScene } from "./scene-list";

export const screenScenesInput = z.object({
  scenes: z
    .array(z.enum(SCREEN_SCENES, { error: `adegan harus salah satu dari ${SCREEN_SCENES.join(", ")}` }))
    .min(1, { error: "pilih paling sedikit satu adegan" })
    .refine((scenes) => new Set(scenes).size === scenes.length, { error: "setiap adegan sekali saja" }),
});

const SCREEN_SCENES_SETTING: Setting<ScreenScene[]> = {
  key: "screen_scenes",
  schema: screenScenesInput.shape.scenes,
  default: [...SCREEN_SCENES],
};

/** The scenes the screen rotates through, in order (setting `screen_scenes`; all of them by default). */
export function screenScenes({ ctx }: { ctx: Context }): Promise<ScreenScene[]> {
  return readSetting(ctx, SCREEN_SCENES_SETTING);
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
    await writeSetting(tx, SCREEN_SCENES_SETTING, input.scenes);
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
