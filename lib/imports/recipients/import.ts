import { sql, type SQL } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
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
  finishBatch,
  recordFailedBatch,
  recordRefusedBatch,
  sha256,
  takeImportTurn,
  type ImportProgress,
  type RowRejection,
} from "../batch";
import { readTable } from "../table";
import { parseRecipientRows, UnknownProgramError, type Receipt } from "./parse-rows";

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

/**
 * Receipts one INSERT carries as arrays: a city's monthly list is one statement; a longer list is
 * written in runs, as a DTKS file's members are, so no parameter grows without bound, no statement
 * holds PGlite's thread for long and the step counts its rows.
 */
const RECEIPTS_PER_INSERT = 25_000;

/**
 * The INSERT of one run of a list's receipts of one kabupaten/kota, each matched by NIK and No. KK
 * as it is inserted (`matchJoins`): one pass instead of an insert and an update of every receipt.
 * The rows travel as one array per column and are read with unnest: a stage table filled by COPY
 * cost its creation, a COPY on a connection of its own, its statistics and its drop (0.2–0.3 s of a
 * 21,000-row list) for rows that are read twice in one statement.
 */
function receiptInsert(kabkota: string, receipts: readonly Receipt[], batchId: number, fileName: string): SQL {
  const column = <T extends string | number | null>(
    value: (receipt: Receipt) => T,
    type: Parameters<typeof sqlArray>[1],
  ) => sqlArray(receipts.map(value), type);
  return sql`
    WITH listed AS MATERIALIZED (
      SELECT u.line, u.program_code, u.period, u.nik, u.nik_check::nik_check AS nik_check, u.no_kk, u.name, u.amount,
             u.kelurahan_code, u.birth_date, u.rt
      FROM unnest(${column((r) => r.line, "int")}, ${column((r) => r.programCode, "text")}, ${column((r) => r.period, "text")},
                  ${column((r) => r.nik, "text")}, ${column((r) => r.nikCheck, "text")}, ${column((r) => r.noKk, "text")},
                  ${column((r) => r.name, "text")}, ${column((r) => r.amount, "bigint")}, ${column((r) => r.kelurahanCode, "text")},
                  ${column((r) => r.birthDate, "date")}, ${column((r) => r.rt, "text")})
        AS u(line, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code, birth_date, rt)
    )
    INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                             birth_date, rt, import_batch_id, source_file, source_row, matched_person_id, matched_household_id, match_method)
    SELECT ${kabkota}, r2.program_code, r2.period, r2.nik, r2.nik_check, r2.no_kk, r2.name, r2.amount, r2.kelurahan_code,
           r2.birth_date, r2.rt, ${batchId}, ${fileName}, r2.line, ${matchedColumns(kabkota)}
    FROM listed r2
    ${matchJoins(kabkota, sql.raw("listed"))}
    ORDER BY r2.line`;
}

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
 * and period options) a second time adds nothing. Rows are matched to the register as they are
 * inserted (`receiptInsert`).
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
  const receiptCount = parsed.receipts.length;
  const outcome = await ctx.db
    .transaction(async (tx) => {
      await takeImportTurn(tx, () => progress({ step: "menunggu" }));
      // The same list may have landed while this import waited for its turn: it must not count twice.
      const landedMeanwhile = await findLandedBatch({ ...ctx, db: tx }, sameFile);
      if (landedMeanwhile) return { landed: landedMeanwhile.id };
      const writing = (done: number) =>
        progress({
          step: "menulis",
          detail: `${formatInteger(receiptCount)} penerimaan, dicocokkan lewat NIK dan No. KK`,
          done,
          total: receiptCount,
        });
      writing(0);
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
      await tx.execute(sql.raw(`SET LOCAL work_mem = '${RECEIPT_INSERT_WORK_MEM}'`));
      let written = 0;
      for (const code of kabkotaCodes) {
        const ofCode = parsed.receipts.filter((r) => r.kabkotaCode === code);
        for (let from = 0; from < ofCode.length; from += RECEIPTS_PER_INSERT) {
          const run = ofCode.slice(from, from + RECEIPTS_PER_INSERT);
          await tx.execute(receiptInsert(code, run, batch!.id, input.fileName));
          written += run.length;
          writing(written);
        }
      }
      await finishBatch(
        { ...ctx, db: tx },
        {
          id: batch!.id,
          kabkotaCode,
          rejections: parsed.rejections,
          accepted: receiptCount,
          message: `${receiptCount} penerimaan dicatat; ${parsed.rejections.length} baris ditolak.`,
          details: { warnings: parsed.warnings.slice(0, 1000) },
        },
      );
      return { batchId: batch!.id };
    })
    .catch(async (error: unknown) => {
      await recordFailedBatch(ctx, {
        ...refused,
        kabkotaCode,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    });
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
