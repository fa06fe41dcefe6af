import { sql } from "drizzle-orm";

import type { Context } from "@/lib/context";
import { linkageTestSet, SAMARINDA_CODE, type TestRowKind } from "@/lib/demo";
import { writeCsv } from "@/lib/exports";
import { formatInteger } from "@/lib/format";
import { importRecipients } from "@/lib/imports";
import { LINK_MARGIN, linkageOutcomes, linkRecords, runLinkage } from "@/lib/linkage";

/** Precision and recall of linkage at one threshold, over a test set with known truth. */
export interface ThresholdFigures {
  threshold: number;
  /** Rows linked automatically at this threshold (best candidate at or above it, leading by the margin). */
  automatic: number;
  automaticPrecision: number;
  automaticRecall: number;
  /** Rows whose best candidate reaches this threshold: linked or queued were it the review threshold. */
  reached: number;
  /** Of the rows whose person is in the register, those whose right person reaches the threshold. */
  reachedRecall: number;
}

export interface LinkageBenchFigures {
  rows: number;
  inRegister: number;
  importMs: number;
  thresholds: ThresholdFigures[];
  /** Recall at the review threshold 0.6 per kind of row (for the person in the register), and wrong links per kind. */
  byKind: Array<{ kind: TestRowKind; rows: number; reached: number; wrongAutomatic: number }>;
}

const THRESHOLDS = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

async function importTestSet(ctx: Context, rows: number, seed: number) {
  const set = await linkageTestSet(ctx, {
    kabkotaCode: SAMARINDA_CODE,
    rows,
    seed,
    program: "SAMARINDA-PEDULI",
    period: "2026-06",
  });
  const bytes = new TextEncoder().encode(writeCsv([set.header, ...set.rows]));
  const started = performance.now();
  const report = await importRecipients({ ctx, input: { fileName: `uji-tautan-${seed}.csv`, bytes } });
  return { set, report, importMs: performance.now() - started };
}

/**
 * Linkage measured, not guessed: a list of `rows` rows with known truth from the register
 * (lib/demo linkageTestSet) is imported, and each row's best candidate is compared with its
 * truth at every threshold.
 */
export async function measureLinkage(ctx: Context, rows: number, review = 0.6): Promise<LinkageBenchFigures> {
  const { set, report, importMs } = await importTestSet(ctx, rows, 19);
  const outcomes = await linkageOutcomes({ ctx, input: { kabkotaCode: SAMARINDA_CODE, batchId: report.batchId } });
  const byRow = new Map(outcomes.map((o) => [o.source_row, o]));
  const truthRows = [...set.truth.entries()];
  const inRegister = truthRows.filter(([, t]) => t.personId !== null).length;
  const thresholds = THRESHOLDS.map((threshold) => {
    let automatic = 0;
    let rightAutomatic = 0;
    let reached = 0;
    let rightReached = 0;
    for (const [line, truth] of truthRows) {
      const outcome = byRow.get(line);
      if (!outcome || outcome.base_method === "nik" || outcome.best_score === null) continue;
      const right = outcome.best_person_id === truth.personId;
      if (outcome.best_score >= threshold) {
        reached++;
        if (right) rightReached++;
        if (outcome.next_score === null || outcome.best_score - outcome.next_score >= LINK_MARGIN) {
          automatic++;
          if (right) rightAutomatic++;
        }
      }
    }
    return {
      threshold,
      automatic,
      automaticPrecision: automatic ? rightAutomatic / automatic : 1,
      automaticRecall: rightAutomatic / inRegister,
      reached,
      reachedRecall: rightReached / inRegister,
    };
  });
  const kinds = new Map<TestRowKind, { rows: number; reached: number; wrongAutomatic: number }>();
  for (const [line, truth] of truthRows) {
    const figures = kinds.get(truth.kind) ?? { rows: 0, reached: 0, wrongAutomatic: 0 };
    const outcome = byRow.get(line);
    figures.rows++;
    if (outcome?.best_score != null && outcome.best_score >= review) {
      if (outcome.best_person_id === truth.personId) figures.reached++;
      else if (outcome.best_score >= 0.9) figures.wrongAutomatic++;
    }
    kinds.set(truth.kind, figures);
  }
  return {
    rows,
    inRegister,
    importMs,
    thresholds,
    byKind: [...kinds.entries()].map(([kind, figures]) => ({ kind, ...figures })),
  };
}

/**
 * A list of `rows` rows imported (and linked as every import is), its linkage run again on its
 * own (every identity scored anew, its names looked up afresh: the linking part of the import of
 * a list of new names), then a whole-city run: the times a Dinas Sosial waits.
 */
export async function timeLinkage(
  ctx: Context,
  rows: number,
): Promise<{ rows: number; importMs: number; listLinkMs: number; wholeRunMs: number }> {
  const { importMs, report } = await importTestSet(ctx, rows, 23);
  // The import kept the list's names and their pairs; forgotten, the run looks each up and writes
  // its pairs again as the import did.
  for (const table of ["linkage_name_pair", "linkage_listed_name"]) {
    await ctx.db.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE kabkota_code = ${SAMARINDA_CODE}`);
  }
  const started = performance.now();
  await linkRecords({ ctx, input: { kabkotaCode: SAMARINDA_CODE, batchId: report.batchId } });
  const listLinkMs = performance.now() - started;
  return { rows, importMs, listLinkMs, wholeRunMs: await timeWholeLinkage(ctx) };
}

/** A whole-city run as "Jalankan tautan" and `npm run link` run it: every list, the queue, register duplicates, the audit entry and the vacuum. */
export async function timeWholeLinkage(ctx: Context): Promise<number> {
  const started = performance.now();
  await runLinkage({ ctx, input: { kabkotaCode: SAMARINDA_CODE, username: "bench" } });
  return performance.now() - started;
}

const share = (value: number) => value.toLocaleString("id-ID", { minimumFractionDigits: 3, maximumFractionDigits: 3 });

export function printLinkage(label: string, figures: LinkageBenchFigures): void {
  console.log(
    `Tautan data (${label}): ${formatInteger(figures.rows)} baris uji, ${formatInteger(figures.inRegister)} orangnya ada di register; impor dan tautan ${formatInteger(figures.importMs)} ms`,
  );
  console.log("  ambang | otomatis | presisi otomatis | recall otomatis | mencapai ambang | recall otomatis+periksa");
  for (const t of figures.thresholds) {
    console.log(
      `  ${t.threshold.toFixed(2)}   | ${formatInteger(t.automatic).padStart(8)} | ${share(t.automaticPrecision).padStart(16)} | ${share(t.automaticRecall).padStart(15)} | ${formatInteger(t.reached).padStart(15)} | ${share(t.reachedRecall)}`,
    );
  }
  console.log("  per jenis baris (ambang periksa): baris, orang yang benar tercapai, tautan salah ≥ 0,90");
  for (const k of figures.byKind) {
    console.log(
      `    ${k.kind}: ${formatInteger(k.rows)}, ${formatInteger(k.reached)}, ${formatInteger(k.wrongAutomatic)}`,
    );
  }
}
