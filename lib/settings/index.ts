import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

/** Settings an admin may tune, with their bounds and defaults; each is read where it applies. */
export const TUNABLE_SETTINGS = {
  eligible_max_desil: { label: "Batas desil rumah tangga layak", min: 1, max: 10, default: 4 },
  // Below 3 a shared screen could show a cell of one or two households, who would know each other.
  small_cell_k: { label: "Layar bersama: sembunyikan angka di bawah (rumah tangga)", min: 3, max: 50, default: 5 },
  alert_stacked_rate: {
    label: "Peringatan layar: kelurahan dengan bantuan bertumpuk di atas (% penerima)",
    min: 1,
    max: 100,
    default: 80,
  },
  alert_uncovered_rate: {
    label: "Peringatan layar: kelurahan dengan layak belum menerima di atas (% layak)",
    min: 1,
    max: 100,
    default: 15,
  },
  screen_interval_s: { label: "Layar: lama tiap adegan (detik)", min: 5, max: 600, default: 20 },
  session_idle_minutes: { label: "Sesi berakhir bila tidak dipakai selama (menit)", min: 5, max: 720, default: 30 },
} as const;
export type TunableSettingKey = keyof typeof TUNABLE_SETTINGS;
const SETTING_KEYS = Object.keys(TUNABLE_SETTINGS) as [TunableSettingKey, ...TunableSettingKey[]];

/** Why `value` may not be stored for `key`, in the admin's words; null when it may. */
export function settingProblem(key: TunableSettingKey, value: number): string | null {
  const { label, min, max } = TUNABLE_SETTINGS[key];
  return value < min || value > max ? `${label}: nilai ${min} sampai ${max}.` : null;
}

export const settingChange = z
  .object({
    key: z.enum(SETTING_KEYS, { error: "setelan tidak dikenal" }),
    value: z.coerce.number({ error: "nilai harus bilangan bulat" }).int({ error: "nilai harus bilangan bulat" }),
  })
  .superRefine(({ key, value }, check) => {
    const problem = settingProblem(key, value);
    if (problem) check.addIssue({ code: "custom", path: ["value"], message: problem });
  });

/** SQL: a tunable setting's value where it is read inside a query, its default where none was set. */
export function settingSql(key: TunableSettingKey): SQL {
  return sql`coalesce((SELECT (value #>> '{}')::int FROM app_setting WHERE key = ${key}), ${TUNABLE_SETTINGS[key].default}::int)`;
}

/** Every tunable setting, its default where none was set. */
export async function tunableSettings({ ctx }: { ctx: Context }): Promise<Record<TunableSettingKey, number>> {
  const rows = await queryRows<{ key: TunableSettingKey; value: number }>(
    ctx.db,
    sql`SELECT key, (value #>> '{}')::int AS value FROM app_setting WHERE key IN (SELECT jsonb_array_elements_text(${JSON.stringify(SETTING_KEYS)}::jsonb))`,
  );
  const defaults = Object.fromEntries(SETTING_KEYS.map((key) => [key, TUNABLE_SETTINGS[key].default])) as Record<
    TunableSettingKey,
    number
  >;
  return { ...defaults, ...Object.fromEntries(rows.map((row) => [row.key, row.value])) };
}
