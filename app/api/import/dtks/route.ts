import { z } from "zod";

import { badRequest, logImportStep, rowImportAnswer, uploadRoute } from "@/lib/http";
import { importDtks } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih berkas DTKS (CSV atau XLSX)." }) });

// POST /api/import/dtks – multipart upload of a DTKS member list (CSV or XLSX); one batch; admin only
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({ file: data.get("file") });
  if (!parsed.success) return badRequest(parsed.error);
  const { file } = parsed.data;
  const report = await importDtks({
    ctx,
    input: {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      onProgress: logImportStep(file.name),
    },
  });
  return rowImportAnswer(ctx, request, {
    kind: "dtks",
    fileName: file.name,
    report,
    detail: { households: report.households },
  });
});
