import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import type { NikCheck } from "@/db/schema/vocabulary";
import { assertCan, can, placeScopeSql, recordAudit, type Actor } from "@/lib/access";
import { resolveWindow } from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { formatDate, formatPeriod } from "@/lib/format";
import { NIK_CHECK_LABELS } from "@/lib/nik";

/** What Tepat noticed in the register that a proposal could fix. */
export const SUGGESTION_KINDS = [
  "meninggal_dibayar",
  "nik_ganda",
  "nik_tidak_sah",
  "kk_tidak_sah",
  "lokasi_tidak_sesuai",
  "dukcapil_meninggal",
  "dukcapil_pindah",
  "orang_ganda",
] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export const SUGGESTION_KIND_LABELS: Record<SuggestionKind, string> = {
  meninggal_dibayar: "Meninggal masih menerima",
  nik_ganda: "NIK di dua rumah tangga",
  nik_tidak_sah: "NIK tidak sah",
  kk_tidak_sah: "No. KK tidak sah",
  lokasi_tidak_sesuai: "Lokasi tidak sesuai",
  dukcapil_meninggal: "Meninggal menurut Dukcapil",
  dukcapil_pindah: "Pindah menurut Dukcapil",
  orang_ganda: "Orang yang sama di dua rumah tangga",
};

/** The proposal a suggestion opens, prefilled (lib/verval/change.ts shapes). */
export interface SuggestedProposal {
  kind: "nonaktif" | "perubahan";
  household_id: number;
  change: Record<string, unknown>;
}

export interface Suggestion {
  /** The fact, stable across re-imports while the fact holds: a dismissal keeps it from coming back. */
  key: string;
  kind: SuggestionKind;
  household_id: number;
  dtks_id: string;
  kelurahan_code: string;
  kelurahan_name: string | null;
  /** The person concerned, when one is (name only; NIKs are never part of a suggestion). */
  person_name: string | null;
  /** What was noticed, in a sentence. */
  detail: string;
  proposal: SuggestedProposal;
}

/** A fact as the query finds it: the suggestion's own fields, and what its sentence and proposal are made of. */
interface SuggestionRow extends Omit<Suggestion, "detail" | "proposal"> {
  person_id: number | null;
  death_date: string | null;
  last_period: string | null;
  living_others: number | null;
  nik_check: NikCheck | null;
  other_dtks_id: string | null;
  /** Dukcapil events: the day of the event and, for a move, where to. */
  event_date: string | null;
  destination: string | null;
  spatial_kelurahan_code: string | null;
  spatial_kelurahan_name: string | null;
  rn: number;
  total: number;
}

/** Roles that work through suggestions: the operator who proposes, the lurah, Dinas Sosial. */
export function canSeeSuggestions(actor: Actor): boolean {
  return can(actor, "verval");
}

/**
 * Every fact of the register a proposal could fix, as rows keyed by the fact: a person who died
 * before the month of a receipt matched to them by NIK (in the default analysis window); a valid
 * NIK standing in two active households (the later household is suggested as `ganda`); an invalid
 * NIK or No. KK of an active household; a geotag in another kelurahan than the declared one; a
 * member of an active household whom a Dukcapil event list (civil_registry_event, by NIK) reports
 * dead while the register does not, or moved away (the earliest such event per person).
 */
function facts(kabkota: string, window: { from: string; to: string }, kind?: SuggestionKind): SQL {
  const house = sql`h.kabkota_code = ${kabkota} AND h.status = 'aktif'`;
  const livingOthers = sql`(SELECT count(*) FROM person o WHERE o.kabkota_code = h.kabkota_code AND o.household_id = h.id AND o.id <> p.id AND o.death_date IS NULL)::int`;
  const dukcapil = (event: "meninggal" | "pindah") => sql`
      SELECT ${sql.raw(`'dukcapil-${event}:'`)} || p.id || ${event === "pindah" ? sql`':' || e.event_date` : sql`''`}, ${sql.raw(`'dukcapil_${event}'`)}, h.id, p.id, p.name,
             NULL, NULL, ${livingOthers}, NULL, NULL, e.event_date::text, e.destination
      FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      CROSS JOIN LATERAL (
        SELECT ev.event_date, ev.destination FROM civil_registry_event ev
        WHERE ev.kabkota_code = p.kabkota_code AND ev.nik = p.nik AND ev.event = ${event} ORDER BY ev.event_date LIMIT 1
      ) e
      WHERE p.kabkota_code = ${kabkota} AND p.nik_check = 'valid' AND p.death_date IS NULL AND ${house}`;
  const branches: Record<SuggestionKind, SQL> = {
    meninggal_dibayar: sql`
      SELECT 'meninggal:' || p.id || ':' || p.death_date AS key, 'meninggal_dibayar' AS kind, h.id AS household_id,
             p.id AS person_id, p.name AS person_name, p.death_date::text AS death_date, paid.last_period,
             ${livingOthers} AS living_others,
             NULL::nik_check AS nik_check, NULL AS other_dtks_id, NULL::text AS event_date, NULL::text AS destination
      FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      CROSS JOIN LATERAL (
        SELECT max(r.period) AS last_period FROM aid_receipt r
        WHERE r.kabkota_code = p.kabkota_code AND r.matched_household_id = p.household_id AND r.matched_person_id = p.id
          AND r.match_method IN ('nik', 'tautan_otomatis', 'tautan_dikonfirmasi') AND r.period BETWEEN ${window.from} AND ${window.to}
          AND to_date(r.period || '-01', 'YYYY-MM-DD') > p.death_date
      ) paid
      WHERE p.kabkota_code = ${kabkota} AND p.death_date IS NOT NULL AND paid.last_period IS NOT NULL AND ${house}`,
    nik_ganda: sql`
      SELECT 'ganda:' || h.id || ':' || first.dtks_id, 'nik_ganda', h.id, p.id, p.name, NULL, NULL, NULL, NULL, first.dtks_id, NULL, NULL
      FROM (
        SELECT p.nik FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${kabkota} AND p.nik_check = 'valid' AND ${house}
        GROUP BY p.nik HAVING count(DISTINCT p.household_id) > 1
      ) twice
      JOIN person p ON p.kabkota_code = ${kabkota} AND p.nik = twice.nik
      JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id AND ${house}
      CROSS JOIN LATERAL (
        SELECT h2.dtks_id FROM person p2 JOIN household h2 ON h2.kabkota_code = p2.kabkota_code AND h2.id = p2.household_id
        WHERE p2.kabkota_code = ${kabkota} AND p2.nik = twice.nik AND h2.status = 'aktif' ORDER BY h2.id LIMIT 1
      ) first
      WHERE h.dtks_id <> first.dtks_id`,
    nik_tidak_sah: sql`
      SELECT 'nik:' || p.id || ':' || md5(coalesce(p.nik, '')), 'nik_tidak_sah', h.id, p.id, p.name, NULL, NULL, NULL, p.nik_check, NULL, NULL, NULL
      FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      WHERE p.kabkota_code = ${kabkota} AND p.nik_check <> 'valid' AND p.death_date IS NULL AND ${house}`,
    kk_tidak_sah: sql`
      SELECT 'kk:' || h.id || ':' || md5(coalesce(h.no_kk, '')), 'kk_tidak_sah', h.id, NULL, NULL, NULL, NULL, NULL, h.no_kk_check, NULL, NULL, NULL
      FROM household h WHERE ${house} AND h.no_kk_check <> 'valid'`,
    lokasi_tidak_sesuai: sql`
      SELECT 'lokasi:' || h.id || ':' || h.declared_kelurahan_code || ':' || h.spatial_kelurahan_code, 'lokasi_tidak_sesuai', h.id,
             NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM household h WHERE ${house} AND h.location_status = 'tidak_sesuai'`,
    dukcapil_meninggal: dukcapil("meninggal"),
    dukcapil_pindah: dukcapil("pindah"),
    // A register duplicate confirmed in the linkage queue (lib/linkage): the second person's household is suggested.
    orang_ganda: sql`
      SELECT 'orang-ganda:' || q.fingerprint, 'orang_ganda', h.id, p.id, p.name, NULL, NULL, ${livingOthers}, NULL, first_h.dtks_id, NULL, NULL
      FROM linkage_pair q
      JOIN person p ON p.kabkota_code = q.kabkota_code AND p.id = q.other_person_id
      JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      JOIN person fp ON fp.kabkota_code = q.kabkota_code AND fp.id = q.person_id
      JOIN household first_h ON first_h.kabkota_code = fp.kabkota_code AND first_h.id = fp.household_id
      WHERE q.kabkota_code = ${kabkota} AND q.kind = 'ganda' AND q.state = 'dikonfirmasi' AND p.death_date IS NULL AND ${house}`,
  };
  const chosen = kind ? [branches[kind]] : SUGGESTION_KINDS.map((k) => branches[k]);
  return sql`SELECT * FROM (${sql.join(chosen, sql` UNION ALL `)}) AS facts(key, kind, household_id, person_id, person_name, death_date,
    last_period, living_others, nik_check, other_dtks_id, event_date, destination)`;
}

/** SQL: fact `f` is neither dismissed nor taken up by a proposal. */
function stillOpen(kabkota: string): SQL {
  return sql`NOT EXISTS (SELECT 1 FROM suggestion_dismissal d WHERE d.kabkota_code = ${kabkota} AND d.fact_key = f.key)
    AND NOT EXISTS (SELECT 1 FROM proposal pr WHERE pr.kabkota_code = ${kabkota} AND pr.suggestion_key = f.key)`;
}

/**
 * How many suggestions are open per kelurahan (the household's), for the scorecard: the same
 * facts and dismissals as listSuggestions, of the whole kabupaten/kota in one pass.
 */
export async function openSuggestionsByKelurahan(ctx: Context, kabkota: string): Promise<Map<string, number>> {
  const window = await resolveWindow({ ctx, input: { kabkotaCode: kabkota } });
  const rows = await queryRows<{ code: string; n: number }>(
    ctx.db,
    sql`
      WITH f AS MATERIALIZED (${facts(kabkota, window)})
      SELECT h.effective_kelurahan_code AS code, count(*)::int AS n
      FROM f JOIN household h ON h.kabkota_code = ${kabkota} AND h.id = f.household_id
      WHERE h.effective_kelurahan_code IS NOT NULL AND ${stillOpen(kabkota)}
      GROUP BY h.effective_kelurahan_code`,
  );
  return new Map(rows.map((r) => [r.code, r.n]));
}

export const suggestionListParams = z.object({
  kind: z.enum(SUGGESTION_KINDS, { error: "jenis saran tidak dikenal" }).optional(),
  per_kind: z.coerce.number().int().min(1).max(200).default(20),
  key: z.string().trim().max(200).optional(),
});
export type SuggestionQuery = z.input<typeof suggestionListParams>;

export interface SuggestionList {
  counts: Record<SuggestionKind, number>;
  suggestions: Suggestion[];
}

/**
 * The suggestions of the actor's areas that nobody dismissed and no proposal took up: a count per
 * kind and the first `per_kind` of each (the most recent receipts and lowest households first).
 */
export async function listSuggestions({
  ctx,
  input,
}: {
  ctx: Context;
  input: SuggestionQuery;
}): Promise<SuggestionList> {
  assertCan(ctx.actor, "verval");
  const query = suggestionListParams.parse(input);
  const kabkota = await homeKabkotaCode(ctx);
  const window = await resolveWindow({ ctx, input: { kabkotaCode: kabkota } });
  const rows = await queryRows<SuggestionRow>(
    ctx.db,
    sql`
      WITH f AS MATERIALIZED (${facts(kabkota, window, query.kind)}),
      open AS (
        SELECT f.*, h.dtks_id, h.effective_kelurahan_code AS kelurahan_code, h.spatial_kelurahan_code,
               row_number() OVER (PARTITION BY f.kind ORDER BY f.last_period DESC NULLS LAST, f.household_id, f.person_id) AS rn,
               count(*) OVER (PARTITION BY f.kind) AS total
        FROM f JOIN household h ON h.kabkota_code = ${kabkota} AND h.id = f.household_id
        WHERE ${placeScopeSql(ctx.actor, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}
          AND ${stillOpen(kabkota)}
          ${query.key ? sql`AND f.key = ${query.key}` : sql``}
      )
      SELECT o.key, o.kind, o.household_id::int AS household_id, o.dtks_id, o.kelurahan_code, a.name AS kelurahan_name,
             o.person_id::int AS person_id, o.person_name, o.death_date, o.last_period, o.living_others, o.nik_check,
             o.other_dtks_id, o.event_date, o.destination, o.spatial_kelurahan_code, s.name AS spatial_kelurahan_name, o.rn::int AS rn, o.total::int AS total
      FROM open o LEFT JOIN area a ON a.code = o.kelurahan_code LEFT JOIN area s ON s.code = o.spatial_kelurahan_code
      WHERE o.rn <= ${query.per_kind}
      ORDER BY array_position(${sql.raw(`ARRAY[${SUGGESTION_KINDS.map((k) => `'${k}'`).join(",")}]`)}, o.kind), o.rn`,
  );
  const counts = Object.fromEntries(SUGGESTION_KINDS.map((kind) => [kind, 0])) as Record<SuggestionKind, number>;
  for (const row of rows) counts[row.kind] = row.total;
  return { counts, suggestions: rows.map(suggestionOf) };
}

/**
 * A person who should leave the register: the household deactivated (`nonaktif`, for `reason`)
 * when nobody else in it lives, else the member removed from it (`why`).
 */
function removalOf(row: SuggestionRow, nonaktif: Record<string, unknown>, why: string): SuggestedProposal {
  return row.living_others === 0
    ? { kind: "nonaktif", household_id: row.household_id, change: nonaktif }
    : {
        kind: "perubahan",
        household_id: row.household_id,
        change: { members: [{ op: "hapus", person_id: row.person_id, why }] },
      };
}

function suggestionOf(row: SuggestionRow): Suggestion {
  const base = {
    key: row.key,
    kind: row.kind,
    household_id: row.household_id,
    dtks_id: row.dtks_id,
    kelurahan_code: row.kelurahan_code,
    kelurahan_name: row.kelurahan_name,
    person_name: row.person_name,
  };
  switch (row.kind) {
    case "meninggal_dibayar":
      return {
        ...base,
        detail: `Meninggal ${formatDate(row.death_date)}, masih menerima bantuan sampai ${formatPeriod(row.last_period!)}.`,
        proposal:
          row.living_others === 0
            ? {
                kind: "nonaktif",
                household_id: row.household_id,
                change: { reason: "meninggal", person_id: row.person_id, death_date: row.death_date },
              }
            : {
                kind: "perubahan",
                household_id: row.household_id,
                change: { members: [{ op: "meninggal", person_id: row.person_id, death_date: row.death_date }] },
              },
      };
    case "nik_ganda":
      return {
        ...base,
        detail: `NIK anggota ini juga tercatat di rumah tangga ${row.other_dtks_id}.`,
        proposal: {
          kind: "nonaktif",
          household_id: row.household_id,
          change: { reason: "ganda", duplicate_of: row.other_dtks_id },
        },
      };
    case "nik_tidak_sah":
      return {
        ...base,
        detail: `NIK anggota ini ${NIK_CHECK_LABELS[row.nik_check!]}; perbaiki dari KTP/KK.`,
        proposal: {
          kind: "perubahan",
          household_id: row.household_id,
          change: { members: [{ op: "koreksi", person_id: row.person_id }] },
        },
      };
    case "kk_tidak_sah":
      return {
        ...base,
        detail: `No. KK rumah tangga ini ${NIK_CHECK_LABELS[row.nik_check!]}; perbaiki dari kartu keluarga.`,
        proposal: { kind: "perubahan", household_id: row.household_id, change: { household: {} } },
      };
    case "lokasi_tidak_sesuai":
      return {
        ...base,
        detail: `Geotag berada di Kelurahan ${row.spatial_kelurahan_name ?? row.spatial_kelurahan_code}, bukan di kelurahan yang tercatat.`,
        proposal: {
          kind: "perubahan",
          household_id: row.household_id,
          change: { household: { kelurahan_code: row.spatial_kelurahan_code } },
        },
      };
    case "dukcapil_meninggal":
      return {
        ...base,
        detail: `Dukcapil mencatat meninggal ${formatDate(row.event_date)}; DTKS masih mencatatnya hidup.`,
        proposal:
          row.living_others === 0
            ? {
                kind: "nonaktif",
                household_id: row.household_id,
                change: { reason: "meninggal", person_id: row.person_id, death_date: row.event_date },
              }
            : {
                kind: "perubahan",
                household_id: row.household_id,
                change: { members: [{ op: "meninggal", person_id: row.person_id, death_date: row.event_date }] },
              },
      };
    case "orang_ganda":
      return {
        ...base,
        detail: `Orang yang sama dengan anggota rumah tangga ${row.other_dtks_id} (dikonfirmasi di antrean tautan data).`,
        proposal: removalOf(
          row,
          { reason: "ganda", duplicate_of: row.other_dtks_id },
          `ganda dengan anggota rumah tangga ${row.other_dtks_id}`,
        ),
      };
    case "dukcapil_pindah": {
      const where = row.destination ? ` ke ${row.destination}` : "";
      return {
        ...base,
        detail: `Dukcapil mencatat pindah${where} pada ${formatDate(row.event_date)}; DTKS masih mencatatnya di sini.`,
        proposal: removalOf(
          row,
          { reason: "pindah", destination: row.destination ?? undefined },
          `pindah${where} (Dukcapil, ${formatDate(row.event_date)})`,
        ),
      };
    }
  }
}

export const suggestionDismissal = z.object({
  key: z.string().trim().min(1).max(200),
  reason: z.string().trim().min(5, { error: "tuliskan alasan saran ini diabaikan (paling sedikit 5 huruf)" }).max(500),
});

/** Dismisses a suggestion of the actor's areas with a reason: the same fact is never suggested again. Logged. */
export async function dismissSuggestion({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: z.infer<typeof suggestionDismissal>;
}): Promise<{ dismissed: string } | null> {
  const { suggestions } = await listSuggestions({ ctx, input: { key: input.key, per_kind: 1 } });
  const suggestion = suggestions[0];
  if (!suggestion) return null;
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<{ key: string }>(
    ctx.db,
    sql`INSERT INTO suggestion_dismissal (kabkota_code, fact_key, kelurahan_code, reason, dismissed_by)
        VALUES (${kabkota}, ${suggestion.key}, ${suggestion.kelurahan_code}, ${input.reason}, ${ctx.actor.userId})
        ON CONFLICT DO NOTHING RETURNING fact_key AS key`,
  );
  if (!row) throw new UserError("Saran ini sudah diabaikan.");
  await recordAudit(ctx, {
    action: "suggestion_dismiss",
    entity: "household",
    entityId: suggestion.household_id,
    areaCode: suggestion.kelurahan_code,
    detail: { fact: suggestion.kind, reason: input.reason },
  });
  return { dismissed: suggestion.key };
}
