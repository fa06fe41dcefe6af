import { describe, expect, it } from "vitest";

import { readBodyUpTo } from "@/lib/http";

/** A chunked upload: a body stream without Content-Length, `chunks` chunks of 1 KB, or endless. */
function chunkedRequest(chunks: number) {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === chunks) controller.close();
      else controller.enqueue(new Uint8Array(1024).fill(sent));
    },
  });
  return {
    request: new Request("http://localhost/api/import/dtks", { method: "POST", body, duplex: "half" } as RequestInit),
    sent: () => sent,
  };
}

describe("readBodyUpTo", () => {
  it("reads a chunked body within the limit whole", async () => {
    const { request } = chunkedRequest(3);
    const body = await readBodyUpTo(request, 4096);
    expect(body?.length).toBe(3072);
    expect([body![0], body![1024], body![2048]]).toEqual([1, 2, 3]);
  });

  it("stops a chunked body that declares no length as soon as it passes the limit", async () => {
    const { request, sent } = chunkedRequest(Number.POSITIVE_INFINITY);
    expect(request.headers.get("content-length")).toBeNull();
    expect(await readBodyUpTo(request, 10 * 1024)).toBeNull();
    expect(sent()).toBeLessThan(20);
  });
});
