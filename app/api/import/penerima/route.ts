import { z } from "zod";

import { badRequest, formField, importJobAnswer, rowImportAnswer, uploadRoute } from "@/lib/http";
import { importRecipients } from "@/lib/imports";

const form = z.object({
  file: z.instanceof(File, { error: "Pilih daftar penerima (CSV atau XLSX)." }),
  program: z.string().trim().min(1).max(40).optional(),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "period harus berbentuk YYYY-MM" })
    .optional(),
});

// POST /api/import/penerima – multipart upload of a recipient list with optional program and period; admin only.
// Answers 202 with an import job at once (GET /api/import/jobs/{id} follows it).
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({
    file: data.get("file"),
    program: formField(data, "program"),
    period: formField(data, "period"),
  });
  if (!parsed.success) return badRequest(parsed.error);
  const { file, program, period } = parsed.data;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return importJobAnswer(ctx, request, data, { kind: "penerima", fileName: file.name }, async (onProgress) => {
    const report = await importRecipients({
      ctx,
      input: { fileName: file.name, bytes, program, period, onProgress },
    });
    return rowImportAnswer(ctx, request, {
      kind: "penerima",
      fileName: file.name,
      report,
      detail: { program, period, receipts: report.receipts },
    });
  });
});
