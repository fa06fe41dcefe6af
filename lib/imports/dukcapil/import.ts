import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { importBatch } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { rootMessage, UserError } from "@/lib/errors";
import { formatInteger, todayInWita } from "@/lib/format";

import {
  findLandedBatch,
  finishBatch,
  recordFailedBatch,
  recordRefusedBatch,
  sha256,
  takeImportTurn,
  type ImportProgress,
  type RowRejection,
} from "../batch";
import { openStage, type StageColumn } from "../stage";
import { readTable } from "../table";
import { parseDukcapilRows } from "./parse-rows";

export interface DukcapilImportReport {
  batchId: number;
  alreadyImported: boolean;
  rows: number;
  /** Events accepted from the file. */
  events: number;
  /** Of those, events the register did not hold yet (an event listed again is kept once). */
  newEvents: number;
  /** Accepted events whose NIK belongs to a person of the register. */
  matched: number;
  rejections: RowRejection[];
  warnings: string[];
}

const EVENT_STAGE: StageColumn[] = [
  { name: "line", type: "int" },
  { name: "nik", type: "text" },
  { name: "name", type: "text" },
  { name: "event", type: "civil_event" },
  { name: "event_date", type: "date" },
  { name: "destination", type: "text" },
];

/**
 * Imports a Dukcapil event list (deaths and moves) as one batch, with the rigour of the other
 * imports: the whole file or nothing, refused rows kept with line and reason, the same file twice
 * changes nothing, one import at a time. Each fact (NIK, event, date) is kept once, so a later list
 * repeating it adds nothing; the suggestions (lib/verval) match the events to the register by NIK.
 */
export async function importDukcapilEvents({
  ctx,
  input,
}: {
  ctx: Context;
  input: { fileName: string; bytes: Uint8Array; onProgress?: ImportProgress };
}): Promise<DukcapilImportReport> {
  assertCan(ctx.actor, "import");
  assertCan(ctx.actor, "verify_proposals");
  const fileSha256 = sha256(input.bytes);
  const progress = input.onProgress ?? (() => undefined);
  const sameFile = { kind: "dukcapil" as const, fileSha256 };
  const kabkotaCode = await homeKabkotaCode(ctx);
  const alreadyImported = (batchId: number): DukcapilImportReport => ({
    batchId,
    alreadyImported: true,
    rows: 0,
    events: 0,
    newEvents: 0,
    matched: 0,
    rejections: [],
    warnings: [],
  });
  const landed = await findLandedBatch(ctx, sameFile);
  if (landed) return alreadyImported(landed.id);
  progress({ step: "membaca" });
  const refused = { kind: "dukcapil" as const, fileName: input.fileName, fileSha256, kabkotaCode };
  let parsed: ReturnType<typeof parseDukcapilRows>;
  let rows = 0;
  try {
    const table = readTable(input.fileName, input.bytes);
    rows = table.rows.length;
    progress({ step: "memeriksa", done: 0, total: rows });
    parsed = parseDukcapilRows(table, todayInWita());
    progress({ step: "memeriksa", done: rows, total: rows });
  } catch (error) {
    if (error instanceof UserError) await recordRefusedBatch(ctx, { ...refused, message: error.message });
    throw error;
  }
  if (parsed.events.length === 0) {
    const message = `Berkas ${input.fileName} ditolak: tidak ada baris yang sah dari ${rows} baris.`;
    await recordRefusedBatch(ctx, { ...refused, message, rejections: parsed.rejections });
    throw new UserError(
      message,
      parsed.rejections.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`),
    );
  }

  const staged = await openStage(ctx, "dukcapil", EVENT_STAGE);
  const outcome = await staged
    .load(parsed.events.map((e) => [e.line, e.nik, e.name, e.event, e.eventDate, e.destination]))
    .then(() =>
      ctx.db.transaction(async (tx) => {
        await takeImportTurn(tx, () => progress({ step: "menunggu" }));
        const landedMeanwhile = await findLandedBatch({ ...ctx, db: tx }, sameFile);
        if (landedMeanwhile) return { landed: landedMeanwhile.id };
        progress({ step: "menulis", detail: `${formatInteger(parsed.events.length)} peristiwa` });
        const [batch] = await tx
          .insert(importBatch)
          .values({
            createdBy: actorUserId(ctx.actor),
            kind: "dukcapil",
            kabkotaCode,
            fileName: input.fileName,
            fileSha256,
            rowsTotal: rows,
          })
          .returning({ id: importBatch.id });
        const [written] = await queryRows<{ inserted: number; matched: number }>(
          tx,
          sql`
            WITH inserted AS (
              INSERT INTO civil_registry_event (kabkota_code, import_batch_id, source_row, nik, name, event, event_date, destination)
              SELECT DISTINCT ON (s.nik, s.event, s.event_date) ${kabkotaCode}, ${batch!.id}, s.line, s.nik, s.name, s.event, s.event_date, s.destination
              FROM ${staged.table} s ORDER BY s.nik, s.event, s.event_date, s.line
              ON CONFLICT DO NOTHING RETURNING 1
            )
            SELECT (SELECT count(*) FROM inserted)::int AS inserted,
                   (SELECT count(*) FROM ${staged.table} s
                    WHERE EXISTS (SELECT 1 FROM person p WHERE p.kabkota_code = ${kabkotaCode} AND p.nik = s.nik))::int AS matched`,
        );
        await finishBatch(
          { ...ctx, db: tx },
          {
            id: batch!.id,
            kabkotaCode,
            rejections: parsed.rejections,
            accepted: parsed.events.length,
            message: `${parsed.events.length} peristiwa (${written!.inserted} baru, ${written!.matched} cocok dengan penduduk di register); ${parsed.rejections.length} baris ditolak.`,
            details: { warnings: parsed.warnings.slice(0, 1000) },
          },
        );
        return { batchId: batch!.id, ...written! };
      }),
    )
    .catch(async (error: unknown) => {
      await recordFailedBatch(ctx, {
        ...refused,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    })
    .finally(() => staged.drop());
  if (outcome.landed !== undefined) return alreadyImported(outcome.landed);
  return {
    batchId: outcome.batchId,
    alreadyImported: false,
    rows,
    events: parsed.events.length,
    newEvents: outcome.inserted,
    matched: outcome.matched,
    rejections: parsed.rejections,
    warnings: parsed.warnings,
  };
}
