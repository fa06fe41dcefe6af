import { NextResponse } from "next/server";
import { z } from "zod";
import { explainHousehold, householdIdParam, windowParams } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { badRequest, notFound, searchParamsOf } from "@/lib/http";

const query = z.intersection(z.object({ id: householdIdParam }), windowParams);

// GET /api/households/[id]?from=&to= – one household: members, receipts per period and the explanation of its counts
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const parsed = query.safeParse({ ...searchParamsOf(request), id: (await params).id });
  if (!parsed.success) return badRequest(parsed.error);
  const result = await explainHousehold({ ctx: await processContext(), input: parsed.data });
  return result ? NextResponse.json(result) : notFound("Rumah tangga tidak ditemukan.");
}
