import { processContext } from "@/lib/context";
import { badRequest, searchParamsOf } from "@/lib/http";
import { cachedVectorTile } from "@/lib/tiles/cache";
import { tileParams } from "@/lib/tiles/params";

// GET /api/tiles/{kecamatan|kelurahan|rt|rumah-tangga}/{z}/{x}/{y}?from=&to= – a Mapbox vector tile for the window
export async function GET(request: Request, { params }: { params: Promise<Record<string, string>> }) {
  const parsed = tileParams.safeParse({ ...searchParamsOf(request), ...(await params) });
  if (!parsed.success) return badRequest(parsed.error);
  const tile = await cachedVectorTile({ ctx: await processContext(), input: parsed.data });
  const etag = `"${tile.dataVersion}-${tile.window.from}-${tile.window.to}"`;
  const headers = {
    etag,
    // Revalidated on every use: an import changes the data version and with it the ETag.
    "cache-control": "private, no-cache",
    "x-tile-cache": tile.cached ? "hit" : "miss",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  if (tile.bytes.length === 0) return new Response(null, { status: 204, headers });
  return new Response(Buffer.from(tile.bytes), { headers: { ...headers, "content-type": "application/vnd.mapbox-vector-tile" } });
}
