import { createHash } from "node:crypto";

import { sql } from "drizzle-orm";
import { bytesToHeader, PMTiles, TileType, type RangeResponse, type Source } from "pmtiles";

import { queryRows } from "@/db/engine";
import { assertCan, recordAudit } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

/** What the map needs to know of the installed basemap: where it has tiles, and down to which zoom. */
export interface BasemapInfo {
  fileName: string;
  sha256: string;
  sizeBytes: number;
  minZoom: number;
  maxZoom: number;
  bounds: [number, number, number, number];
  installedBy: string;
  installedAt: string;
}

const PMTILES_HEADER_BYTES = 127;

/**
 * Installs the city's basemap: a PMTiles v3 file of vector tiles (an extract from Protomaps, for
 * instance), replacing the one before. Checked before it is kept: the PMTiles magic and version,
 * vector tiles, bounds that meet the city's. Admin only; logged.
 */
export async function installBasemap({
  ctx,
  input,
}: {
  ctx: Context;
  input: { fileName: string; bytes: Uint8Array };
}): Promise<BasemapInfo> {
  assertCan(ctx.actor, "manage_rules");
  const { bytes, fileName } = input;
  const magic = new TextDecoder().decode(bytes.subarray(0, 7));
  if (bytes.length < PMTILES_HEADER_BYTES || magic !== "PMTiles")
    throw new UserError(`${fileName}: bukan berkas PMTiles (kepala berkas tidak dikenali).`);
  if (bytes[7] !== 3)
    throw new UserError(`${fileName}: PMTiles versi ${bytes[7]}; yang dipakai versi 3 (ubah dengan pmtiles convert).`);
  const header = bytesToHeader(bytes.slice(0, PMTILES_HEADER_BYTES).buffer);
  if (header.tileType !== TileType.Mvt)
    throw new UserError(`${fileName}: petak di dalamnya bukan vektor (MVT); peta dasar perlu petak vektor.`);
  const kabkota = await homeKabkotaCode(ctx);
  const [city] = await queryRows<{ west: number; south: number; east: number; north: number }>(
    ctx.db,
    sql`SELECT ST_XMin(geom) AS west, ST_YMin(geom) AS south, ST_XMax(geom) AS east, ST_YMax(geom) AS north
        FROM area WHERE code = ${kabkota} AND geom IS NOT NULL`,
  );
  const bounds: [number, number, number, number] = [header.minLon, header.minLat, header.maxLon, header.maxLat];
  if (city && (bounds[2] < city.west || bounds[0] > city.east || bounds[3] < city.south || bounds[1] > city.north))
    throw new UserError(
      `${fileName}: wilayah berkas (${bounds.map((v) => v.toFixed(3)).join(", ")}) tidak mengenai kota ini; unduh potongan peta untuk kota ini.`,
    );
  // Every tile the map asks for must be readable: open it as the server will.
  const archive = new PMTiles(new BytesSource(bytes, "periksa"));
  await archive.getHeader();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const installedBy = ctx.actor.kind === "user" ? ctx.actor.username : "sistem";
  await ctx.db.execute(sql`
    INSERT INTO basemap (kabkota_code, file_name, sha256, size_bytes, min_zoom, max_zoom, west, south, east, north, bytes, installed_by)
    VALUES (${kabkota}, ${fileName}, ${sha256}, ${bytes.length}, ${header.minZoom}, ${header.maxZoom},
            ${bounds[0]}, ${bounds[1]}, ${bounds[2]}, ${bounds[3]}, ${bytes}, ${installedBy})
    ON CONFLICT (kabkota_code) DO UPDATE SET
      file_name = excluded.file_name, sha256 = excluded.sha256, size_bytes = excluded.size_bytes,
      min_zoom = excluded.min_zoom, max_zoom = excluded.max_zoom, west = excluded.west, south = excluded.south,
      east = excluded.east, north = excluded.north, bytes = excluded.bytes, installed_by = excluded.installed_by,
      installed_at = now()`);
  await recordAudit(ctx, {
    action: "basemap_install",
    entity: "basemap",
    entityId: kabkota,
    areaCode: kabkota,
    detail: { file: fileName, bytes: bytes.length, sha256, min_zoom: header.minZoom, max_zoom: header.maxZoom },
  });
  return (await basemapInfo(ctx))!;
}

/** The installed basemap of the city, without its bytes; null when none is installed. */
export async function basemapInfo(ctx: Context): Promise<BasemapInfo | null> {
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<
    Omit<BasemapInfo, "bounds"> & { west: number; south: number; east: number; north: number }
  >(
    ctx.db,
    sql`SELECT file_name AS "fileName", sha256, size_bytes::float8 AS "sizeBytes", min_zoom AS "minZoom",
               max_zoom AS "maxZoom", west, south, east, north, installed_by AS "installedBy",
               installed_at::text AS "installedAt"
        FROM basemap WHERE kabkota_code = ${kabkota}`,
  );
  if (!row) return null;
  const { west, south, east, north, ...info } = row;
  return { ...info, bounds: [west, south, east, north] };
}

/** Removes the city's basemap: the map goes back to outlines only. Admin only; logged. */
export async function removeBasemap(ctx: Context): Promise<boolean> {
  assertCan(ctx.actor, "manage_rules");
  const kabkota = await homeKabkotaCode(ctx);
  const removed = await queryRows<{ sha256: string }>(
    ctx.db,
    sql`DELETE FROM basemap WHERE kabkota_code = ${kabkota} RETURNING sha256`,
  );
  if (removed.length)
    await recordAudit(ctx, { action: "basemap_remove", entity: "basemap", entityId: kabkota, areaCode: kabkota });
  return removed.length > 0;
}

/** A PMTiles archive read from bytes in memory. */
class BytesSource implements Source {
  private readonly bytes: Uint8Array;
  constructor(
    bytes: Uint8Array,
    private readonly key: string,
  ) {
    // A copy as a plain Uint8Array: the driver may hand a Node Buffer, whose slice shares a larger pool.
    this.bytes = new Uint8Array(bytes);
  }
  getKey() {
    return this.key;
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return { data: this.bytes.slice(offset, offset + length).buffer };
  }
}

/** The archive of the installed file, kept per process by its hash: read from the database once. */
let opened: { sha256: string; archive: PMTiles } | null = null;

/**
 * One vector tile of the city's basemap, decompressed (MVT bytes), or null when no basemap is
 * installed or it has no tile there.
 */
export async function basemapTile(ctx: Context, z: number, x: number, y: number): Promise<Uint8Array | null> {
  const kabkota = await homeKabkotaCode(ctx);
  const [current] = await queryRows<{ sha256: string }>(
    ctx.db,
    sql`SELECT sha256 FROM basemap WHERE kabkota_code = ${kabkota}`,
  );
  if (!current) return null;
  if (opened?.sha256 !== current.sha256) {
    const [row] = await queryRows<{ bytes: Uint8Array }>(
      ctx.db,
      sql`SELECT bytes FROM basemap WHERE kabkota_code = ${kabkota} AND sha256 = ${current.sha256}`,
    );
    if (!row) return null;
    opened = { sha256: current.sha256, archive: new PMTiles(new BytesSource(row.bytes, current.sha256)) };
  }
  const tile = await opened.archive.getZxy(z, x, y);
  return tile ? new Uint8Array(tile.data) : null;
}
