import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { type Context, processContext } from "@/lib/context";
import type { UserActor } from "./actor";
import type { Capability } from "./roles";
import { cookieOf } from "./cookies";
import { can } from "./scope";
import { actorOfToken, SESSION_COOKIE, SESSION_HOURS } from "./session";

/** The client's address as the proxy in front of the app reports it, for the audit log and login limits. */
export function clientAddress(source: Headers): string | null {
  return source.get("x-forwarded-for")?.split(",")[0]?.trim() || source.get("x-real-ip") || null;
}

/** The context of a request's signed-in account, or null when it carries no valid session. */
export async function requestContext(request: Request): Promise<(Context & { actor: UserActor }) | null> {
  const token = cookieOf(request.headers.get("cookie"), SESSION_COOKIE);
  if (!token) return null;
  const base = await processContext();
  const actor = await actorOfToken(base, token);
  return actor ? { ...base, actor } : null;
}

/** The session cookie: httpOnly, SameSite=Lax, Secure when the app is reached over HTTPS. */
export function sessionCookie(request: Request, token: string, expiresAt: Date): string {
  const https = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const parts = [`${SESSION_COOKIE}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${SESSION_HOURS * 3600}`, `Expires=${expiresAt.toUTCString()}`];
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
export async function pageContext(path: string, capability: Capability = "read_areas"): Promise<Context & { actor: UserActor }> {
  const actor = await currentActor();
  if (!actor) redirect(`/masuk?lanjut=${encodeURIComponent(path)}`);
  if (!can(actor, capability)) redirect("/akses-ditolak");
  return { ...(await processContext()), actor };
}

/** The address of the page's request (for audit entries written while rendering). */
export async function pageAddress(): Promise<string | null> {
  return clientAddress(await headers());
}
