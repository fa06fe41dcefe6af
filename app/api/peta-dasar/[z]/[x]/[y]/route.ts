import { basemapTile } from "@/lib/basemap";
import { badRequest, signedInRoute } from "@/lib/http";
import { tileAddressParams } from "@/lib/tiles";

// GET /api/peta-dasar/{z}/{x}/{y}?v= – a vector tile of the city's installed basemap (streets, water); 204 where it has none
export const GET = signedInRoute(
  async ({ ctx, params }) => {
    const parsed = tileAddressParams.safeParse(params);
    if (!parsed.success) return badRequest(parsed.error);
    const tile = await basemapTile(ctx, parsed.data.z, parsed.data.x, parsed.data.y);
    // The URL carries the file's hash (`v`): a tile of one file never changes, so it may be kept a day.
    const headers = { "cache-control": "private, max-age=86400" };
    if (!tile?.length) return new Response(null, { status: 204, headers });
    return new Response(Buffer.from(tile), {
      headers: { ...headers, "content-type": "application/vnd.mapbox-vector-tile" },
    });
  },
  // Every signed-in account that sees a map, the wall screen included: no person in it.
  { capability: null },
);
