import { eq, sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { importBatch } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/access";
import { homeKabkotaCode, kecamatanLookup, kelurahanCodeSet } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { analyzeAfterWrite, analyzeNewKeys, vacuumAfterRewrite } from "@/lib/db";
import { rootMessage, UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { linkRecords } from "@/lib/linkage";
import { matchedColumns, matchJoins } from "@/lib/matching";

import {
  findLandedBatch,
  recordFailedBatch,
  recordRefusedBatch,
  sha256,
  storeRejections,
  takeImportTurn,
  type ImportProgress,
  type RowRejection,
} from "../batch";
import { openStage, type StageColumn } from "../stage";
import { readTable } from "../table";
import { parseRecipientRows, UnknownProgramError } from "./parse-rows";

export interface RecipientImportInput {
  fileName: string;
  bytes: Uint8Array;
  /** Program code or alias for every row whose program column is empty or absent. */
  program?: string;
  /** `YYYY-MM` for every row whose periode column is empty or absent. */
  period?: string;
  onProgress?: ImportProgress;
}

export interface RecipientImportReport {
  batchId: number;
  alreadyImported: boolean;
  rows: number;
  receipts: number;
  matchedByNik: number;
  matchedByNoKk: number;
  /** Record linkage (lib/linkage) after the insert: linked without review, and waiting in the queue. */
  linkedAutomatically: number;
  waitingReview: number;
  unmatched: number;
  /** The list landed, but its linkage afterwards failed (the server's log says why): a later run links it. */
  linkageFailed: boolean;
  rejections: RowRejection[];
  warnings: string[];
}

/**
 * Memory for the sorts of a list's insert (its NIK pairs, their persons, the rows in file order):
 * in the default 4 MB, 100,000 rows spilled to disk three times (at a million households its
 * select took 1.5 s, 1.0 s with this).
 */
const RECEIPT_INSERT_WORK_MEM = "64MB";

const RECEIPT_STAGE: StageColumn[] = [
  { name: "line", type: "int" },
  { name: "kabkota_code", type: "text", joined: true },
  { name: "program_code", type: "text" },
  { name: "period", type: "text" },
  { name: "nik", type: "text", joined: true },
  { name: "nik_check", type: "nik_check", joined: true },
  { name: "no_kk", type: "text", joined: true },
  { name: "name", type: "text" },
  { name: "amount", type: "bigint" },
  { name: "kelurahan_code", type: "text" },
  { name: "birth_date", type: "date" },
  { name: "rt", type: "text" },
];

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
 * and period options) a second time adds nothing. Rows reach the database through COPY into a
 * stage table and are matched to the register as they are inserted.
 */
export async function importRecipients({
  ctx,
  input,
}: {
  ctx: Context;
  input: RecipientImportInput;
}): Promise<RecipientImportReport> {
  assertCan(ctx.actor, "import");
  const fileSha256 = sha256(input.bytes);
  const { programOf, known } = await programDirectory(ctx);
  const programOption = input.program ? (programOf(input.program) ?? input.program) : null;
  const progress = input.onProgress ?? (() => undefined);
  const sameFile = { kind: "penerima" as const, fileSha256, programCode: programOption, period: input.period ?? null };
  const alreadyImported = (batchId: number): RecipientImportReport => ({
    batchId,
    alreadyImported: true,
    rows: 0,
    receipts: 0,
    matchedByNik: 0,
    matchedByNoKk: 0,
    linkedAutomatically: 0,
    waitingReview: 0,
    unmatched: 0,
    linkageFailed: false,
    rejections: [],
    warnings: [],
  });
  const landed = await findLandedBatch(ctx, sameFile);
  if (landed) return alreadyImported(landed.id);
  progress({ step: "membaca" });

  const kelurahanCodes = await kelurahanCodeSet(ctx);
  const refused = {
    kind: "penerima" as const,
    fileName: input.fileName,
    fileSha256,
    programCode: programOption,
    period: input.period ?? null,
  };
  let parsed: Awaited<ReturnType<typeof parseRecipientRows>>;
  let rows = 0;
  try {
    const table = readTable(input.fileName, input.bytes);
    rows = table.rows.length;
    progress({ step: "memeriksa", done: 0, total: rows });
    parsed = await parseRecipientRows(table, {
      onRows: (done) => progress({ step: "memeriksa", done, total: rows }),
      isKecamatan: await kecamatanLookup(),
      isKelurahan: (code) => kelurahanCodes.has(code),
      programOf,
      knownPrograms: known,
      program: input.program,
      period: input.period,
    });
  } catch (error) {
    if (error instanceof UnknownProgramError)
      await recordRefusedBatch(ctx, {
        ...refused,
        message: error.message,
        kabkotaCode: await homeKabkotaCode(ctx),
        rejections: error.rejections,
      });
    else if (error instanceof UserError) await recordRefusedBatch(ctx, { ...refused, message: error.message });
    throw error;
  }
  const kabkotaCodes = [...new Set(parsed.receipts.map((r) => r.kabkotaCode))];
  const kabkotaCode = kabkotaCodes[0] ?? (await homeKabkotaCode(ctx));
  if (parsed.receipts.length === 0) {
    const message = `Berkas ${input.fileName} ditolak: tidak ada baris yang sah dari ${rows} baris.`;
    await recordRefusedBatch(ctx, { ...refused, message, kabkotaCode, rejections: parsed.rejections });
    throw new UserError(
      message,
      parsed.rejections.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`),
    );
  }

  progress({ step: "memeriksa", done: rows, total: rows });
  progress({ step: "memuat", detail: `${formatInteger(parsed.receipts.length)} baris` });
  const staged = await openStage(ctx, "penerima", RECEIPT_STAGE);
  const outcome = await staged
    .load(
      parsed.receipts.map((r) => [
        r.line,
        r.kabkotaCode,
        r.programCode,
        r.period,
        r.nik,
        r.nikCheck,
        r.noKk,
        r.name,
        r.amount,
        r.kelurahanCode,
        r.birthDate,
        r.rt,
      ]),
    )
    .then(() =>
      ctx.db.transaction(async (tx) => {
        await takeImportTurn(tx, () => progress({ step: "menunggu" }));
        // The same list may have landed while this import waited for its turn: it must not count twice.
        const landedMeanwhile = await findLandedBatch({ ...ctx, db: tx }, sameFile);
        if (landedMeanwhile) return { landed: landedMeanwhile.id };
        progress({
          step: "menulis",
          detail: `${formatInteger(parsed.receipts.length)} penerimaan, dicocokkan lewat NIK dan No. KK`,
        });
        const [batch] = await tx
          .insert(importBatch)
          .values({
            createdBy: actorUserId(ctx.actor),
            kind: "penerima",
            kabkotaCode,
            fileName: input.fileName,
            fileSha256,
            programCode: programOption,
            period: input.period ?? null,
            status: "berjalan",
            rowsTotal: rows,
          })
          .returning({ id: importBatch.id });
        // Matched while inserted: one pass instead of an insert and an update of every receipt.
        await tx.execute(sql.raw(`SET LOCAL work_mem = '${RECEIPT_INSERT_WORK_MEM}'`));
        for (const code of kabkotaCodes) {
          await tx.execute(sql`
          INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                                   birth_date, rt, import_batch_id, source_file, source_row, matched_person_id, matched_household_id, match_method)
          SELECT r2.kabkota_code, r2.program_code, r2.period, r2.nik, r2.nik_check, r2.no_kk, r2.name, r2.amount, r2.kelurahan_code,
                 r2.birth_date, r2.rt, ${batch!.id}, ${input.fileName}, r2.line, ${matchedColumns(code)}
          FROM ${staged.table} r2
          ${matchJoins(code, sql`(SELECT nik, nik_check, no_kk FROM ${staged.table} WHERE kabkota_code = ${code})`)}
          WHERE r2.kabkota_code = ${code}
          ORDER BY r2.line`);
        }
        await storeRejections({ ...ctx, db: tx }, batch!.id, kabkotaCode, parsed.rejections);
        await tx
          .update(importBatch)
          .set({
            status: "selesai",
            finishedAt: sql`now()`,
            rowsAccepted: parsed.receipts.length,
            rowsRejected: parsed.rejections.length,
            message: `${parsed.receipts.length} penerimaan dicatat; ${parsed.rejections.length} baris ditolak.`,
            details: { warnings: parsed.warnings.slice(0, 1000) },
          })
          .where(eq(importBatch.id, batch!.id));
        return { batchId: batch!.id };
      }),
    )
    .catch(async (error: unknown) => {
      await recordFailedBatch(ctx, {
        ...refused,
        kabkotaCode,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    })
    .finally(() => staged.drop());
  if (outcome.landed !== undefined) return alreadyImported(outcome.landed);
  const { batchId } = outcome;

  // The receipts NIK did not match are linked by name, birth date, No. KK and place. The list has
  // landed by now: a linkage that fails leaves it landed, says so, and a later run links it.
  progress({ step: "mencocokkan", detail: "penerima tanpa NIK yang cocok, lewat nama dan tanggal lahir" });
  // Later imports and the linkage look receipts up by NIK, No. KK and household, and a new month
  // is counted from them: their statistics are taken once the list has landed, outside its
  // transaction, so neither the list's landing nor the next import's turn waits for them.
  // An optimisation missed, never the landed list's failure.
  try {
    await analyzeAfterWrite(ctx.db, "aid_receipt", parsed.receipts.length);
    await analyzeNewKeys(ctx.db, "aid_receipt", [...new Set(parsed.receipts.map((r) => r.period))]);
  } catch (error) {
    console.error(`[impor ${input.fileName}] statistik penerimaan sesudah impor gagal`, error);
  }
  let linkageFailed = false;
  let rewritten = 0;
  try {
    for (const code of kabkotaCodes)
      rewritten += (await linkRecords({ ctx, input: { kabkotaCode: code, batchId } })).rewritten;
  } catch (error) {
    console.error(`[impor ${input.fileName}] tautan sesudah impor gagal`, error);
    linkageFailed = true;
  }
  await vacuumAfterRewrite(ctx.db, "aid_receipt", rewritten, () =>
    progress({
      step: "mencocokkan",
      detail: `merapikan tabel penerimaan: ${formatInteger(rewritten)} versi baris lama`,
    }),
  );
  const [counts] = await queryRows<{ nik: number; kk: number; linked: number; waiting: number }>(
    ctx.db,
    sql`SELECT count(*) FILTER (WHERE r.match_method = 'nik')::int AS nik, count(*) FILTER (WHERE r.match_method = 'no_kk')::int AS kk,
               count(*) FILTER (WHERE r.match_method IN ('tautan_otomatis', 'tautan_dikonfirmasi'))::int AS linked,
               count(*) FILTER (WHERE r.match_method IS NULL AND EXISTS (
                 SELECT 1 FROM linkage_pair q WHERE q.kabkota_code = r.kabkota_code AND q.receipt_key = r.link_key AND q.state = 'menunggu'
               ))::int AS waiting
        FROM aid_receipt r WHERE r.import_batch_id = ${batchId}`,
  );
  return {
    batchId,
    alreadyImported: false,
    rows,
    receipts: parsed.receipts.length,
    matchedByNik: counts!.nik,
    matchedByNoKk: counts!.kk,
    linkedAutomatically: counts!.linked,
    waitingReview: counts!.waiting,
    unmatched: parsed.receipts.length - counts!.nik - counts!.kk - counts!.linked,
    linkageFailed,
    rejections: parsed.rejections,
    warnings: parsed.warnings,
  };
}
