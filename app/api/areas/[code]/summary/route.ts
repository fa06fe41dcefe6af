import { NextResponse } from "next/server";
import { z } from "zod";
import { areaSummary, areaCodeParam, windowParams } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { badRequest, notFound, searchParamsOf } from "@/lib/http";

const query = z.intersection(z.object({ code: areaCodeParam }), windowParams);

// GET /api/areas/[code]/summary?from=YYYY-MM&to=YYYY-MM – counts for an area and its children in a window
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const parsed = query.safeParse({ ...searchParamsOf(request), code: (await params).code });
  if (!parsed.success) return badRequest(parsed.error);
  const result = await areaSummary({ ctx: await processContext(), input: parsed.data });
  return result ? NextResponse.json(result) : notFound("Wilayah tidak ditemukan.");
}
