import { sql } from "drizzle-orm";

import { scopeKey } from "@/lib/access";
import { currentDataVersion } from "@/lib/analytics";
import type { Context } from "@/lib/context";

import type { TileRequest } from "./grid";
import { HOUSEHOLD_MIN_ZOOM } from "./household-layer";
import { vectorTile, type Tile } from "./vector-tile";

const MAX_TILES = 2_000;
const MAX_BYTES = 64 * 1024 * 1024;

/**
 * Tiles already built in this process, by data version, the actor's scope, window and tile: a
 * write anywhere moves the version (migration 0007), so a cached tile is never served stale, and
 * one actor's tile is never served to another who may see less. Least recently used
 * tiles go first once the cache holds MAX_TILES or MAX_BYTES.
 */
const built = new Map<string, Tile>();
let heldBytes = 0;

function remember(key: string, tile: Tile) {
  built.set(key, tile);
  heldBytes += tile.bytes.length;
  for (const [oldest, old] of built) {
    if (built.size <= MAX_TILES && heldBytes <= MAX_BYTES) break;
    built.delete(oldest);
    heldBytes -= old.bytes.length;
  }
}

const keyOf = (version: number, scope: string, t: TileRequest) =>
  [version, scope, t.layer, t.z, t.x, t.y, t.from ?? "", t.to ?? ""].join("/");

/**
 * Logs an account's look at the household layer at street level (zoom ≥ 15: single households,
 * or for pimpinan the finest clusters): the first tile of each zoom level in each minute, with
 * its z/x/y and the account's role, so panning a street map writes a few entries, not hundreds.
 */
async function auditStreetTile(ctx: Context, t: TileRequest): Promise<void> {
  if (ctx.actor.kind !== "user" || t.layer !== "rumah-tangga" || t.z < HOUSEHOLD_MIN_ZOOM) return;
  const { userId, username, role } = ctx.actor;
  const tile = `${t.z}/${t.x}/${t.y}`;
  await ctx.db.execute(sql`
    INSERT INTO audit_log (user_id, username, action, entity, entity_id, detail)
    SELECT ${userId}, ${username}, 'street_tile', 'tile', ${tile}, ${JSON.stringify({ layer: t.layer, z: t.z, x: t.x, y: t.y, role })}::jsonb
    WHERE NOT EXISTS (
      SELECT 1 FROM audit_log
      WHERE action = 'street_tile' AND at > now() - interval '1 minute' AND user_id = ${userId} AND (detail->>'z')::int = ${t.z}::int
    )`);
}

/** A vector tile from the cache, or built and kept. `cached` says which. */
export async function cachedVectorTile({
  ctx,
  input,
}: {
  ctx: Context;
  input: TileRequest;
}): Promise<Tile & { cached: boolean }> {
  await auditStreetTile(ctx, input);
  const { version } = await currentDataVersion(ctx);
  const scope = scopeKey(ctx.actor);
  const key = keyOf(version, scope, input);
  const hit = built.get(key);
  if (hit) {
    built.delete(key);
    built.set(key, hit);
    return { ...hit, cached: true };
  }
  const tile = await vectorTile({ ctx, input });
  remember(keyOf(tile.dataVersion, scope, input), tile);
  return { ...tile, cached: false };
}
