import { analysisVerb, currentDataVersion, resolveWindow, type AnalysisWindow } from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";

import { areaLayerTile } from "./area-layer";
import type { TileRequest } from "./grid";
import { householdLayerTile } from "./household-layer";

export interface Tile {
  /** The MVT bytes; empty when nothing falls in the tile. */
  bytes: Uint8Array;
  window: AnalysisWindow;
  dataVersion: number;
}

/**
 * One vector tile of a layer for an analysis window. On the PostgreSQL server ST_AsMVT encodes
 * it; on the embedded engine PostGIS clips and snaps the same geometry (`tileGeometry`) and JS
 * encodes it (`encodeLayer`); a test checks that the two agree. `useServerEncoder: false`
 * forces the JS path, for that test and the bench.
 */
export const vectorTile = analysisVerb(
  async (ctx: Context, request: TileRequest & { useServerEncoder?: boolean }): Promise<Tile> => {
    const { version } = await currentDataVersion(ctx);
    const window = await resolveWindow({
      ctx,
      input: { kabkotaCode: await homeKabkotaCode(ctx), from: request.from, to: request.to },
    });
    const serverEncoder = (request.useServerEncoder ?? true) && ctx.engine === "postgres";
    const bytes =
      request.layer === "rumah-tangga"
        ? await householdLayerTile(ctx, request, window, serverEncoder)
        : await areaLayerTile(ctx, { ...request, layer: request.layer }, window, serverEncoder);
    return { bytes, window, dataVersion: version };
  },
);
