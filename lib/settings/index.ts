import { inArray, sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import type { Database } from "@/db/engine";
import { appSetting } from "@/db/schema";
import type { Context } from "@/lib/context";

/**
 * A setting kept in `app_setting`: its key, the schema its stored JSON must pass, and its value
 * when none is stored (or what is stored does not pass). Every setting is read through
 * `readSettings`, or `settingSql` inside a query, and written through `writeSetting`.
 */
export interface Setting<T> {
  key: string;
  schema: z.ZodType<T>;
  default: T;
}

/** A whole number an admin may tune within bounds (lib/programs/rules.ts `changeSetting`). */
export interface TunableSetting extends Setting<number> {
  label: string;
  min: number;
  max: number;
}

const tunable = (key: string, label: string, min: number, max: number, value: number): TunableSetting => ({
  key,
  schema: z.number().int(),
  default: value,
  label,
  min,
  max,
});

/** Settings an admin may tune, with their bounds and defaults; each is read where it applies. */
export const TUNABLE_SETTINGS = {
  eligible_max_desil: tunable("eligible_max_desil", "Batas desil rumah tangga layak", 1, 10, 4),
  // Below 3 a shared screen could show a cell of one or two households, who would know each other.
  small_cell_k: tunable("small_cell_k", "Layar bersama: sembunyikan angka di bawah (rumah tangga)", 3, 50, 5),
  // Stacked counts pairs not allowed together: the demo city's kelurahan run 2.4–6.2 % of their
  // receiving households (default window, 42,124 households), so 5 % flags its upper fifth.
  alert_stacked_rate: tunable(
    "alert_stacked_rate",
    "Peringatan layar: kelurahan dengan bantuan bertumpuk di atas (% penerima)",
    1,
    100,
    5,
  ),
  alert_uncovered_rate: tunable(
    "alert_uncovered_rate",
    "Peringatan layar: kelurahan dengan layak belum menerima di atas (% layak)",
    1,
    100,
    15,
  ),
  screen_interval_s: tunable("screen_interval_s", "Layar: lama tiap adegan (detik)", 5, 600, 20),
  // The national verval cycle is monthly; the cities asked a lurah to answer within a week.
  sla_lurah_days: tunable("sla_lurah_days", "Verval: batas hari usulan menunggu lurah", 1, 60, 7),
  sla_dinsos_days: tunable("sla_dinsos_days", "Verval: batas hari usulan menunggu Dinas Sosial", 1, 90, 14),
  // Record linkage, in hundredths of a score: measured on `npm run bench -- --linkage` (lib/linkage/README.md).
  link_auto_score: tunable("link_auto_score", "Tautan data: skor tautan otomatis (per seratus)", 50, 100, 80),
  link_review_score: tunable("link_review_score", "Tautan data: skor masuk antrean periksa (per seratus)", 30, 99, 60),
  session_idle_minutes: tunable("session_idle_minutes", "Sesi berakhir bila tidak dipakai selama (menit)", 5, 720, 30),
} as const;
export type TunableSettingKey = keyof typeof TUNABLE_SETTINGS;

/** The kabupaten/kota the app opens on. */
export const HOME_KABKOTA_CODE: Setting<string> = { key: "home_kabkota_code", schema: z.string(), default: "64.72" };

type Values<S extends Record<string, Setting<unknown>>> = { [K in keyof S]: S[K]["default"] };

/** The values of several settings in one query, each its default where none (or none valid) is stored. */
export async function readSettings<S extends Record<string, Setting<unknown>>>(
  ctx: Context,
  settings: S,
): Promise<Values<S>> {
  const entries = Object.entries(settings);
  const stored = await ctx.db
    // The value as the driver parsed it: drizzle's jsonb column would parse a JSON string again ("64.72" → 64.72).
    .select({ key: appSetting.key, value: sql<unknown>`${appSetting.value}` })
    .from(appSetting)
    .where(
      inArray(
        appSetting.key,
        entries.map(([, setting]) => setting.key),
      ),
    );
  const byKey = new Map(stored.map((row) => [row.key, row.value]));
  return Object.fromEntries(
    entries.map(([name, setting]) => {
      const parsed = setting.schema.safeParse(byKey.get(setting.key));
      return [name, parsed.success ? parsed.data : setting.default];
    }),
  ) as Values<S>;
}

/** One setting's value, its default where none (or none valid) is stored. */
export async function readSetting<T>(ctx: Context, setting: Setting<T>): Promise<T> {
  return (await readSettings(ctx, { setting })).setting;
}

/** SQL: a tunable setting's value where it is read inside a query (one round trip), its default where none is stored. */
export function settingSql(setting: TunableSetting): SQL {
  return sql`coalesce((SELECT (${appSetting.value} #>> '{}')::int FROM ${appSetting} WHERE ${appSetting.key} = ${setting.key}), ${setting.default}::int)`;
}

/** Stores a setting's value (callers check rights, bounds and log the change). */
export async function writeSetting<T>(db: Database, setting: Setting<T>, value: T): Promise<void> {
  await db
    .insert(appSetting)
    .values({ key: setting.key, value, updatedAt: sql`now()` })
    .onConflictDoUpdate({ target: appSetting.key, set: { value, updatedAt: sql`now()` } });
}

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

/** Every tunable setting, its default where none was set. */
export function tunableSettings({ ctx }: { ctx: Context }): Promise<Record<TunableSettingKey, number>> {
  return readSettings(ctx, TUNABLE_SETTINGS);
}
