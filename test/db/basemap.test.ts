import { beforeAll, expect, it } from "vitest";

import { AccessDenied } from "@/lib/access/errors";
import { basemapInfo, basemapTile, installBasemap, removeBasemap } from "@/lib/basemap";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors } from "../helpers/factories";
import { writeTestBasemap } from "../helpers/pmtiles";

describeEachEngine("the city's basemap, installed as a PMTiles file and served tile by tile", (fixture) => {
  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
  });

  it("keeps a PMTiles v3 file of vector tiles and serves its tile as written, 204-empty elsewhere", async () => {
    const { ctx } = fixture();
    const file = writeTestBasemap(117.15, -0.5, 12);
    const info = await installBasemap({ ctx, input: { fileName: "samarinda.pmtiles", bytes: file.bytes } });
    expect(info).toMatchObject({
      fileName: "samarinda.pmtiles",
      sizeBytes: file.bytes.length,
      minZoom: 12,
      maxZoom: 12,
    });
    info.bounds.forEach((v, i) => expect(v).toBeCloseTo(file.bounds[i]!, 5));
    expect(await basemapTile(ctx, file.tile.z, file.tile.x, file.tile.y)).toEqual(file.mvt);
    expect(await basemapTile(ctx, file.tile.z, file.tile.x + 1, file.tile.y)).toBeNull();
    // A new file replaces the one before, and its tiles are served, not the cached ones.
    const other = writeTestBasemap(117.2, -0.45, 13);
    await installBasemap({ ctx, input: { fileName: "baru.pmtiles", bytes: other.bytes } });
    expect((await basemapInfo(ctx))!.fileName).toBe("baru.pmtiles");
    expect(await basemapTile(ctx, file.tile.z, file.tile.x, file.tile.y)).toBeNull();
    expect(await basemapTile(ctx, other.tile.z, other.tile.x, other.tile.y)).toEqual(other.mvt);
    expect(await removeBasemap(ctx)).toBe(true);
    expect(await basemapInfo(ctx)).toBeNull();
    expect(await basemapTile(ctx, other.tile.z, other.tile.x, other.tile.y)).toBeNull();
  });

  it("refuses what is not a PMTiles v3 file of vector tiles for this city, saying why, and anyone but an admin", async () => {
    const { ctx } = fixture();
    const good = writeTestBasemap(117.15, -0.5, 12).bytes;
    const refusal = async (bytes: Uint8Array) =>
      installBasemap({ ctx, input: { fileName: "x.pmtiles", bytes } }).then(
        () => "diterima",
        (error: Error) => (error instanceof UserError ? error.message : `${error}`),
      );
    expect(await refusal(new TextEncoder().encode("bukan peta sama sekali"))).toBe(
      "x.pmtiles: bukan berkas PMTiles (kepala berkas tidak dikenali).",
    );
    const v2 = good.slice();
    v2[7] = 2;
    expect(await refusal(v2)).toContain("PMTiles versi 2; yang dipakai versi 3");
    const raster = good.slice();
    raster[99] = 2; // PNG tiles
    expect(await refusal(raster)).toContain("bukan vektor (MVT)");
    // Jakarta: nowhere near the city.
    expect(await refusal(writeTestBasemap(106.8, -6.2, 12).bytes)).toContain("tidak mengenai kota ini");
    expect(await basemapInfo(ctx)).toBeNull();
    const { dinsos } = await insertActors(ctx.db, { dinsos: { role: "dinsos", areas: ["64.72"] } });
    await expect(
      installBasemap({ ctx: { ...ctx, actor: dinsos }, input: { fileName: "x.pmtiles", bytes: good } }),
    ).rejects.toBeInstanceOf(AccessDenied);
  });
});
