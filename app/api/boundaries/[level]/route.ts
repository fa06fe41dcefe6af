import { NextResponse } from "next/server";
import { z } from "zod";

import { areaCodePattern } from "@/lib/area-codes";
import { boundaryFeatures, homeKabkotaCode } from "@/lib/areas";
import { badRequest, signedInRoute } from "@/lib/http";

const query = z.object({
  level: z.enum(["kecamatan", "kelurahan", "rt"], { error: "level harus kecamatan, kelurahan atau rt" }),
  kabkota: z
    .string()
    .regex(areaCodePattern("kabkota"), { error: "kabkota harus kode kabupaten/kota seperti 64.72" })
    .optional(),
});

// GET /api/boundaries/[level]?kabkota=64.72 – display outlines of one level, within the account's areas, as GeoJSON
export const GET = signedInRoute(async ({ request, ctx, params }) => {
  const parsed = query.safeParse({
    level: params.level,
    kabkota: new URL(request.url).searchParams.get("kabkota") ?? undefined,
  });
  if (!parsed.success) return badRequest(parsed.error);
  const kabkotaCode = parsed.data.kabkota ?? (await homeKabkotaCode(ctx));
  const collection = await boundaryFeatures({ ctx, input: { kabkotaCode, level: parsed.data.level } });
  return NextResponse.json(collection, { headers: { "Cache-Control": "private, no-cache", vary: "Cookie" } });
});
