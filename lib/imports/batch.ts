import { createHash } from "node:crypto";

import { and, eq, sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { importBatch } from "@/db/schema";
import type { ImportKind } from "@/db/schema/vocabulary";
import { actorUserId } from "@/lib/access";
import type { Context } from "@/lib/context";

/** A row an import refused: its line as a spreadsheet shows it, the field at fault, why, and the cells. */
export interface RowRejection {
  line: number;
  field: string | null;
  reason: string;
  raw: Record<string, string>;
}

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The batch that already brought in this very file (same kind, program and period), if any. */
export async function findLandedBatch(
  ctx: Context,
  input: { kind: ImportKind; fileSha256: string; programCode?: string | null; period?: string | null },
): Promise<{ id: number; fileName: string; finishedAt: string } | null> {
  const [row] = await ctx.db
    .select({
      id: importBatch.id,
      fileName: importBatch.fileName,
      finishedAt: sql<string>`${importBatch.finishedAt}::text`,
    })
    .from(importBatch)
    .where(
      and(
        eq(importBatch.kind, input.kind),
        eq(importBatch.fileSha256, input.fileSha256),
        eq(importBatch.status, "selesai"),
        sql`${importBatch.programCode} IS NOT DISTINCT FROM ${input.programCode ?? null}`,
        sql`${importBatch.period} IS NOT DISTINCT FROM ${input.period ?? null}`,
      ),
    )
    .orderBy(importBatch.id)
    .limit(1);
  return row ?? null;
}

/** The advisory lock key every import takes: one import at a time per database. */
const IMPORT_LOCK_KEY = 5_445_504_154;

/**
 * The steps of an import, in the order they run, with what the CLI and the import page call them.
 * Not every import takes each one (a recipient list is placed through its household; a desil list
 * matches before it writes); `menunggu` happens only when another import holds the turn, and
 * `angka` is the coverage cache brought up to date once the batch has committed.
 */
export const IMPORT_STEP_LABELS = {
  membaca: "Membaca berkas",
  memeriksa: "Memeriksa baris",
  memuat: "Memuat ke tabel sementara",
  menunggu: "Menunggu impor lain selesai",
  menulis: "Menulis ke register",
  menempatkan: "Menempatkan di wilayah",
  mencocokkan: "Mencocokkan dengan register",
  angka: "Memperbarui angka",
} as const;
export type ImportStep = keyof typeof IMPORT_STEP_LABELS;

/** A step starting (`done` absent) or moving on (`done` of `total`), with what it is doing in words. */
export interface ImportStepEvent {
  step: ImportStep;
  detail?: string;
  done?: number;
  total?: number;
}

/** Hears each step of a long import as it starts and as it moves (the CLI draws a bar, the app's job keeps it). */
export type ImportProgress = (event: ImportStepEvent) => void;

/** How often a row-by-row check reports how far it is, and lets the event loop take a pass (`eventLoopPass`). */
export const ROWS_PER_PROGRESS = 5_000;

/**
 * Takes the database's one import turn for the rest of the transaction `tx`, waiting for an
 * import under way (on this server, or another process's) to end first; `onWait` hears that it
 * waits. The lock is transaction-scoped: commit, rollback, or a dropped connection of a killed
 * process releases it. On PGlite transactions already run one at a time; the lock costs nothing.
 * What an import decided before its turn (that its file had not landed yet) must be checked again.
 */
export async function takeImportTurn(tx: Context["db"], onWait?: () => void): Promise<void> {
  const [turn] = await queryRows<{ granted: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(${IMPORT_LOCK_KEY}) AS granted`,
  );
  if (turn?.granted) return;
  onWait?.();
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK_KEY})`);
}

const REJECTION_CHUNK = 5_000;

/** Keeps every refused row with its line, field, reason and raw cells. */
async function storeRejections(
  ctx: Context,
  batchId: number,
  kabkotaCode: string,
  rejections: RowRejection[],
): Promise<void> {
  for (let at = 0; at < rejections.length; at += REJECTION_CHUNK) {
    const chunk = rejections
      .slice(at, at + REJECTION_CHUNK)
      .map((r) => ({ line: r.line, field: r.field, reason: r.reason, raw: r.raw }));
    await ctx.db.execute(sql`
      INSERT INTO import_rejection (kabkota_code, import_batch_id, row_number, field, reason, raw)
      SELECT ${kabkotaCode}, ${batchId}, x.line, x.field, x.reason, x.raw
      FROM json_to_recordset(${JSON.stringify(chunk)}::json) AS x(line int, field text, reason text, raw jsonb)`);
  }
}

/**
 * Ends a batch inside its transaction: keeps its refused rows and marks it `selesai` with the rows
 * it took and refused, its message and details (warnings and the like).
 */
export async function finishBatch(
  ctx: Context,
  batch: {
    id: number;
    kabkotaCode: string;
    accepted: number;
    rejections: RowRejection[];
    message: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await storeRejections(ctx, batch.id, batch.kabkotaCode, batch.rejections);
  await ctx.db
    .update(importBatch)
    .set({
      status: "selesai",
      finishedAt: sql`now()`,
      rowsAccepted: batch.accepted,
      rowsRejected: batch.rejections.length,
      message: batch.message,
      ...(batch.details ? { details: batch.details } : {}),
    })
    .where(eq(importBatch.id, batch.id));
}

/** A message as the database can store it: PostgreSQL text holds no NUL. */
const storable = (message: string) => message.replace(/\u0000/g, "");

/** Records an import that failed midway and was rolled back whole. */
export async function recordFailedBatch(
  ctx: Context,
  input: {
    kind: ImportKind;
    fileName: string;
    fileSha256: string;
    kabkotaCode: string;
    programCode?: string | null;
    period?: string | null;
    message: string;
  },
): Promise<void> {
  await ctx.db.insert(importBatch).values({
    createdBy: actorUserId(ctx.actor),
    kind: input.kind,
    kabkotaCode: input.kabkotaCode,
    fileName: input.fileName,
    fileSha256: input.fileSha256,
    programCode: input.programCode ?? null,
    period: input.period ?? null,
    status: "gagal",
    message: storable(input.message),
    finishedAt: sql`now()`,
  });
}

/** Records a file refused whole, with its reason and any rows already found at fault. */
export async function recordRefusedBatch(
  ctx: Context,
  input: {
    kind: ImportKind;
    fileName: string;
    fileSha256: string;
    programCode?: string | null;
    period?: string | null;
    message: string;
    kabkotaCode?: string;
    rejections?: RowRejection[];
  },
): Promise<number> {
  const [batch] = await ctx.db
    .insert(importBatch)
    .values({
      createdBy: actorUserId(ctx.actor),
      kind: input.kind,
      kabkotaCode: input.kabkotaCode ?? null,
      fileName: input.fileName,
      fileSha256: input.fileSha256,
      programCode: input.programCode ?? null,
      period: input.period ?? null,
      status: "ditolak",
      rowsTotal: input.rejections?.length ?? 0,
      rowsRejected: input.rejections?.length ?? 0,
      message: storable(input.message),
      finishedAt: sql`now()`,
    })
    .returning({ id: importBatch.id });
  if (input.rejections?.length && input.kabkotaCode)
    await storeRejections(ctx, batch!.id, input.kabkotaCode, input.rejections);
  return batch!.id;
}
