import { badRequest, searchParamsOf, signedInRoute } from "@/lib/http";
import { cachedVectorTile, tileParams } from "@/lib/tiles";

// GET /api/tiles/{kecamatan|kelurahan|rt|rumah-tangga}/{z}/{x}/{y}?from=&to= – a Mapbox vector tile of the account's areas for the window
export const GET = signedInRoute(async ({ request, ctx, params }) => {
  const parsed = tileParams.safeParse({ ...searchParamsOf(request), ...params });
  if (!parsed.success) return badRequest(parsed.error);
  const tile = await cachedVectorTile({ ctx, input: parsed.data });
  // The session is part of the tag: another account on the same browser must not get this tile back.
  const etag = `"${tile.dataVersion}-${tile.window.from}-${tile.window.to}-${ctx.actor.sessionHash.slice(0, 12)}"`;
  const headers = {
    etag,
    // Revalidated on every use: an import changes the data version and with it the ETag.
    "cache-control": "private, no-cache",
    vary: "Cookie",
    "x-tile-cache": tile.cached ? "hit" : "miss",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  if (tile.bytes.length === 0) return new Response(null, { status: 204, headers });
  return new Response(Buffer.from(tile.bytes), {
    headers: { ...headers, "content-type": "application/vnd.mapbox-vector-tile" },
  });
});
