import { NextResponse } from "next/server";

import { clientAddress } from "@/lib/access";
import { badRequest, notFound, signedInRoute } from "@/lib/http";
import { searchInput, searchRegister } from "@/lib/search";

// POST /api/search – DTKS members by a whole NIK or No. KK, or by name (typo-tolerant), within an area; logged, NIK/KK searches limited per hour
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = searchInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return badRequest(parsed.error);
    const result = await searchRegister({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
    return result
      ? NextResponse.json(result, { headers: { "cache-control": "no-store" } })
      : notFound("Tidak ditemukan.");
  },
  { capability: "person_details" },
);

// GET /api/search – refused: a search travels in a POST body, never in a URL that browser history and proxy logs keep
export function GET() {
  return NextResponse.json(
    { error: 'Pencarian dikirim dengan POST: JSON { by: "nama" | "nik" | "kk", q, area? }, tidak lewat alamat URL.' },
    { status: 405, headers: { allow: "POST" } },
  );
}
