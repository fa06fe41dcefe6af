import { NextResponse } from "next/server";
import { z } from "zod";
import { processContext } from "@/lib/context";
import { badRequest, handleUpload } from "@/lib/http";
import { importDtks } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih berkas DTKS (CSV)." }) });

// POST /api/import/dtks – multipart upload of a DTKS member list (CSV); one batch
export async function POST(request: Request) {
  return handleUpload(request, async (data) => {
    const parsed = form.safeParse({ file: data.get("file") });
    if (!parsed.success) return badRequest(parsed.error);
    const { file } = parsed.data;
    const report = await importDtks({ ctx: await processContext(), input: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } });
    return NextResponse.json({ ...report, rejections: report.rejections.slice(0, 200), rejectionCount: report.rejections.length });
  });
}
