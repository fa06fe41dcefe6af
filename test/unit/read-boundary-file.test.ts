import { zip } from "@mapbox/shp-write";
import { describe, expect, it } from "vitest";

import { BoundaryFileError, readBoundaryFile } from "@/lib/boundaries";
import { zipEntryNames } from "@/lib/imports/zip";

import { zipBomb, zipOfMany } from "../helpers/zip-bomb";

const encode = (text: string) => new TextEncoder().encode(text);

describe("readBoundaryFile", () => {
  it("reads a GeoJSON FeatureCollection", async () => {
    const fc = await readBoundaryFile("a.geojson", encode('{"type":"FeatureCollection","features":[]}'));
    expect(fc.type).toBe("FeatureCollection");
  });

  it("refuses text that is not JSON, naming the file", async () => {
    await expect(readBoundaryFile("batas.geojson", encode("kode,nama\n64.72,Samarinda"))).rejects.toThrow(
      /batas.geojson bukan GeoJSON maupun Shapefile ZIP/,
    );
  });

  it("refuses bytes that are not UTF-8", async () => {
    await expect(readBoundaryFile("batas.geojson", new Uint8Array([0xff, 0xfe, 0x00, 0x7b]))).rejects.toThrow(
      /bukan teks UTF-8/,
    );
  });

  it("refuses JSON that is not a FeatureCollection", async () => {
    await expect(readBoundaryFile("x.json", encode('{"type":"Feature"}'))).rejects.toBeInstanceOf(BoundaryFileError);
  });

  it("refuses an empty file", async () => {
    await expect(readBoundaryFile("x.json", new Uint8Array())).rejects.toThrow(/kosong/);
  });

  it("reads a zipped Shapefile with its attributes", async () => {
    const archive = await zip<"uint8array">(
      {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { KODE_KEL: "6472051004", NAMA: "Sungai Siring" },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [117.2, -0.4],
                  [117.2, -0.39],
                  [117.21, -0.39],
                  [117.21, -0.4],
                  [117.2, -0.4],
                ],
              ],
            },
          },
        ],
      },
      { outputType: "uint8array", compression: "STORE", types: { polygon: "kelurahan" } },
    );
    const fc = await readBoundaryFile("kelurahan.zip", archive);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]!.properties).toMatchObject({ KODE_KEL: "6472051004", NAMA: "Sungai Siring" });
    expect(fc.features[0]!.geometry.type).toBe("Polygon");
  });

  it("refuses a truncated ZIP instead of handing it to the unzipper", async () => {
    const truncated = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(readBoundaryFile("x.zip", truncated)).rejects.toThrow(
      /x.zip rusak, terpotong atau bukan Shapefile ZIP/,
    );
  });

  it("refuses a ZIP without a .dbf beside the .shp", async () => {
    const archive = await zip<"uint8array">(
      {
        type: "FeatureCollection",
        features: [
          {
            type: "Feature",
            properties: { kode: "64.72" },
            geometry: {
              type: "Polygon",
              coordinates: [
                [
                  [117, 0],
                  [117, 1],
                  [118, 1],
                  [117, 0],
                ],
              ],
            },
          },
        ],
      },
      { outputType: "uint8array", compression: "STORE" },
    );
    expect(zipEntryNames(archive)?.some((name) => name.endsWith(".dbf"))).toBe(true);
    const JSZip = (await import("jszip")).default;
    const withoutDbf = await JSZip.loadAsync(archive);
    for (const name of Object.keys(withoutDbf.files)) if (name.endsWith(".dbf")) withoutDbf.remove(name);
    const bytes = await withoutDbf.generateAsync({ type: "uint8array" });
    await expect(readBoundaryFile("x.zip", bytes)).rejects.toThrow(/tidak ada berkas .dbf/);
  });

  it("refuses a ZIP that inflates beyond the limit, counting the bytes that come out, not those it declares", async () => {
    const bomb = zipBomb(350, (i) => `kelurahan${i}.shp`);
    expect(bomb.length).toBeLessThan(400 * 1024);
    await expect(readBoundaryFile("bom.zip", bomb)).rejects.toThrow(
      "Isi berkas bom.zip melebihi 300 MB setelah dibuka dan ditolak",
    );
  }, 60_000);

  it("refuses a ZIP of too many entries", async () => {
    await expect(
      readBoundaryFile(
        "banyak.zip",
        zipOfMany(1_001, (i) => `x${i}.txt`),
      ),
    ).rejects.toThrow(/berisi 1001 berkas di dalam ZIP, paling banyak 1000/);
  });

  it.each([
    [
      "an empty ZIP",
      new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]),
      /kosong.zip bukan Shapefile ZIP yang dapat dibaca: tidak ada berkas .shp/,
    ],
    [
      "a ZIP of other files",
      zipOfMany(2, (i) => `catatan${i}.txt`),
      /kosong.zip bukan Shapefile ZIP yang dapat dibaca: tidak ada berkas .shp/,
    ],
    [
      "a damaged .shp",
      zipOfMany(2, (i) => (i ? "a.dbf" : "a.shp")),
      /kosong.zip bukan Shapefile yang dapat dibaca \(isi .shp atau .dbf rusak\)/,
    ],
    [
      "truncated JSON",
      encode('{"type":"FeatureCollection","features":[{"type":'),
      /kosong.zip bukan GeoJSON maupun Shapefile ZIP: isinya bukan JSON yang utuh/,
    ],
  ])("refuses %s in one Indonesian sentence", async (_case, bytes, message) => {
    const attempt = readBoundaryFile("kosong.zip", bytes);
    await expect(attempt).rejects.toBeInstanceOf(BoundaryFileError);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.not.toThrow(/JSON input|Unexpected|undefined|Error/);
  });
});
