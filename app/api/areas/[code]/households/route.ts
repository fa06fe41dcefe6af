import { NextResponse } from "next/server";
import { z } from "zod";
import { areaCodeParam, householdListParams, listHouseholds } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { badRequest, notFound, searchParamsOf } from "@/lib/http";

const query = z.intersection(z.object({ code: areaCodeParam }), householdListParams);

// GET /api/areas/[code]/households?list=stacked|conflicting|uncovered|errors&page=&sort=&program=&desil=&from=&to= – the households behind a count
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const parsed = query.safeParse({ ...searchParamsOf(request), code: (await params).code });
  if (!parsed.success) return badRequest(parsed.error);
  const result = await listHouseholds({ ctx: await processContext(), input: parsed.data });
  return result ? NextResponse.json(result) : notFound("Wilayah tidak ditemukan.");
}
