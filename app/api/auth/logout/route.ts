import { NextResponse } from "next/server";

import { clearedSessionCookie, clientAddress, recordAudit, revokeSession } from "@/lib/access";
import { signedInRoute } from "@/lib/http";

// POST /api/auth/logout – ends the session and clears its cookie
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    await revokeSession(ctx, ctx.actor.sessionHash);
    await recordAudit(ctx, {
      action: "logout",
      entity: "app_user",
      entityId: ctx.actor.userId,
      ip: clientAddress(request.headers),
    });
    const response = NextResponse.json({ ok: true });
    response.headers.append("set-cookie", clearedSessionCookie());
    return response;
  },
  { capability: null },
);
