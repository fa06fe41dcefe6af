import { NextResponse } from "next/server";
import { z } from "zod";
import { clientAddress } from "@/lib/access/request";
import { explainHousehold, householdIdParam, windowParams } from "@/lib/analytics";
import { badRequest, notFound, searchParamsOf, signedInRoute } from "@/lib/http";

const schema = z.intersection(z.object({ id: householdIdParam }), windowParams);

// GET /api/households/[id]?from=&to= – one household as the account's role may see it: members (or their count), receipts, the explanation of its counts, history (each read logged)
export const GET = signedInRoute(async ({ request, ctx, params }) => {
  const parsed = schema.safeParse({ ...searchParamsOf(request), ...params });
  if (!parsed.success) return badRequest(parsed.error);
  const household = await explainHousehold({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
  return household ? NextResponse.json(household) : notFound("Rumah tangga tidak ditemukan.");
});
