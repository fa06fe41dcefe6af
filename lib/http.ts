import { NextResponse } from "next/server";
import type { ZodError } from "zod";

/**
 * Whether a state-changing request comes from this app's own pages. Browsers send Origin on
 * POST; a form posted from another site carries that site's origin and is refused.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return request.headers.get("sec-fetch-site") !== "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** 400 with one message per offending parameter, named as the client sent it. */
export function badRequest(error: ZodError) {
  const fields = Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "_", issue.message]));
  return NextResponse.json({ error: "Parameter tidak valid", fields }, { status: 400 });
}
