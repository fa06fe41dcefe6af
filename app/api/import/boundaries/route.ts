import { NextResponse } from "next/server";
import { z } from "zod";

import { clientAddress, recordAudit } from "@/lib/access";
import { IMPORTABLE_LEVELS, importBoundaries } from "@/lib/boundaries";
import { badRequest, formField, uploadRoute } from "@/lib/http";

const form = z.object({
  file: z.instanceof(File, { error: "Pilih berkas batas wilayah (GeoJSON atau Shapefile ZIP)." }),
  level: z
    .enum(IMPORTABLE_LEVELS, { error: `level harus salah satu dari: ${IMPORTABLE_LEVELS.join(", ")}` })
    .optional(),
  code_field: z.string().trim().min(1).optional(),
  name_field: z.string().trim().min(1).optional(),
  allow_unknown_codes: z.enum(["1", "true", "on"], { error: "allow_unknown_codes harus 1 bila diisi" }).optional(),
});

// POST /api/import/boundaries – multipart upload of a boundary file; upserts its areas by code; admin only
export const POST = uploadRoute(async (data, ctx, request) => {
  const parsed = form.safeParse({
    file: data.get("file"),
    level: formField(data, "level"),
    code_field: formField(data, "code_field"),
    name_field: formField(data, "name_field"),
    allow_unknown_codes: formField(data, "allow_unknown_codes"),
  });
  if (!parsed.success) return badRequest(parsed.error);
  const { file, level, code_field, name_field, allow_unknown_codes } = parsed.data;
  const report = await importBoundaries({
    ctx,
    input: {
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      level,
      codeField: code_field,
      nameField: name_field,
      allowUnknownCodes: allow_unknown_codes !== undefined,
    },
  });
  await recordAudit(ctx, {
    action: "import",
    entity: "import_batch",
    entityId: report.batchId,
    ip: clientAddress(request.headers),
    detail: { kind: "batas", file: file.name, features: report.features, levels: report.levels },
  });
  return NextResponse.json(report);
});
