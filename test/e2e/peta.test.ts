import path from "node:path";

import type { Page } from "playwright-core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { serveAsAdmin } from "../helpers/admin-app";
import { expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { ENGINES } from "../helpers/test-database";

interface MapProbe {
  loaded: boolean;
  kelurahanCodes: string[];
  kecamatanCodes: string[];
  labelPoint: { x: number; y: number; name: string; code: string } | null;
}

/** Reads the live MapLibre instance: what it really rendered, not what the page claims. */
async function probeMap(page: Page): Promise<MapProbe> {
  return page.evaluate(() => {
    type RenderedFeature = { properties: Record<string, unknown> };
    const map = (
      window as unknown as {
        __tepatMap: {
          loaded(): boolean;
          queryRenderedFeatures(options: { layers: string[] }): RenderedFeature[];
          project(lngLat: [number, number]): { x: number; y: number };
        };
      }
    ).__tepatMap;
    const kelurahan = map.queryRenderedFeatures({ layers: ["kelurahan-fill"] });
    const kecamatan = map.queryRenderedFeatures({ layers: ["kecamatan-line"] });
    const target = kelurahan.find((f) => f.properties.code === "64.72.07.1003") ?? kelurahan[0];
    const labelPoint = target
      ? {
          ...map.project([Number(target.properties.label_lon), Number(target.properties.label_lat)]),
          name: String(target.properties.name),
          code: String(target.properties.code),
        }
      : null;
    return {
      loaded: map.loaded(),
      kelurahanCodes: [...new Set(kelurahan.map((f) => String(f.properties.code)))].sort(),
      kecamatanCodes: [...new Set(kecamatan.map((f) => String(f.properties.code)))].sort(),
      labelPoint,
    };
  });
}

/** Distinct colours and the share of the most common one in a PNG: a blank canvas has one colour. */
function colourStats(png: Buffer): { distinct: number; dominantShare: number } {
  const image = PNG.sync.read(png);
  const counts = new Map<number, number>();
  for (let i = 0; i < image.data.length; i += 4) {
    const key = (image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const pixels = image.width * image.height;
  return { distinct: counts.size, dominantShare: Math.max(...counts.values()) / pixels };
}

describe.each(ENGINES)("the map page /peta and its outlines, served from %s", (engine) => {
  const served = serveAsAdmin(engine);
  const { get, newPage } = served;

  it("answers /api/health with its engine and PostGIS version", async () => {
    const health = await (await fetch(`${served.app.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, engine, postgis: expect.stringMatching(/^3\.\d+/) });
  });

  it("draws all 59 kelurahan and 10 kecamatan from PostGIS, with hover and click", async () => {
    const page = await newPage({ viewport: { width: 1366, height: 850 } });
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/peta`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await expectText(page.getByRole("note"), "Data contoh");

    const probe = await probeMap(page);
    expect(probe.loaded).toBe(true);
    expect(probe.kelurahanCodes).toHaveLength(59);
    expect(probe.kecamatanCodes).toHaveLength(10);
    expect(probe.kelurahanCodes.every((code) => code.startsWith("64.72."))).toBe(true);

    const canvas = await page.locator("canvas.maplibregl-canvas").screenshot();
    const stats = colourStats(canvas);
    expect(stats.distinct).toBeGreaterThan(8);
    expect(stats.dominantShare).toBeLessThan(0.9);
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-${engine}.png`) });

    const target = probe.labelPoint!;
    const box = (await page.locator('[data-testid="area-map"]').boundingBox())!;
    await page.mouse.move(box.x + target.x, box.y + target.y);
    await expectText(page.getByRole("tooltip"), target.name);
    await expectText(page.getByRole("tooltip"), target.code);

    await page.mouse.click(box.x + target.x, box.y + target.y);
    const info = page.getByTestId("area-info");
    await expectText(info, `Kelurahan ${target.name}`);
    await expectText(info, target.code);
    await page.waitForURL(new RegExp(`wilayah=${target.code.replace(/\./g, "\\.")}`));

    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.close();
  });

  it("colours kelurahan by an indicator from vector tiles, switches it, and shows RT and households up close", async () => {
    const page = await newPage({ viewport: { width: 1366, height: 850 } });
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/peta?indikator=uncovered_rate&kelas=interval`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    const rendered = (layers: string[], property?: string) =>
      page.evaluate(
        ({ layers, property }) => {
          const map = (
            window as unknown as {
              __tepatMap: {
                queryRenderedFeatures(o: { layers: string[] }): Array<{ properties: Record<string, unknown> }>;
              };
            }
          ).__tepatMap;
          const features = map.queryRenderedFeatures({ layers });
          return {
            codes: [...new Set(features.map((f) => String(f.properties.code)))],
            withValue: features.filter((f) => property === undefined || typeof f.properties[property] === "number")
              .length,
            classes: [...new Set(features.map((f) => String(f.properties.kelas)))],
          };
        },
        { layers, property },
      );
    await page.waitForFunction(() => (window as unknown as { __tepatMap: { loaded(): boolean } }).__tepatMap.loaded());
    const choropleth = await rendered(["choropleth-kelurahan"], "uncovered_rate");
    expect(choropleth.codes.length).toBeGreaterThanOrEqual(55);
    expect(choropleth.withValue).toBeGreaterThan(0);
    const legend = page.getByTestId("legend");
    await expectText(legend, "Tidak ada data");
    await expectText(legend, "%");
    expect(await legend.locator("li").count()).toBeGreaterThan(2);
    expect(await page.getByLabel("Indikator").inputValue()).toBe("uncovered_rate");

    await page.getByLabel("Indikator").selectOption("conflicting");
    await page.waitForURL(/indikator=conflicting/);
    await expectText(legend, "rumah tangga");
    await page.getByLabel("Pembagian kelas").selectOption("kuantil");
    await page.waitForURL(/kelas=kuantil/);

    // Street level around a kelurahan's label: RT polygons and household points from the tiles.
    const [lon, lat] = await page.evaluate(() => {
      const map = (
        window as unknown as {
          __tepatMap: {
            queryRenderedFeatures(o: { layers: string[] }): Array<{ properties: Record<string, unknown> }>;
          };
        }
      ).__tepatMap;
      const feature = map
        .queryRenderedFeatures({ layers: ["kelurahan-fill"] })
        .find((f) => f.properties.code === "64.72.07.1003")!;
      return [Number(feature.properties.label_lon), Number(feature.properties.label_lat)];
    });
    await page.evaluate(
      ([lon, lat]) => {
        (
          window as unknown as { __tepatMap: { jumpTo(o: { center: [number, number]; zoom: number }): void } }
        ).__tepatMap.jumpTo({ center: [lon!, lat!], zoom: 15.3 });
      },
      [lon, lat],
    );
    await page.waitForFunction(() => {
      const map = (window as unknown as { __tepatMap: { loaded(): boolean; areTilesLoaded(): boolean } }).__tepatMap;
      return map.loaded() && map.areTilesLoaded();
    });
    await page.waitForTimeout(500);
    expect((await rendered(["choropleth-rt"])).codes.length).toBeGreaterThan(0);
    const points = await rendered(["households"]);
    expect(points.classes.length).toBeGreaterThan(0);
    expect(
      points.classes.every((c) => ["kesalahan", "bertumpuk", "belum_menerima", "menerima", "lainnya"].includes(c)),
    ).toBe(true);
    await expectText(page.getByRole("list", { name: "Rumah tangga" }), "Bertumpuk");
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-rt-${engine}.png`) });
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.close();
  });

  it("frames a kelurahan picked from the list on a 360 px phone", async () => {
    const page = await newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const watched = watchPage(page, served.app.baseUrl);
    await page.goto(`${served.app.baseUrl}/peta`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await page.getByLabel("Pilih wilayah").selectOption("64.72.09.1001");
    await expectText(page.getByTestId("area-info"), "Karang Mumus");
    await page.waitForURL(/wilayah=64\.72\.09\.1001/);
    await page.waitForFunction(() => {
      const map = (window as unknown as { __tepatMap: { isMoving(): boolean; getZoom(): number } }).__tepatMap;
      return !map.isMoving() && map.getZoom() > 13;
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-ponsel-${engine}.png`), fullPage: true });
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("answers a bad boundary request with 400 naming the parameter", async () => {
    const response = await get(`/api/boundaries/provinsi?kabkota=Samarinda`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.fields).sort()).toEqual(["kabkota", "level"]);
  });
});
