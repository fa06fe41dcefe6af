import { cookies, headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

import { processContext, type Context, type SignedInContext } from "@/lib/context";
import { env, plainAddress } from "@/lib/env";

import type { UserActor } from "./actor";
import { recordAudit } from "./audit";
import { cookieOf } from "./cookies";
import { requestOrigin } from "./origin";
import { peerStamped } from "./peer";
import type { Capability } from "./roles";
import { can } from "./scope";
import { actorOfToken, hashToken, SESSION_COOKIE, SESSION_HOURS } from "./session";

/**
 * The client's address. X-Forwarded-For holds the connection's own address, after the addresses
 * a trusted proxy reported (peer.ts rewrites it as each request arrives): the client is the
 * rightmost address that is not a trusted proxy. Null for a request the hook did not see.
 */
export function clientAddress(source: Headers): string | null {
  if (!peerStamped(source)) return null;
  const trusted = env().trustedProxies;
  const chain = (source.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => plainAddress(part.trim()))
    .filter(Boolean);
  while (chain.length > 1 && trusted.includes(chain.at(-1)!)) chain.pop();
  return chain.at(-1) ?? null;
}

/**
 * The hash of the session a request carries, not checked against the database: for what its own
 * session started in this process (an import job), never as a sign-in.
 */
export function requestSessionHash(request: Request): string | null {
  const token = cookieOf(request.headers.get("cookie"), SESSION_COOKIE);
  return token ? hashToken(token) : null;
}

/** The context of a request's signed-in account, or null when it carries no valid session. */
export async function requestContext(request: Request): Promise<SignedInContext | null> {
  const token = cookieOf(request.headers.get("cookie"), SESSION_COOKIE);
  if (!token) return null;
  const base = await processContext();
  const actor = await actorOfToken(base, token);
  return actor ? { ...base, actor, ip: clientAddress(request.headers) } : null;
}

/** The session cookie: httpOnly, SameSite=Lax, Secure when the app is reached over HTTPS. */
export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const https = requestOrigin(request.headers)?.startsWith("https:") ?? false;
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${SESSION_HOURS * 3600}`,
    `Expires=${expiresAt.toUTCString()}`,
  ];
  if (https) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/**
 * The signed-in account of the page being rendered, or null (layouts use it to show who is in).
 * Read once per request: the layout and the page share the answer.
 */
export const currentActor = cache(async (): Promise<UserActor | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return actorOfToken(await processContext(), token);
});

/**
 * The context a page renders with: its signed-in account, or a redirect to the login page that
 * comes back to `path`; a role without `capability` (`read_areas` unless another is named) is
 * sent to the refusal page.
 */
export async function pageContext(path: string, capability: Capability = "read_areas"): Promise<SignedInContext> {
  const actor = await currentActor();
  if (!actor) redirect(`/masuk?lanjut=${encodeURIComponent(path)}`);
  const ctx = { ...(await processContext()), actor, ip: clientAddress(await headers()) };
  if (!can(actor, capability)) {
    await recordAudit(ctx, { action: "access_denied", detail: { path, capability } });
    redirect("/akses-ditolak");
  }
  return ctx;
}

/**
 * A page's answer to an area or household that is unknown or outside the account's scope (the
 * two look alike to the account): logged, then Next's 404.
 */
export async function notFoundInScope(ctx: Context, path: string): Promise<never> {
  await recordAudit(ctx, { action: "not_found", detail: { path } });
  notFound();
}
