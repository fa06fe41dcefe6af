import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import { inScope } from "@/lib/access";
import type { Context } from "@/lib/context";
import { todayInWita } from "@/lib/format";
import { openSuggestionsByKelurahan, overdueSql, slaLimits } from "@/lib/verval";

import {
  emptyCounts,
  figuresOf,
  ranksOf,
  SCORECARD_FIGURE_KEYS,
  SCORECARD_FIGURES,
  sumCounts,
  type ScorecardCounts,
  type ScorecardFigureKey,
  type ScorecardValue,
} from "./figures";

/** How far back "a month earlier" looks: the latest snapshot between these many days ago. */
const MONTH_AGO_DAYS = { nearest: 30, farthest: 45 } as const;

/** Counts of every kelurahan of a kabupaten/kota, and the refused rows that name none. */
interface KabkotaCounts {
  kelurahan: Map<string, ScorecardCounts>;
  /** Refused rows of the last 90 days whose cells name no kelurahan: the city's own. */
  refusedUnplaced: number;
}

const counted = (map: Map<string, ScorecardCounts>, code: string) => {
  let counts = map.get(code);
  if (!counts) map.set(code, (counts = emptyCounts()));
  return counts;
};

/**
 * The counts of `registerCounts` per database handle and kabupaten/kota, with the versions they
 * were counted at: reading them again costs seconds at 42k households (the receipts and the
 * suggestion facts), and they change only with a write that moves one of the two versions.
 */
const registerCountsKept = new WeakMap<
  Context["db"],
  Map<string, { versions: string; kelurahan: Map<string, ScorecardCounts> }>
>();

/**
 * The scorecard counts of every kelurahan of `kabkota`, set-based, one pass per source: the
 * register's and the imports' counts (`registerCounts`), then the proposals and the refused rows,
 * which also move with the clock (overdue, the last 30 and 90 days).
 */
async function kabkotaCounts(ctx: Context, kabkota: string): Promise<KabkotaCounts> {
  const kelurahan = await registerCounts(ctx, kabkota);
  const proposals = await queryRows<{
    code: string;
    diajukan: number;
    disetujui_lurah: number;
    diverifikasi: number;
    overdue: number;
    applied_30_days: number;
    applied_on: string | null;
  }>(
    ctx.db,
    sql`SELECT p.kelurahan_code AS code,
               count(*) FILTER (WHERE p.state = 'diajukan')::int AS diajukan,
               count(*) FILTER (WHERE p.state = 'disetujui_lurah')::int AS disetujui_lurah,
               count(*) FILTER (WHERE p.state = 'diverifikasi')::int AS diverifikasi,
               count(*) FILTER (WHERE ${overdueSql(await slaLimits(ctx))})::int AS overdue,
               count(*) FILTER (WHERE p.state = 'diterapkan' AND p.state_changed_at > now() - interval '30 days')::int AS applied_30_days,
               (max(p.state_changed_at) FILTER (WHERE p.state = 'diterapkan') AT TIME ZONE 'Asia/Makassar')::date::text AS applied_on
        FROM proposal p WHERE p.kabkota_code = ${kabkota}
        GROUP BY p.kelurahan_code`,
  );
  for (const row of proposals) {
    if (!kelurahan.has(row.code)) continue;
    const c = counted(kelurahan, row.code);
    c.proposals_diajukan = row.diajukan;
    c.proposals_disetujui_lurah = row.disetujui_lurah;
    c.proposals_diverifikasi = row.diverifikasi;
    c.proposals_overdue = row.overdue;
    c.applied_30_days = row.applied_30_days;
    if (row.applied_on && (!c.last_verval_on || row.applied_on > c.last_verval_on)) c.last_verval_on = row.applied_on;
  }
  // A refused row is the kelurahan's when one of its cells holds the kelurahan's code or name.
  const refused = await queryRows<{ code: string | null; n: number }>(
    ctx.db,
    sql`SELECT k.code, count(*)::int AS n
        FROM import_rejection r
        JOIN import_batch b ON b.id = r.import_batch_id AND b.started_at > now() - interval '90 days'
        LEFT JOIN LATERAL (
          SELECT a.code FROM area a
          WHERE a.level = 'kelurahan' AND a.code LIKE ${`${kabkota}.%`}
            AND EXISTS (SELECT 1 FROM jsonb_each_text(r.raw) cell
                        WHERE upper(btrim(cell.value)) IN (a.code, upper(a.name), upper('Kelurahan ' || a.name)))
          ORDER BY a.code LIMIT 1
        ) k ON true
        WHERE r.kabkota_code = ${kabkota}
        GROUP BY k.code`,
  );
  let refusedUnplaced = 0;
  for (const row of refused) {
    if (row.code) counted(kelurahan, row.code).refused_rows_90_days = row.n;
    else refusedUnplaced = row.n;
  }
  return { kelurahan, refusedUnplaced };
}

/**
 * The counts of every kelurahan that follow the register, the imports and the open suggestions:
 * households and members with their quality, the latest imports and lists, the suggestions nobody
 * took up. Kept per process by the data version and the verval version (migration 0029), which
 * every write to what they read moves forward.
 */
async function registerCounts(ctx: Context, kabkota: string): Promise<Map<string, ScorecardCounts>> {
  const [current] = await queryRows<{ versions: string }>(
    ctx.db,
    sql`SELECT (SELECT version FROM data_version WHERE id = 1) || ':' || (SELECT version FROM verval_version WHERE id = 1) AS versions`,
  );
  const versions = current?.versions ?? "";
  const keptOfDatabase = registerCountsKept.get(ctx.db) ?? new Map();
  registerCountsKept.set(ctx.db, keptOfDatabase);
  const kept = keptOfDatabase.get(kabkota);
  if (kept?.versions === versions) return structuredClone(kept.kelurahan);
  const areas = await queryRows<{ code: string }>(
    ctx.db,
    sql`SELECT code FROM area WHERE level = 'kelurahan' AND code LIKE ${`${kabkota}.%`}`,
  );
  const kelurahan = new Map(areas.map((a) => [a.code, emptyCounts()]));
  const households = await queryRows<{
    code: string;
    households: number;
    kk_invalid: number;
    without_geotag: number;
    geotagged: number;
    location_mismatch: number;
    verified_on: string | null;
  }>(
    ctx.db,
    sql`SELECT h.effective_kelurahan_code AS code, count(*)::int AS households,
               count(*) FILTER (WHERE h.no_kk_check <> 'valid')::int AS kk_invalid,
               count(*) FILTER (WHERE h.location_status = 'tanpa_geotag')::int AS without_geotag,
               count(*) FILTER (WHERE h.location_status <> 'tanpa_geotag')::int AS geotagged,
               count(*) FILTER (WHERE h.location_status IN ('tidak_sesuai', 'di_luar_wilayah', 'di_luar_kabkota'))::int AS location_mismatch,
               max(h.verval_date)::text AS verified_on
        FROM household h
        WHERE h.kabkota_code = ${kabkota} AND h.effective_kelurahan_code IS NOT NULL
        GROUP BY h.effective_kelurahan_code`,
  );
  for (const row of households) {
    const c = counted(kelurahan, row.code);
    Object.assign(c, {
      households: row.households,
      kk_invalid: row.kk_invalid,
      without_geotag: row.without_geotag,
      geotagged: row.geotagged,
      location_mismatch: row.location_mismatch,
      last_verval_on: row.verified_on,
    });
  }
  const householdImports = await queryRows<{ code: string; imported_at: string | null }>(
    ctx.db,
    sql`SELECT hb.code, max(b.finished_at) AS imported_at
        FROM (SELECT effective_kelurahan_code AS code, import_batch_id FROM household
              WHERE kabkota_code = ${kabkota} AND effective_kelurahan_code IS NOT NULL
              GROUP BY effective_kelurahan_code, import_batch_id) hb
        JOIN import_batch b ON b.id = hb.import_batch_id AND b.status = 'selesai'
        GROUP BY hb.code`,
  );
  for (const row of householdImports)
    counted(kelurahan, row.code).last_import_at = row.imported_at ? new Date(row.imported_at).toISOString() : null;
  const persons = await queryRows<{ code: string; persons: number; nik_invalid: number; no_birth_date: number }>(
    ctx.db,
    sql`SELECT h.effective_kelurahan_code AS code, count(*)::int AS persons,
               count(*) FILTER (WHERE p.nik_check <> 'valid')::int AS nik_invalid,
               count(*) FILTER (WHERE p.birth_date IS NULL)::int AS no_birth_date
        FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
        WHERE h.kabkota_code = ${kabkota} AND h.effective_kelurahan_code IS NOT NULL
        GROUP BY h.effective_kelurahan_code`,
  );
  for (const { code, ...row } of persons) Object.assign(counted(kelurahan, code), row);
  // Receipts as the lists name their kelurahan: the latest month per program, the latest import.
  const receipts = await queryRows<{ code: string; program: string; period: string; imported_at: string | null }>(
    ctx.db,
    sql`SELECT r.kelurahan_code AS code, r.program_code AS program, max(r.period) AS period,
               max(b.finished_at) FILTER (WHERE b.status = 'selesai') AS imported_at
        FROM (SELECT kelurahan_code, program_code, import_batch_id, max(period) AS period FROM aid_receipt
              WHERE kabkota_code = ${kabkota} AND kelurahan_code IS NOT NULL
              GROUP BY kelurahan_code, program_code, import_batch_id) r
        LEFT JOIN import_batch b ON b.id = r.import_batch_id
        GROUP BY r.kelurahan_code, r.program_code`,
  );
  for (const row of receipts) {
    if (!kelurahan.has(row.code)) continue;
    const c = counted(kelurahan, row.code);
    c.latest_periods[row.program] = row.period;
    const at = row.imported_at ? new Date(row.imported_at).toISOString() : null;
    if (at && (!c.last_import_at || at > c.last_import_at)) c.last_import_at = at;
  }
  for (const [code, n] of await openSuggestionsByKelurahan(ctx, kabkota))
    if (kelurahan.has(code)) counted(kelurahan, code).suggestions_open = n;
  keptOfDatabase.set(kabkota, { versions, kelurahan: structuredClone(kelurahan) });
  return kelurahan;
}

export interface ScorecardArea {
  code: string;
  name: string;
  level: AreaLevel;
  counts: ScorecardCounts;
  figures: Record<ScorecardFigureKey, ScorecardValue>;
}

export interface Scorecard {
  /** The area asked for, ranked among its own siblings (the city: alone). */
  area: ScorecardArea;
  /** How many siblings the area's ranks are among (itself included). */
  siblings: number;
  /** The city's kecamatan, ranked among themselves (empty below the city). */
  kecamatan: ScorecardArea[];
  /** Every kelurahan in the area (in the account's scope), each ranked among its kecamatan's kelurahan. */
  kelurahan: ScorecardArea[];
  /** The day the figures are of (WITA), and the day of the snapshot the changes compare with. */
  today: string;
  compared_with: string | null;
}

interface AreaRow {
  code: string;
  name: string;
  level: AreaLevel;
  parent_code: string | null;
}

/**
 * The scorecard of an area (kabupaten/kota, kecamatan or kelurahan) with its kecamatan's and kelurahan's:
 * kelurahan counts rolled up by sums, each figure ranked among siblings and compared with the
 * snapshot of a month earlier. Today's figures of every area are kept as a snapshot once a day.
 * Null when the area is unknown, out of scope, or an RT (the scorecard stops at the kelurahan).
 */
export async function readScorecard({
  ctx,
  input,
}: {
  ctx: Context;
  input: { code: string };
}): Promise<Scorecard | null> {
  if (!inScope(ctx.actor, input.code)) return null;
  const [asked] = await queryRows<AreaRow & { kabkota_code: string | null }>(
    ctx.db,
    sql`SELECT code, name, level, parent_code, kabkota_code FROM area WHERE code = ${input.code}`,
  );
  if (!asked || !asked.kabkota_code || !["kabkota", "kecamatan", "kelurahan"].includes(asked.level)) return null;
  const kabkota = asked.kabkota_code;
  const today = todayInWita();
  const { kelurahan, refusedUnplaced } = await kabkotaCounts(ctx, kabkota);
  const areas = await queryRows<AreaRow>(
    ctx.db,
    sql`SELECT code, name, level, parent_code FROM area
        WHERE code = ${kabkota} OR (code LIKE ${`${kabkota}.%`} AND level IN ('kecamatan', 'kelurahan'))`,
  );
  const countsOf = new Map<string, ScorecardCounts>(kelurahan);
  for (const kecamatan of areas.filter((a) => a.level === "kecamatan"))
    countsOf.set(
      kecamatan.code,
      sumCounts(
        areas.filter((a) => a.parent_code === kecamatan.code).map((a) => kelurahan.get(a.code) ?? emptyCounts()),
      ),
    );
  const city = sumCounts(areas.filter((a) => a.level === "kecamatan").map((a) => countsOf.get(a.code)!));
  city.refused_rows_90_days += refusedUnplaced;
  countsOf.set(kabkota, city);

  const figuresNow = new Map([...countsOf].map(([code, counts]) => [code, figuresOf(counts, today)]));
  await keepSnapshot(ctx, kabkota, today, figuresNow);
  const { takenOn, figures: monthAgo } = await snapshotMonthAgo(ctx, kabkota, today);

  const byCode = new Map(areas.map((a) => [a.code, a]));
  const siblingsOf = (area: AreaRow) =>
    areas.filter((a) => a.level === area.level && a.parent_code === area.parent_code);
  const cardOf = (area: AreaRow, siblings: AreaRow[]): ScorecardArea => {
    const figures = {} as Record<ScorecardFigureKey, ScorecardValue>;
    for (const key of SCORECARD_FIGURE_KEYS) {
      const ranks = ranksOf(
        siblings.map((s) => ({ code: s.code, value: figuresNow.get(s.code)?.[key] ?? null })),
        SCORECARD_FIGURES[key].better,
      );
      const value = figuresNow.get(area.code)?.[key] ?? null;
      const then = monthAgo.get(area.code)?.[key];
      figures[key] = {
        value,
        rank: value === null ? null : (ranks.get(area.code) ?? null),
        change: value === null || then === undefined || then === null ? null : round1(value - then),
      };
    }
    return { code: area.code, name: area.name, level: area.level, counts: countsOf.get(area.code)!, figures };
  };
  const own = byCode.get(asked.code)!;
  // Ranked among all its siblings, in the account's scope or not: only the rank is shown of them.
  const ownSiblings = own.level === "kabkota" ? [own] : siblingsOf(own);
  const kecamatan = own.level === "kabkota" ? areas.filter((a) => a.level === "kecamatan") : [];
  const kelurahanInArea = areas.filter(
    (a) =>
      a.level === "kelurahan" &&
      own.level !== "kelurahan" &&
      a.code.startsWith(`${own.code}.`) &&
      inScope(ctx.actor, a.code),
  );
  return {
    area: cardOf(own, ownSiblings),
    siblings: ownSiblings.length,
    kecamatan: kecamatan.map((k) => cardOf(k, kecamatan)),
    kelurahan: kelurahanInArea.map((k) => cardOf(k, siblingsOf(k))),
    today,
    compared_with: takenOn,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Today's figures of every area, once a day (the first read of the day writes them). */
async function keepSnapshot(
  ctx: Context,
  kabkota: string,
  today: string,
  figures: Map<string, Record<ScorecardFigureKey, number | null>>,
): Promise<void> {
  const rows = [...figures].map(([code, values]) => ({ code, figures: values }));
  await ctx.db.execute(sql`
    INSERT INTO scorecard_snapshot (kabkota_code, area_code, taken_on, figures)
    SELECT ${kabkota}, x.code, ${today}::date, x.figures
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS x(code text, figures jsonb)
    ON CONFLICT DO NOTHING`);
}

/** The snapshot a month earlier: the latest taken 30 to 45 days before today. */
async function snapshotMonthAgo(
  ctx: Context,
  kabkota: string,
  today: string,
): Promise<{ takenOn: string | null; figures: Map<string, Partial<Record<ScorecardFigureKey, number | null>>> }> {
  const rows = await queryRows<{ code: string; taken_on: string; figures: Record<string, number | null> }>(
    ctx.db,
    sql`SELECT area_code AS code, taken_on::text AS taken_on, figures FROM scorecard_snapshot
        WHERE kabkota_code = ${kabkota}
          AND taken_on = (SELECT max(taken_on) FROM scorecard_snapshot
                          WHERE kabkota_code = ${kabkota}
                            AND taken_on BETWEEN ${today}::date - ${MONTH_AGO_DAYS.farthest}::int
                                             AND ${today}::date - ${MONTH_AGO_DAYS.nearest}::int)`,
  );
  return { takenOn: rows[0]?.taken_on ?? null, figures: new Map(rows.map((r) => [r.code, r.figures])) };
}

/** An operator account's follow-up of its kelurahan's proposals. */
export interface OperatorScorecard {
  username: string;
  display_name: string | null;
  areas: string[];
  /** Drafts and proposals returned to it: waiting on the operator. */
  drafts: number;
  submitted_30_days: number;
  applied_30_days: number;
  returned_30_days: number;
  /** Its submitted proposals waiting longer than the SLA allows. */
  overdue: number;
  /** The last time the account was seen signed in (ISO timestamp). */
  last_seen_at: string | null;
}

/**
 * Every active operator account whose areas lie in `code` (the whole kabupaten/kota for its
 * code), with what its proposals wait on and came to. Staff accounts, no beneficiary in it.
 */
export async function operatorScorecards({
  ctx,
  input,
}: {
  ctx: Context;
  input: { code: string };
}): Promise<OperatorScorecard[]> {
  if (!inScope(ctx.actor, input.code)) return [];
  const rows = await queryRows<OperatorScorecard>(
    ctx.db,
    sql`SELECT u.username, u.display_name,
               (SELECT array_agg(ua.area_code ORDER BY ua.area_code) FROM user_area ua WHERE ua.user_id = u.id) AS areas,
               count(p.id) FILTER (WHERE p.state IN ('draf', 'dikembalikan'))::int AS drafts,
               count(p.id) FILTER (WHERE p.state <> 'draf' AND p.created_at > now() - interval '30 days')::int AS submitted_30_days,
               count(p.id) FILTER (WHERE p.state = 'diterapkan' AND p.state_changed_at > now() - interval '30 days')::int AS applied_30_days,
               count(p.id) FILTER (WHERE p.state = 'dikembalikan' AND p.state_changed_at > now() - interval '30 days')::int AS returned_30_days,
               count(p.id) FILTER (WHERE ${overdueSql(await slaLimits(ctx))})::int AS overdue,
               (SELECT max(s.last_seen_at) FROM session s WHERE s.user_id = u.id) AS last_seen_at
        FROM app_user u
        LEFT JOIN proposal p ON p.author_id = u.id
        WHERE u.role = 'operator' AND u.active
          AND EXISTS (SELECT 1 FROM user_area ua WHERE ua.user_id = u.id
                      AND (ua.area_code = ${input.code} OR ua.area_code LIKE ${`${input.code}.%`}))
        GROUP BY u.id, u.username, u.display_name
        ORDER BY u.username`,
  );
  return rows.map((r) => ({
    ...r,
    areas: r.areas ?? [],
    last_seen_at: r.last_seen_at ? new Date(r.last_seen_at).toISOString() : null,
  }));
}
