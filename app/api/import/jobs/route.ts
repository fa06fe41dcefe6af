import { NextResponse } from "next/server";

import { signedInRoute } from "@/lib/http";
import { jobsOf } from "@/lib/jobs";

// GET /api/import/jobs – the account's import jobs of this server, running and finished within the hour, newest first.
export const GET = signedInRoute(async ({ ctx }) => NextResponse.json({ jobs: jobsOf(ctx.actor.userId) }), {
  capability: "import",
});
