import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { checkOrigin, type OriginCheck } from "@/lib/access/origin";
import { installPeerHook } from "@/lib/access/peer";
import { originRefusal } from "@/lib/http";

const headersOf = (request: IncomingMessage) =>
  new Headers(
    Object.entries(request.headers).map(([name, value]): [string, string] => [name, [value].flat().join(", ")]),
  );

/** Serves each request's `checkOrigin` as it reaches a handler: the hook, when installed, has seen it. */
async function originServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => response.end(checkOrigin(headersOf(request))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function checked(url: string, headers: Record<string, string>): Promise<OriginCheck> {
  return (await (await fetch(url, { method: "POST", headers })).text()) as OriginCheck;
}

// The moment after `next start` listens and before the instrumentation installs the peer hook:
// what the first request after a start met (a login refused as "from another site").
describe("checkOrigin before the peer hook is installed", () => {
  let served: { server: Server; url: string };
  beforeAll(async () => (served = await originServer()));
  afterAll(() => served.server.close());

  it("lets a browser's own page through on Sec-Fetch-Site, asks any other client to retry", async () => {
    const { url } = served;
    expect(await checked(url, { origin: url, "sec-fetch-site": "same-origin" })).toBe("same-origin");
    expect(await checked(url, { origin: url })).toBe("unverified");
    expect(await checked(url, { origin: "http://evil.example", "sec-fetch-site": "cross-site" })).toBe("cross-site");
    expect(await checked(url, { origin: url, "sec-fetch-site": "same-site" })).toBe("cross-site");
  });
});

describe("checkOrigin once the peer hook is installed", () => {
  let served: { server: Server; url: string };
  beforeAll(async () => {
    installPeerHook();
    served = await originServer();
  });
  afterAll(() => served.server.close());

  it("compares Origin with the connection's own origin, whatever the client forwards", async () => {
    const { url } = served;
    expect(await checked(url, { origin: url })).toBe("same-origin");
    expect(await checked(url, { origin: "http://evil.example" })).toBe("cross-site");
    // Forwarding headers from an untrusted peer are dropped, so a forged host does not match.
    expect(await checked(url, { origin: "http://evil.example", "x-forwarded-host": "evil.example" })).toBe(
      "cross-site",
    );
    // Sec-Fetch-Site vouches only while the hook is missing.
    expect(await checked(url, { origin: "http://evil.example", "sec-fetch-site": "same-origin" })).toBe("cross-site");
  });

  it("keeps the old rule for a request without Origin", async () => {
    expect(await checked(served.url, {})).toBe("same-origin");
    expect(await checked(served.url, { "sec-fetch-site": "cross-site" })).toBe("cross-site");
  });
});

describe("originRefusal", () => {
  it("answers another site 403 and a request it cannot vouch for 503 with Retry-After", async () => {
    expect(originRefusal("same-origin")).toBeNull();
    const crossSite = originRefusal("cross-site")!;
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error).toBe("Permintaan dari situs lain ditolak.");
    const unverified = originRefusal("unverified")!;
    expect(unverified.status).toBe(503);
    expect(unverified.headers.get("retry-after")).toBe("1");
    expect((await unverified.json()).error).toMatch(/masih bersiap/);
  });
});
