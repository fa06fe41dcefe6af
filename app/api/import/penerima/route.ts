import { NextResponse } from "next/server";
import { z } from "zod";
import { processContext } from "@/lib/context";
import { badRequest, formField, handleUpload } from "@/lib/http";
import { importRecipients } from "@/lib/imports";

const form = z.object({
  file: z.instanceof(File, { error: "Pilih daftar penerima (CSV)." }),
  program: z.string().trim().min(1).max(40).optional(),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "period harus berbentuk YYYY-MM" }).optional(),
});

// POST /api/import/penerima – multipart upload of a recipient list (CSV) with optional program and period
export async function POST(request: Request) {
  return handleUpload(request, async (data) => {
    const parsed = form.safeParse({ file: data.get("file"), program: formField(data, "program"), period: formField(data, "period") });
    if (!parsed.success) return badRequest(parsed.error);
    const { file, program, period } = parsed.data;
    const report = await importRecipients({
      ctx: await processContext(),
      input: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), program, period },
    });
    return NextResponse.json({ ...report, rejections: report.rejections.slice(0, 200), rejectionCount: report.rejections.length });
  });
}
