import { NextResponse } from "next/server";

import { actorOfToken, checkOrigin, clientAddress, fixedLanding, logIn, loginInput, sessionCookie } from "@/lib/access";
import { processContext } from "@/lib/context";
import { badRequest, originRefusal } from "@/lib/http";

// POST /api/auth/login – JSON { username, password }; 200 with the session cookie (and `landing`, the page a
// screen-only account must go to, else null), 401 wrong, 429 locked
export async function POST(request: Request) {
  const refusal = originRefusal(checkOrigin(request.headers));
  if (refusal) return refusal;
  const parsed = loginInput.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return badRequest(parsed.error);
  const ctx = await processContext();
  const result = await logIn({
    ctx,
    input: { ...parsed.data, ip: clientAddress(request.headers), userAgent: request.headers.get("user-agent") },
  });
  if (!result.ok) return NextResponse.json({ error: result.message }, { status: result.status });
  const actor = await actorOfToken(ctx, result.token);
  const response = NextResponse.json({
    ok: true,
    expires_at: result.expiresAt.toISOString(),
    landing: actor ? fixedLanding(actor.role) : null,
  });
  response.headers.append("set-cookie", sessionCookie(request, result.token, result.expiresAt));
  return response;
}
