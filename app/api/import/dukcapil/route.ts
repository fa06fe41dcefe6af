import { z } from "zod";

import { badRequest, importJobAnswer, rowImportAnswer, uploadRoute } from "@/lib/http";
import { importDukcapilEvents } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih daftar peristiwa Dukcapil (CSV atau XLSX)." }) });

// POST /api/import/dukcapil – multipart upload of a Dukcapil event list (deaths, moves); admin and Dinas Sosial.
// Answers 202 with an import job at once (GET /api/import/jobs/{id} follows it).
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({ file: data.get("file") });
  if (!parsed.success) return badRequest(parsed.error);
  const { file } = parsed.data;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return importJobAnswer(ctx, request, data, { kind: "dukcapil", fileName: file.name }, async (onProgress) => {
    const report = await importDukcapilEvents({ ctx, input: { fileName: file.name, bytes, onProgress } });
    return rowImportAnswer(ctx, request, {
      kind: "dukcapil",
      fileName: file.name,
      report,
      detail: { events: report.events },
    });
  });
});
