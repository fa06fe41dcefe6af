import { NextResponse } from "next/server";
import { z } from "zod";
import { IMPORTABLE_LEVELS, importBoundaries } from "@/lib/boundaries";
import { processContext } from "@/lib/context";
import { isUserFacing } from "@/lib/errors";
import { badRequest, isSameOrigin } from "@/lib/http";

const form = z.object({
  file: z.instanceof(File, { error: "Pilih berkas batas wilayah (GeoJSON atau Shapefile ZIP)." }),
  level: z.enum(IMPORTABLE_LEVELS, { error: `level harus salah satu dari: ${IMPORTABLE_LEVELS.join(", ")}` }).optional(),
  code_field: z.string().trim().min(1).optional(),
  name_field: z.string().trim().min(1).optional(),
});

function field(data: FormData, name: string) {
  const value = data.get(name);
  return value === "" || value === null ? undefined : value;
}

const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

// POST /api/import/boundaries – multipart upload of a boundary file; upserts its areas by code
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return NextResponse.json({ error: "Permintaan dari situs lain ditolak." }, { status: 403 });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) {
    return NextResponse.json({ error: `Berkas terlalu besar: paling banyak ${MAX_UPLOAD_BYTES / 1048576} MB.` }, { status: 413 });
  }
  const data = await request.formData().catch(() => null);
  if (!data) return NextResponse.json({ error: "Kirim formulir multipart dengan kolom file." }, { status: 400 });
  const parsed = form.safeParse({
    file: data.get("file"),
    level: field(data, "level"),
    code_field: field(data, "code_field"),
    name_field: field(data, "name_field"),
  });
  if (!parsed.success) return badRequest(parsed.error);
  const { file, level, code_field, name_field } = parsed.data;
  try {
    const report = await importBoundaries({
      ctx: await processContext(),
      input: { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()), level, codeField: code_field, nameField: name_field },
    });
    return NextResponse.json(report);
  } catch (error) {
    if (!isUserFacing(error)) throw error;
    return NextResponse.json({ error: error.message.split("\n")[0], problems: (error as { problems?: string[] }).problems ?? [] }, { status: 400 });
  }
}
