import { z } from "zod";

import { badRequest, formField, importJobAnswer, rowImportAnswer, uploadRoute } from "@/lib/http";
import { dtksUploadOptions, importDtks, presetColumns, savePreset } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih berkas DTKS (CSV atau XLSX)." }) });

// POST /api/import/dtks – multipart upload of a DTKS/DTSEN member list or desil list (CSV or XLSX); one batch; admin and Dinas Sosial.
// Optional fields: release + release_date (the DTSEN release it is), preset (a saved column mapping) or columns (JSON:
// column → the file's header) with save_preset (a name to keep that mapping under once the file lands).
// Answers 202 with an import job at once (GET /api/import/jobs/{id} follows it).
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({ file: data.get("file") });
  if (!parsed.success) return badRequest(parsed.error);
  const options = dtksUploadOptions.safeParse({
    release: formField(data, "release"),
    releaseDate: formField(data, "release_date"),
    preset: formField(data, "preset"),
    columns: formField(data, "columns"),
    savePreset: formField(data, "save_preset"),
  });
  if (!options.success) return badRequest(options.error);
  const { file } = parsed.data;
  const { release, preset, columns, savePreset: saveAs } = options.data;
  const mapping = preset ? await presetColumns(ctx, "dtks", preset) : columns;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return importJobAnswer(ctx, request, data, { kind: "dtks", fileName: file.name }, async (onProgress) => {
    const report = await importDtks({
      ctx,
      input: { fileName: file.name, bytes, release, columns: mapping, onProgress },
    });
    if (saveAs && columns) await savePreset(ctx, { kind: "dtks", name: saveAs, columns });
    return rowImportAnswer(ctx, request, {
      kind: "dtks",
      fileName: file.name,
      report,
      detail: { households: report.households, release: report.release?.name, desil_list: report.desilList },
    });
  });
});
