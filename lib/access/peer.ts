import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

import { env, plainAddress } from "@/lib/env";

/**
 * Next gives a route handler no socket: it only fills X-Forwarded-For with the connection's
 * address when the request did not bring one, so a client could name any address. Node
 * announces every request on the `http.server.request.start` channel before Next sees it; there
 * the headers are rewritten from the connection itself:
 * - from an address not in TEPAT_TRUSTED_PROXIES, every forwarding header is dropped and
 *   X-Forwarded-For is the connection's address (Next then fills host and scheme from the
 *   request itself);
 * - from a trusted proxy, its headers stay and its own address is appended to X-Forwarded-For.
 * Each rewritten request carries this process's random stamp, so a request that arrived before
 * the hook was installed (while the server starts) is told apart and trusted with nothing.
 */
const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-real-ip",
  "forwarded",
];
const STAMP_HEADER = "x-tepat-peer";
/** Next bundles instrumentation and routes apart; globalThis is what one process shares. */
const STAMP = Symbol.for("tepat.peer-stamp");
const shared = globalThis as { [STAMP]?: string };

export function installPeerHook(): void {
  if (shared[STAMP]) return;
  const stamp = randomBytes(16).toString("hex");
  shared[STAMP] = stamp;
  const trusted = new Set(env().trustedProxies);
  subscribe("http.server.request.start", (message) => {
    const { request } = message as { request: IncomingMessage };
    const peer = plainAddress(request.socket.remoteAddress ?? "");
    const headers = request.headers;
    if (trusted.has(peer)) {
      headers["x-forwarded-for"] = [headers["x-forwarded-for"], peer].filter(Boolean).join(", ");
    } else {
      for (const name of FORWARDING_HEADERS) delete headers[name];
      headers["x-forwarded-for"] = peer;
    }
    headers[STAMP_HEADER] = stamp;
  });
}

/** Whether a request's forwarding headers were rewritten by the hook above. */
export function peerStamped(headers: Headers): boolean {
  return shared[STAMP] !== undefined && headers.get(STAMP_HEADER) === shared[STAMP];
}
