import { NextResponse } from "next/server";
import { z } from "zod";
import { areaTrend, areaCodeParam, windowParams } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { badRequest, notFound, searchParamsOf } from "@/lib/http";

const query = z.intersection(z.object({ code: areaCodeParam }), windowParams);

// GET /api/areas/[code]/trend?from=YYYY-MM&to=YYYY-MM – month-by-month counts of an area
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const parsed = query.safeParse({ ...searchParamsOf(request), code: (await params).code });
  if (!parsed.success) return badRequest(parsed.error);
  const result = await areaTrend({ ctx: await processContext(), input: parsed.data });
  return result ? NextResponse.json(result) : notFound("Wilayah tidak ditemukan.");
}
