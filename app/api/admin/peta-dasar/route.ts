import { NextResponse } from "next/server";
import { z } from "zod";

import { basemapInfo, installBasemap, removeBasemap } from "@/lib/basemap";
import { badRequest, signedInRoute, uploadRoute } from "@/lib/http";

const form = z.object({
  file: z.instanceof(File, { error: "Pilih berkas peta dasar (.pmtiles)." }),
});

// GET /api/admin/peta-dasar – the installed basemap (file, size, zooms, bounds), or null; admin only
export const GET = signedInRoute(async ({ ctx }) => NextResponse.json({ basemap: await basemapInfo(ctx) }), {
  capability: "manage_rules",
});

// POST /api/admin/peta-dasar – multipart `file`: a PMTiles v3 file of vector tiles for the city, replacing the one before; admin only
export const POST = uploadRoute(
  async (data, ctx) => {
    const parsed = form.safeParse({ file: data.get("file") });
    if (!parsed.success) return badRequest(parsed.error);
    const basemap = await installBasemap({
      ctx,
      input: { fileName: parsed.data.file.name, bytes: new Uint8Array(await parsed.data.file.arrayBuffer()) },
    });
    return NextResponse.json({ basemap });
  },
  { writes: false, capability: "manage_rules" },
);

// DELETE /api/admin/peta-dasar – removes the basemap: the map shows outlines only again; admin only
export const DELETE = signedInRoute(async ({ ctx }) => NextResponse.json({ removed: await removeBasemap(ctx) }), {
  capability: "manage_rules",
});
