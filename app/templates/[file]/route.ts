import { z } from "zod";

import { TEMPLATE_NAMES, templateFile } from "@/lib/imports";

const templateParam = z.string().regex(new RegExp(`^(${TEMPLATE_NAMES.join("|")})\\.(csv|xlsx)$`));

// GET /templates/{dtks|penerima|dukcapil}.{csv|xlsx} – an import template with the canonical headers
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const parsed = templateParam.safeParse((await params).file);
  if (!parsed.success) return new Response("Templat tidak ditemukan.", { status: 404 });
  const [name, format] = parsed.data.split(".") as [(typeof TEMPLATE_NAMES)[number], "csv" | "xlsx"];
  const file = templateFile(name, format);
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "public, max-age=3600",
    },
  });
}
