import { NextResponse } from "next/server";

import { clientAddress, revealHouseholdIds } from "@/lib/access";
import { householdIdParam } from "@/lib/analytics";
import { badRequest, notFound, signedInRoute } from "@/lib/http";

// POST /api/households/[id]/nik – the household's full NIKs and No. KK (admin, operator in its area); logged in the audit
export const POST = signedInRoute(
  async ({ request, ctx, params }) => {
    const id = householdIdParam.safeParse(params.id);
    if (!id.success) return badRequest(id.error);
    const revealed = await revealHouseholdIds({ ctx, input: { id: id.data, ip: clientAddress(request.headers) } });
    return revealed
      ? NextResponse.json(revealed, { headers: { "cache-control": "no-store" } })
      : notFound("Rumah tangga tidak ditemukan.");
  },
  { capability: "reveal_nik" },
);
