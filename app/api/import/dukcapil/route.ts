import { z } from "zod";

import { badRequest, logImportStep, rowImportAnswer, uploadRoute } from "@/lib/http";
import { importDukcapilEvents } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih daftar peristiwa Dukcapil (CSV atau XLSX)." }) });

// POST /api/import/dukcapil – multipart upload of a Dukcapil event list (deaths, moves); admin and Dinas Sosial
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({ file: data.get("file") });
  if (!parsed.success) return badRequest(parsed.error);
  const { file } = parsed.data;
  const report = await importDukcapilEvents({
    ctx,
    input: {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      onProgress: logImportStep(file.name),
    },
  });
  return rowImportAnswer(ctx, request, {
    kind: "dukcapil",
    fileName: file.name,
    report,
    detail: { events: report.events },
  });
});
