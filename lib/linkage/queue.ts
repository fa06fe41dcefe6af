import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import type { LinkageKind } from "@/db/schema/vocabulary";
import { assertCan, placeScopeSql, recordAudit, type Actor } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { vacuumAfterRewrite } from "@/lib/db";
import { rootMessage, UserError } from "@/lib/errors";
import { formatDateTime, formatDecimal } from "@/lib/format";
import { maskIdNumber } from "@/lib/nik";

import { LINK_STEPS, linkRecords, type LinkThresholds } from "./link";

/** One side of a pair as the reviewer sees it: masked numbers, the name, the birth date, where, and what it receives. */
export interface LinkedRecord {
  nik: string | null;
  no_kk: string | null;
  name: string | null;
  birth_date: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  rt: string | null;
  address: string | null;
  /** Register persons: their household. */
  household_id: number | null;
  dtks_id: string | null;
  /** Programs received: by the list's record (every month it was listed), or by the person's household. */
  programs: string[];
}

export interface LinkagePairView {
  fingerprint: string;
  kind: LinkageKind;
  score: number;
  /** `penerima`: how many receipts (months, programs) carry the list's record. */
  receipts: number;
  found_at: string;
  /** The list's record (`penerima`) or the first register person (`ganda`). */
  left: LinkedRecord;
  /** The register person it may be. */
  right: LinkedRecord;
}

export const linkageQueueParams = z.object({
  kind: z.enum(["penerima", "ganda"], { error: "jenis pasangan: penerima atau ganda" }).optional(),
  limit: z.coerce.number().int().min(1, "paling sedikit 1").max(100, "paling banyak 100").default(25),
  /** A name on either side, or part of it. */
  q: z.string().trim().max(100, "nama paling panjang 100 karakter").optional(),
});

/**
 * A waiting pair whose records are still there: a DTKS import may have replaced a household's
 * members, or a recipient list been removed, since the pair was found; the next run finds its
 * successor.
 */
const STILL_HELD = sql`EXISTS (SELECT 1 FROM person sp WHERE sp.kabkota_code = q.kabkota_code AND sp.id = q.person_id)
  AND (q.other_person_id IS NULL OR EXISTS (SELECT 1 FROM person so WHERE so.kabkota_code = q.kabkota_code AND so.id = q.other_person_id))
  AND (q.receipt_id IS NULL OR EXISTS (SELECT 1 FROM aid_receipt sr WHERE sr.kabkota_code = q.kabkota_code AND sr.id = q.receipt_id))`;

/**
 * The pairs an actor may decide: both sides in its areas (an operator sees the pairs of its
 * kelurahan; a pair across two kelurahan is the Dinas Sosial's), so nobody sees a person
 * outside their scope.
 */
function pairInScope(actor: Actor) {
  return sql`${placeScopeSql(actor, sql`q.kelurahan_code`, sql`NULL`)} AND ${placeScopeSql(actor, sql`q.other_kelurahan_code`, sql`NULL`)}
    AND ${STILL_HELD}`;
}

/** A pair as the query reads it: the view, and the persons it shows (for the log). */
type PairRow = LinkagePairView & { person_ids: number[] };

/** A register person as one side of a pair: `pp` the person. */
const personRecord = (alias: string) =>
  sql.raw(`(SELECT json_build_object('nik', p.nik, 'no_kk', h.no_kk, 'name', p.name, 'birth_date', p.birth_date::text,
     'kelurahan_code', h.effective_kelurahan_code, 'kelurahan_name', a.name, 'rt', h.rt, 'address', h.address,
     'household_id', h.id::int, 'dtks_id', h.dtks_id,
     'programs', coalesce((SELECT json_agg(DISTINCT r.program_code) FROM aid_receipt r
                           WHERE r.kabkota_code = h.kabkota_code AND r.matched_household_id = h.id), '[]'::json))
   FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
   LEFT JOIN area a ON a.code = h.effective_kelurahan_code
   WHERE p.kabkota_code = q.kabkota_code AND p.id = ${alias})`);

/** The list's record of a `penerima` pair: its shown receipt, and the programs of every receipt with its identity. */
const listedRecord =
  sql.raw(`(SELECT json_build_object('nik', r.nik, 'no_kk', r.no_kk, 'name', r.name, 'birth_date', r.birth_date::text,
     'kelurahan_code', r.kelurahan_code, 'kelurahan_name', a.name, 'rt', r.rt, 'address', NULL, 'household_id', NULL, 'dtks_id', NULL,
     'programs', coalesce((SELECT json_agg(DISTINCT o.program_code) FROM aid_receipt o
                           WHERE o.kabkota_code = q.kabkota_code AND o.link_key = q.receipt_key), '[]'::json))
   FROM aid_receipt r LEFT JOIN area a ON a.code = r.kelurahan_code
   WHERE r.kabkota_code = q.kabkota_code AND r.id = q.receipt_id)`);

/** A waiting pair one of whose sides bears a name like `pattern` (ILIKE). */
function namedLike(pattern: string) {
  return sql`(EXISTS (SELECT 1 FROM aid_receipt r WHERE r.kabkota_code = q.kabkota_code AND r.id = q.receipt_id AND r.name ILIKE ${pattern})
    OR EXISTS (SELECT 1 FROM person p WHERE p.kabkota_code = q.kabkota_code AND p.id IN (q.person_id, q.other_person_id) AND p.name ILIKE ${pattern}))`;
}

const masked = (record: LinkedRecord): LinkedRecord => ({
  ...record,
  nik: maskIdNumber(record.nik),
  no_kk: maskIdNumber(record.no_kk),
});

/**
 * The review queue of the actor's areas: waiting pairs, the likeliest first, with counts per
 * kind. NIK and No. KK are masked; the read is logged with the persons shown.
 */
export async function linkageQueue({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.input<typeof linkageQueueParams>;
}): Promise<{ counts: Record<LinkageKind, number>; pairs: LinkagePairView[] }> {
  assertCan(ctx.actor, "link_records");
  const query = linkageQueueParams.parse(input);
  const kabkota = await homeKabkotaCode(ctx);
  const counted = await queryRows<{ kind: LinkageKind; pairs: number }>(
    ctx.db,
    sql`SELECT q.kind, count(*)::int AS pairs FROM linkage_pair q
        WHERE q.kabkota_code = ${kabkota} AND q.state = 'menunggu' AND ${pairInScope(ctx.actor)} GROUP BY q.kind`,
  );
  const rows = await queryRows<PairRow>(
    ctx.db,
    sql`SELECT q.fingerprint::text AS fingerprint, q.kind, q.score::float8 AS score, q.receipts, q.found_at::text AS found_at,
               CASE WHEN q.kind = 'penerima' THEN ${listedRecord} ELSE ${personRecord("q.person_id")} END AS left,
               CASE WHEN q.kind = 'penerima' THEN ${personRecord("q.person_id")} ELSE ${personRecord("q.other_person_id")} END AS right,
               array_remove(ARRAY[q.person_id::int, q.other_person_id::int], NULL) AS person_ids
        FROM linkage_pair q
        WHERE q.kabkota_code = ${kabkota} AND q.state = 'menunggu' AND ${pairInScope(ctx.actor)}
          ${query.kind ? sql`AND q.kind = ${query.kind}` : sql``}
          ${query.q ? sql`AND ${namedLike(`%${query.q.replace(/[\\%_]/g, "\\$&")}%`)}` : sql``}
        ORDER BY q.score DESC, q.receipt_id NULLS LAST, q.person_id, q.fingerprint
        LIMIT ${query.limit}`,
  );
  if (rows.length) {
    await recordAudit(ctx, {
      action: "linkage_queue_read",
      entity: "person",
      detail: { rows: rows.length, persons: rows.flatMap((row) => row.person_ids) },
    });
  }
  return {
    counts: { penerima: 0, ganda: 0, ...Object.fromEntries(counted.map((row) => [row.kind, row.pairs])) },
    pairs: rows.map(({ person_ids: _shown, left, right, ...pair }) => ({
      ...pair,
      left: masked(left),
      right: masked(right),
    })),
  };
}

export const linkageDecision = z.object({
  fingerprint: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "sidik pasangan tidak dikenal"),
  decision: z.enum(["konfirmasi", "tolak"], { error: "keputusan: konfirmasi atau tolak" }),
  note: z.string().trim().max(500, "catatan paling panjang 500 karakter").optional(),
});

/**
 * Decides a waiting pair of the actor's areas: `konfirmasi` (the same person) or `tolak` (not).
 * Kept by the pair's fingerprint, so the same two records are never asked about again; logged.
 * A decided receipt pair is linked (or left) at once: its receipts, and every count, follow.
 */
export async function decideLinkagePair({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: z.infer<typeof linkageDecision>;
}): Promise<{ fingerprint: string; state: "dikonfirmasi" | "ditolak"; receipts: number } | null> {
  assertCan(ctx.actor, "link_records");
  const kabkota = await homeKabkotaCode(ctx);
  const state = input.decision === "konfirmasi" ? "dikonfirmasi" : "ditolak";
  const [pair] = await queryRows<{
    kind: LinkageKind;
    state: string;
    receipt_key: string | null;
    kelurahan_code: string | null;
  }>(
    ctx.db,
    sql`SELECT q.kind, q.state, q.receipt_key, q.kelurahan_code FROM linkage_pair q
        WHERE q.kabkota_code = ${kabkota} AND q.fingerprint = ${input.fingerprint}::uuid AND ${pairInScope(ctx.actor)}`,
  );
  if (!pair) return null;
  if (pair.state !== "menunggu") throw new UserError("Pasangan ini sudah diputuskan.");
  await ctx.db.execute(sql`
    UPDATE linkage_pair SET state = ${state}, note = ${input.note || null}, decided_by = ${ctx.actor.userId}, decided_at = now()
    WHERE kabkota_code = ${kabkota} AND fingerprint = ${input.fingerprint}::uuid AND state = 'menunggu'`);
  await recordAudit(ctx, {
    action: "linkage_decide",
    entity: "linkage_pair",
    entityId: input.fingerprint,
    areaCode: pair.kelurahan_code,
    detail: { kind: pair.kind, decision: state, note: input.note || undefined },
  });
  const receipts =
    pair.kind === "penerima" && pair.receipt_key
      ? (await linkRecords({ ctx, input: { kabkotaCode: kabkota, receiptKeys: [pair.receipt_key] } })).receipts
      : 0;
  return { fingerprint: input.fingerprint, state, receipts };
}

/** What a whole-city run answers (the API's JSON, snake_case): counts only, never a person. */
export interface LinkRunAnswer {
  /** The kabupaten/kota linked. */
  kabkota_code: string;
  identities: number;
  receipts: number;
  linked_automatically: number;
  linked_confirmed: number;
  waiting: number;
  queued_receipts: number;
  queued_duplicates: number;
  rewritten: number;
}

/**
 * Runs linkage for a whole kabupaten/kota on demand (admin and Dinas Sosial, or the CLI), the run
 * and its audit entry in one transaction: a run that fails leaves nothing behind but an audit entry
 * saying so. The receipts it rewrote are vacuumed afterwards when they are many. `onStep` is told
 * each step as it starts, with its place among `of` (the linkage's steps and the vacuum).
 */
export async function runLinkage({
  ctx,
  input = {},
}: {
  ctx: Context;
  input?: {
    /** The city to link; the home city by default. */
    kabkotaCode?: string;
    /** The thresholds the press read (a job's terms); read in the run when not given. */
    thresholds?: LinkThresholds;
    /** The audit entry's account when no signed-in account runs it (the CLI's `cli:<user>`). */
    username?: string;
    onStep?: (step: string, at: number, of: number) => void;
  };
}): Promise<LinkRunAnswer> {
  assertCan(ctx.actor, "import");
  const kabkota = input.kabkotaCode ?? (await homeKabkotaCode(ctx));
  const of = LINK_STEPS.length + 1;
  const runner = input.username !== undefined ? { username: input.username } : {};
  const report = await ctx.db
    .transaction(async (tx) => {
      const inRun = { ...ctx, db: tx };
      const linked = await linkRecords({
        ctx: inRun,
        input: {
          kabkotaCode: kabkota,
          thresholds: input.thresholds,
          onStep: (step) => input.onStep?.(step, LINK_STEPS.indexOf(step), of),
        },
      });
      await recordAudit(inRun, { action: "linkage_run", areaCode: kabkota, ...runner, detail: { ...linked } });
      return linked;
    })
    .catch(async (error: unknown) => {
      await recordAudit(ctx, {
        action: "linkage_run_failed",
        areaCode: kabkota,
        ...runner,
        detail: { error: rootMessage(error) },
      });
      throw error;
    });
  await vacuumAfterRewrite(ctx.db, "aid_receipt", report.rewritten, () =>
    input.onStep?.("Merapikan tabel penerimaan", LINK_STEPS.length, of),
  );
  return {
    kabkota_code: kabkota,
    identities: report.identities,
    receipts: report.receipts,
    linked_automatically: report.linkedAutomatically,
    linked_confirmed: report.linkedConfirmed,
    waiting: report.waiting,
    queued_receipts: report.queuedReceipts,
    queued_duplicates: report.queuedDuplicates,
    rewritten: report.rewritten,
  };
}

/** Whether a household's receipts came by linkage: the label the household page shows for each receipt. */
export function matchLabel(receipt: {
  match_method: string | null;
  match_score: number | null;
  decided_by_name: string | null;
  decided_at: string | null;
}): string {
  switch (receipt.match_method) {
    case "nik":
      return "NIK";
    case "no_kk":
      return "No. KK";
    case "tautan_otomatis":
      return `tautan otomatis, skor ${formatDecimal(receipt.match_score, 2)}`;
    case "tautan_dikonfirmasi":
      return receipt.decided_by_name
        ? `tautan dikonfirmasi oleh ${receipt.decided_by_name} pada ${formatDateTime(receipt.decided_at)}`
        : "tautan dikonfirmasi";
    default:
      return "–";
  }
}
