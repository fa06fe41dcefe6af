import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import { homeKabkotaCode, kecamatanLookup, kelurahanCodeSet } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { rootMessage, UserError } from "@/lib/errors";
import { matchReceipts } from "@/lib/matching";
import { findLandedBatch, recordFailedBatch, recordRefusedBatch, type RowRejection, sha256, storeRejections } from "../batch";
import { readTable } from "../table";
import { parseRecipientRows } from "./parse-rows";

export interface RecipientImportInput {
  fileName: string;
  bytes: Uint8Array;
  /** Program code or alias for every row whose program column is empty or absent. */
  program?: string;
  /** `YYYY-MM` for every row whose periode column is empty or absent. */
  period?: string;
}

export interface RecipientImportReport {
  batchId: number;
  alreadyImported: boolean;
  rows: number;
  receipts: number;
  matchedByNik: number;
  matchedByNoKk: number;
  unmatched: number;
  rejections: RowRejection[];
  warnings: string[];
}

const STAGE_CHUNK = 10_000;

/** Looks programs up by code or alias, case-insensitively. */
async function programDirectory(ctx: Context) {
  const rows = await queryRows<{ name: string; code: string }>(
    ctx.db,
    sql`SELECT upper(code) AS name, code FROM program UNION SELECT upper(alias), program_code FROM program_alias`,
  );
  const byName = new Map(rows.map((row) => [row.name, row.code]));
  const known = [...new Set(rows.map((row) => row.code))].sort();
  return { programOf: (text: string) => byName.get(text.trim().toUpperCase()), known };
}

/**
 * Imports one recipient list (BNBA) as one batch: all accepted rows land or none do; each row is
 * one receipt; rejected rows are kept with their reason; the same file (with the same program
 * and period options) a second time adds nothing. Receipts are then matched to the register.
 */
export async function importRecipients({ ctx, input }: { ctx: Context; input: RecipientImportInput }): Promise<RecipientImportReport> {
  const fileSha256 = sha256(input.bytes);
  const { programOf, known } = await programDirectory(ctx);
  const programOption = input.program ? (programOf(input.program) ?? input.program) : null;
  const landed = await findLandedBatch(ctx, { kind: "penerima", fileSha256, programCode: programOption, period: input.period ?? null });
  if (landed) {
    return { batchId: landed.id, alreadyImported: true, rows: 0, receipts: 0, matchedByNik: 0, matchedByNoKk: 0, unmatched: 0, rejections: [], warnings: [] };
  }

  const kelurahanCodes = await kelurahanCodeSet(ctx);
  const refused = { kind: "penerima" as const, fileName: input.fileName, fileSha256, programCode: programOption, period: input.period ?? null };
  let parsed: ReturnType<typeof parseRecipientRows>;
  let rows = 0;
  try {
    const table = readTable(input.fileName, input.bytes);
    rows = table.rows.length;
    parsed = parseRecipientRows(table, {
      isKecamatan: await kecamatanLookup(),
      isKelurahan: (code) => kelurahanCodes.has(code),
      programOf,
      knownPrograms: known,
      program: input.program,
      period: input.period,
    });
  } catch (error) {
    if (error instanceof UserError) await recordRefusedBatch(ctx, { ...refused, message: error.message });
    throw error;
  }
  const kabkotaCodes = [...new Set(parsed.receipts.map((r) => r.kabkotaCode))];
  const kabkotaCode = kabkotaCodes[0] ?? (await homeKabkotaCode(ctx));
  if (parsed.receipts.length === 0) {
    const message = `Berkas ${input.fileName} ditolak: tidak ada baris yang sah dari ${rows} baris.`;
    await recordRefusedBatch(ctx, { ...refused, message, kabkotaCode, rejections: parsed.rejections });
    throw new UserError(message, parsed.rejections.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`));
  }

  const batchId = await ctx.db.transaction(async (tx) => {
    const [batch] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO import_batch (kind, kabkota_code, file_name, file_sha256, program_code, period, status, rows_total)
          VALUES ('penerima', ${kabkotaCode}, ${input.fileName}, ${fileSha256}, ${programOption}, ${input.period ?? null}, 'berjalan', ${rows})
          RETURNING id::int AS id`,
    );
    for (let at = 0; at < parsed.receipts.length; at += STAGE_CHUNK) {
      await tx.execute(sql`
        INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                                 import_batch_id, source_file, source_row)
        SELECT x."kabkotaCode", x."programCode", x.period, x.nik, x."nikCheck", x."noKk", x.name, x.amount, x."kelurahanCode",
               ${batch!.id}, ${input.fileName}, x.line
        FROM json_to_recordset(${JSON.stringify(parsed.receipts.slice(at, at + STAGE_CHUNK))}::json) AS x(
          line int, "kabkotaCode" text, "programCode" text, period text, nik text, "nikCheck" nik_check, "noKk" text,
          name text, amount bigint, "kelurahanCode" text)`);
    }
    await storeRejections({ ...ctx, db: tx }, batch!.id, kabkotaCode, parsed.rejections);
    await tx.execute(sql`
      UPDATE import_batch SET status = 'selesai', finished_at = now(),
        rows_accepted = ${parsed.receipts.length}, rows_rejected = ${parsed.rejections.length},
        message = ${`${parsed.receipts.length} penerimaan dicatat; ${parsed.rejections.length} baris ditolak.`},
        details = ${JSON.stringify({ warnings: parsed.warnings.slice(0, 1000) })}::jsonb
      WHERE id = ${batch!.id}`);
    return batch!.id;
  }).catch(async (error: unknown) => {
    await recordFailedBatch(ctx, { ...refused, kabkotaCode, message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}` });
    throw error;
  });

  for (const code of kabkotaCodes) await matchReceipts({ ctx, input: { kabkotaCode: code } });
  const [counts] = await queryRows<{ nik: number; kk: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE match_method = 'nik')::int AS nik, count(*) FILTER (WHERE match_method = 'no_kk')::int AS kk
        FROM aid_receipt WHERE import_batch_id = ${batchId}`,
  );
  const matchedByNik = counts!.nik;
  const matchedByNoKk = counts!.kk;
  return {
    batchId,
    alreadyImported: false,
    rows,
    receipts: parsed.receipts.length,
    matchedByNik,
    matchedByNoKk,
    unmatched: parsed.receipts.length - matchedByNik - matchedByNoKk,
    rejections: parsed.rejections,
    warnings: parsed.warnings,
  };
}
