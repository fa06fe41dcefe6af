import { NextResponse } from "next/server";

import { signedInRoute } from "@/lib/http";
import { proposalPoints } from "@/lib/verval";

// GET /api/usulan/peta – the proposals of the account's areas as GeoJSON points coloured by state (roles with single households on the map)
export const GET = signedInRoute(async ({ ctx }) => NextResponse.json(await proposalPoints({ ctx })), {
  capability: "household_points",
});
