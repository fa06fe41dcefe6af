import { NextResponse } from "next/server";
import { z } from "zod";
import { areaOverlap, areaCodeParam, windowParams } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { badRequest, notFound, searchParamsOf } from "@/lib/http";

const query = z.intersection(z.object({ code: areaCodeParam }), windowParams);

// GET /api/areas/[code]/overlap?from=YYYY-MM&to=YYYY-MM – program combinations and program mix of an area's households in a window
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const parsed = query.safeParse({ ...searchParamsOf(request), code: (await params).code });
  if (!parsed.success) return badRequest(parsed.error);
  const result = await areaOverlap({ ctx: await processContext(), input: parsed.data });
  return result ? NextResponse.json(result) : notFound("Wilayah tidak ditemukan.");
}
