import { NextResponse } from "next/server";
import { z } from "zod";

import { badRequest, uploadRoute } from "@/lib/http";
import { DTKS_COLUMNS, fileColumns, readTable } from "@/lib/imports";

const form = z.object({ file: z.instanceof(File, { error: "Pilih berkas (CSV atau XLSX)." }) });

// POST /api/import/kolom – multipart file: its headers and the DTKS column each is read as without a mapping (nothing is stored)
export const POST = uploadRoute(
  async (data) => {
    const parsed = form.safeParse({ file: data.get("file") });
    if (!parsed.success) return badRequest(parsed.error);
    const { file } = parsed.data;
    const table = readTable(file.name, new Uint8Array(await file.arrayBuffer()));
    return NextResponse.json(fileColumns(table, DTKS_COLUMNS));
  },
  { writes: false },
);
