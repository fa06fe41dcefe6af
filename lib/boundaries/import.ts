import { createHash } from "node:crypto";

import { sql } from "drizzle-orm";

import { importBatch } from "@/db/schema";
import { actorUserId, assertCan } from "@/lib/access";
import type { Context } from "@/lib/context";
import { takeImportTurn } from "@/lib/imports";
import { joinHouseholdsToAreas } from "@/lib/spatial";

import { BoundaryFileError } from "./errors";
import { toBoundaryRows, type FeatureMappingOptions } from "./features";
import { refuseOutsideAncestors, refuseUnknownCodes } from "./plausibility";
import { readBoundaryFile } from "./read-file";
import { createAreaStaging, stageGeoJsonAreas, upsertStagedAreas, type AreaUpsertReport } from "./upsert";

export interface BoundaryImportInput extends FeatureMappingOptions {
  fileName: string;
  bytes: Uint8Array;
}

export interface BoundaryImportReport extends AreaUpsertReport {
  batchId: number;
  features: number;
  levels: Record<string, number>;
}

/**
 * Imports a boundary file as one batch: every feature lands or none does, and the households of
 * the cities it covers are placed again in the same transaction. A code the official list does
 * not know (unless `allowUnknownCodes`) or a polygon outside its parent refuses the file. A refused file is recorded as
 * a refused batch with its reasons and the error is rethrown for the caller.
 */
export async function importBoundaries({
  ctx,
  input,
}: {
  ctx: Context;
  input: BoundaryImportInput;
}): Promise<BoundaryImportReport> {
  assertCan(ctx.actor, "import");
  const fileSha256 = createHash("sha256").update(input.bytes).digest("hex");
  try {
    const collection = await readBoundaryFile(input.fileName, input.bytes);
    const rows = toBoundaryRows(collection, input);
    if (!input.allowUnknownCodes) await refuseUnknownCodes(rows);
    const levels: Record<string, number> = {};
    for (const row of rows) levels[row.level] = (levels[row.level] ?? 0) + 1;

    return await ctx.db.transaction(async (tx) => {
      const txCtx: Context = { ...ctx, db: tx };
      await takeImportTurn(tx);
      await createAreaStaging(txCtx);
      await stageGeoJsonAreas(txCtx, rows).catch((error: unknown) => {
        // The rows passed the checks in features.ts; what PostGIS still refuses is the file's fault.
        console.error(`importBoundaries ${input.fileName}:`, error);
        throw new BoundaryFileError(
          `Berkas ${input.fileName} ditolak: PostGIS tidak dapat membaca geometrinya; periksa geometri fiturnya (misalnya dengan "Check Validity" di QGIS) lalu impor lagi.`,
        );
      });
      await refuseOutsideAncestors(txCtx, rows);
      const report = await upsertStagedAreas(txCtx, sourceName(input.fileName));
      const kabkotaCodes = [...new Set(rows.map((row) => row.code.slice(0, 5)))];
      // New outlines move households between areas: place them again before the batch lands.
      for (const kabkotaCode of kabkotaCodes) await joinHouseholdsToAreas({ ctx: txCtx, input: { kabkotaCode } });
      const [batch] = await tx
        .insert(importBatch)
        .values({
          createdBy: actorUserId(ctx.actor),
          kind: "boundaries",
          kabkotaCode: kabkotaCodes.length === 1 ? kabkotaCodes[0] : null,
          fileName: input.fileName,
          fileSha256,
          status: "selesai",
          rowsTotal: rows.length,
          rowsAccepted: rows.length,
          message: summarize(rows.length, report),
          details: { levels, repaired: report.repaired, createdAncestors: report.createdAncestors },
          finishedAt: sql`now()`,
        })
        .returning({ id: importBatch.id });
      return { ...report, batchId: batch!.id, features: rows.length, levels };
    });
  } catch (error) {
    if (error instanceof BoundaryFileError) {
      await ctx.db.insert(importBatch).values({
        createdBy: actorUserId(ctx.actor),
        kind: "boundaries",
        fileName: input.fileName,
        fileSha256,
        status: "ditolak",
        message: error.message,
        details: { problems: error.problems },
        finishedAt: sql`now()`,
      });
    }
    throw error;
  }
}

/** `demo` and `turunan` mark generated and derived areas; a file of that name must not pose as one. */
function sourceName(fileName: string): string {
  return fileName === "demo" || fileName === "turunan" ? `${fileName} (berkas)` : fileName;
}

function summarize(features: number, report: AreaUpsertReport): string {
  const parts = [`${features} wilayah diimpor: ${report.inserted} baru, ${report.updated} diperbarui.`];
  if (report.repaired.length) {
    parts.push(
      `${report.repaired.length} geometri tidak valid diperbaiki dengan ST_MakeValid: ${report.repaired.map((r) => `${r.code} (${r.reason})`).join("; ")}.`,
    );
  }
  if (report.createdAncestors.length) {
    parts.push(`Wilayah induk dibuat dari daftar kode resmi: ${report.createdAncestors.join(", ")}.`);
  }
  return parts.join(" ");
}
