import { peerStamped } from "./peer";

/**
 * The origin (scheme, host and port) the client asked for: the Host header and the connection's
 * scheme, or what a trusted proxy forwarded (peer.ts drops forwarding headers from anyone else,
 * and Next fills them from the request itself). Null for a request the hook did not see.
 */
export function requestOrigin(source: Headers): string | null {
  if (!peerStamped(source)) return null;
  const first = (name: string) => source.get(name)?.split(",")[0]?.trim() || null;
  const host = first("x-forwarded-host") ?? first("host");
  const scheme = first("x-forwarded-proto") ?? "http";
  try {
    return host ? new URL(`${scheme}://${host}`).origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a state-changing request comes from this app's own pages:
 * - `same-origin`: its Origin is the origin it was sent to (`requestOrigin`), or it has no Origin
 *   and the browser did not mark it cross-site;
 * - `cross-site`: another origin, a form posted from another site;
 * - `unverified`: it reached the server in the moment after `next start` listens and before the
 *   peer hook is installed (Next installs it with the instrumentation, after loading its
 *   config), so no origin of its own can be trusted. A browser's Sec-Fetch-Site, which no page
 *   can set, still vouches for its own pages; a client without it is asked to retry.
 */
export type OriginCheck = "same-origin" | "cross-site" | "unverified";

export function checkOrigin(source: Headers): OriginCheck {
  const origin = source.get("origin");
  const fetchSite = source.get("sec-fetch-site");
  if (origin === null) return fetchSite === "cross-site" ? "cross-site" : "same-origin";
  if (peerStamped(source)) return origin === requestOrigin(source) ? "same-origin" : "cross-site";
  if (fetchSite === "same-origin") return "same-origin";
  return fetchSite === null ? "unverified" : "cross-site";
}
