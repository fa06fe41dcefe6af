import { NextResponse } from "next/server";
import { z } from "zod";

import { clientAddress, recordAudit } from "@/lib/access";
import { badRequest, logImportStep, uploadRoute } from "@/lib/http";
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
  await recordAudit(ctx, {
    action: "import",
    entity: "import_batch",
    entityId: report.batchId,
    ip: clientAddress(request.headers),
    detail: {
      kind: "dtks",
      file: file.name,
      rows: report.rows,
      households: report.households,
      rejected: report.rejections.length,
      already_imported: report.alreadyImported,
    },
  });
  return NextResponse.json({
    ...report,
    rejections: report.rejections.slice(0, 200),
    rejectionCount: report.rejections.length,
  });
});
