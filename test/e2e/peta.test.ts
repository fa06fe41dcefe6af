import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

import { serveAsAdmin } from "../helpers/admin-app";
import { expectCount, expectText, SCREENSHOTS, watchPage } from "../helpers/browser";
import { TEST_PLACE_NAME, writeTestBasemap } from "../helpers/pmtiles";
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

type MapWindow = {
  __tepatMap: {
    getZoom(): number;
    getBounds(): { getWest(): number; getSouth(): number; getEast(): number; getNorth(): number };
    isMoving(): boolean;
    loaded(): boolean;
    areTilesLoaded(): boolean;
    project(lngLat: [number, number]): { x: number; y: number };
    /** MapLibre's (geometry?, options?): a point, a box, or the whole view. */
    queryRenderedFeatures(...query: unknown[]): RenderedPoint[];
    querySourceFeatures(source: string, o: { sourceLayer: string }): RenderedPoint[];
    getCanvas(): HTMLCanvasElement;
    jumpTo(o: { center: [number, number]; zoom: number }): void;
  };
};

interface RenderedPoint {
  id?: number;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: [number, number] };
}

/** Signs in through the login page, as a person does, and opens /peta in a fresh context. */
async function signInToMap(browser: Browser, baseUrl: string, username: string, options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.once("close", () => void context.close().catch(() => undefined));
  await page.goto(`${baseUrl}/masuk?lanjut=${encodeURIComponent("/peta")}`);
  await page.getByLabel("Nama pengguna").fill(username);
  await page.getByLabel("Kata sandi").fill("demo");
  await page.getByRole("button", { name: "Masuk" }).click();
  await page.waitForURL(/\/peta/);
  await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
  return page;
}

/** Waits until the map stands still with its tiles in, then a frame more for the markers placed on idle. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = (window as unknown as MapWindow).__tepatMap;
    return !map.isMoving() && map.loaded() && map.areTilesLoaded();
  });
  await page.waitForTimeout(400);
}

const brightness3 = ([r, g, b]: readonly [number, number, number]) => r + g + b;

/** The share of the canvas's pixels that are the bare background (#dfe9e4): a blank map is nearly all of it. */
function backgroundShare(png: Buffer): number {
  const image = PNG.sync.read(png);
  let background = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
    if (Math.abs(r - 0xdf) <= 2 && Math.abs(g - 0xe9) <= 2 && Math.abs(b - 0xe4) <= 2) background++;
  }
  return background / (image.width * image.height);
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

  const DESKTOP = { viewport: { width: 1366, height: 850 } };
  const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

  it.for(["camat", "lurah"])(
    "frames the %s's own area after each login (10 on PGlite), on a desk and on a phone, never a blank map",
    async (username) => {
      // The map is the browser's: ten logins on the default engine, three on the server, which only serves the outlines.
      const logins = engine === "pglite" ? 10 : 3;
      for (let login = 1; login <= logins; login++) {
        const page = await signInToMap(served.browser, served.app.baseUrl, username, login % 2 ? DESKTOP : PHONE);
        await settled(page);
        const framing = await page.evaluate(async () => {
          const map = (window as unknown as MapWindow).__tepatMap;
          // The account's kelurahan outlines: together they are its own area.
          const outlines = (await (await fetch("/api/boundaries/kelurahan?kabkota=64.72")).json()) as {
            features: Array<{ bbox: [number, number, number, number] }>;
          };
          const boxes = outlines.features.map((f) => f.bbox);
          const west = Math.min(...boxes.map((b) => b[0]));
          const south = Math.min(...boxes.map((b) => b[1]));
          const east = Math.max(...boxes.map((b) => b[2]));
          const north = Math.max(...boxes.map((b) => b[3]));
          const topLeft = map.project([west, north]);
          const bottomRight = map.project([east, south]);
          const canvas = document.querySelector("canvas.maplibregl-canvas")!.getBoundingClientRect();
          const shown = (from: number, to: number, size: number) =>
            Math.max(0, Math.min(to, size) - Math.max(from, 0)) / size;
          return {
            width: shown(topLeft.x, bottomRight.x, canvas.width),
            height: shown(topLeft.y, bottomRight.y, canvas.height),
            inside:
              topLeft.x >= -2 &&
              topLeft.y >= -2 &&
              bottomRight.x <= canvas.width + 2 &&
              bottomRight.y <= canvas.height + 2,
          };
        });
        // Fitted: the whole area in view, spanning the canvas's width or height less the padding.
        expect(framing.inside, `login ${login}: ${JSON.stringify(framing)}`).toBe(true);
        expect(Math.max(framing.width, framing.height), `login ${login}: ${JSON.stringify(framing)}`).toBeGreaterThan(
          0.75,
        );
        const canvas = await page.locator("canvas.maplibregl-canvas").screenshot();
        expect(colourStats(canvas).distinct, `login ${login}`).toBeGreaterThan(8);
        expect(backgroundShare(canvas), `login ${login}`).toBeLessThan(0.85);
        await page.close();
      }
    },
  );

  it("shows a lurah on a phone the RT, the households with their counts and every class, and opens a card on a tap", async () => {
    const page = await signInToMap(served.browser, served.app.baseUrl, "lurah", PHONE);
    const watched = watchPage(page, served.app.baseUrl);
    await settled(page);
    const rtCodes = await page.evaluate(() => {
      const features = (window as unknown as MapWindow).__tepatMap.queryRenderedFeatures({ layers: ["choropleth-rt"] });
      return [...new Set(features.map((f) => String(f.properties.code)))];
    });
    expect(rtCodes.length).toBeGreaterThan(1);
    expect(rtCodes.every((code) => code.startsWith("64.72.05.1004."))).toBe(true);
    await expect.poll(() => page.locator(".map-label.kelurahan:visible").allTextContents()).toContain("Sungai Siring");

    const clusters = page.locator(".household-cluster");
    await expect.poll(() => clusters.count()).toBeGreaterThan(0);
    const shown = await clusters.evaluateAll((elements) =>
      elements.map((element) => ({
        text: element.textContent,
        households: Number((element as HTMLElement).dataset.households),
        unreached: Number((element as HTMLElement).dataset.belum_menerima),
      })),
    );
    for (const cluster of shown) expect(cluster.text).toBe(cluster.households.toLocaleString("id-ID"));
    // The class that is never a cluster's most pressing one still shows, as its share of the ring.
    expect(shown.reduce((sum, c) => sum + c.unreached, 0)).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-lurah-ponsel-${engine}.png`) });

    const zoomBefore = await page.evaluate(() => (window as unknown as MapWindow).__tepatMap.getZoom());
    await clusters.first().tap();
    await settled(page);
    expect(await page.evaluate(() => (window as unknown as MapWindow).__tepatMap.getZoom())).toBeGreaterThan(
      zoomBefore,
    );

    // Street level (single households from zoom 15) at the largest cluster, then close to one
    // household: a tap on its point opens its card.
    const jumpToLoaded = (pick: "cluster" | "household", zoom: number) =>
      page.evaluate(
        ({ pick, zoom }) => {
          const map = (window as unknown as MapWindow).__tepatMap;
          const features = map.querySourceFeatures("household-tiles", { sourceLayer: "rumah-tangga" });
          const target =
            pick === "cluster"
              ? features
                  .filter((f) => typeof f.properties.households === "number")
                  .sort((a, b) => Number(b.properties.households) - Number(a.properties.households))[0]!
              : features.find((f) => f.properties.households === undefined)!;
          map.jumpTo({ center: target.geometry.coordinates, zoom });
        },
        { pick, zoom },
      );
    await jumpToLoaded("cluster", 15);
    await settled(page);
    await jumpToLoaded("household", 16.5);
    await settled(page);
    const mapBox = (await page.getByTestId("area-map").boundingBox())!;
    const targets = await page.evaluate(() => {
      const map = (window as unknown as MapWindow).__tepatMap;
      const household = map.queryRenderedFeatures({ layers: ["households"] }).find((f) => f.geometry.type === "Point")!;
      const { width, height } = map.getCanvas().getBoundingClientRect();
      // A spot inside an RT with no household within reach of a finger.
      let empty: { x: number; y: number } | null = null;
      for (let y = 40; y < height - 40 && !empty; y += 15) {
        for (let x = 20; x < width - 20 && !empty; x += 15) {
          const near = map.queryRenderedFeatures(
            [
              [x - 12, y - 12],
              [x + 12, y + 12],
            ],
            { layers: ["households"] },
          ).length;
          if (near === 0 && map.queryRenderedFeatures([x, y], { layers: ["choropleth-rt"] }).length) empty = { x, y };
        }
      }
      return { household: { id: household.id, ...map.project(household.geometry.coordinates) }, empty };
    });
    await page.touchscreen.tap(mapBox.x + targets.household.x, mapBox.y + targets.household.y);
    const card = page.getByTestId("pick-card");
    await expectText(card, "Rumah tangga");
    await expectText(card, "Program");
    expect(await card.getByRole("link", { name: "Buka rumah tangga →" }).getAttribute("href")).toMatch(
      new RegExp(`^/rumah-tangga/${targets.household.id}\\?`),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-kartu-rumah-tangga-${engine}.png`) });

    expect(targets.empty).not.toBeNull();
    await card.getByRole("button", { name: "Tutup kartu" }).tap();
    await expectCount(card, 0);
    await page.touchscreen.tap(mapBox.x + targets.empty!.x, mapBox.y + targets.empty!.y);
    await expectText(card, "RT ");
    await expectText(card, "Layak belum menerima");
    const rtLink = card.getByRole("link", { name: "Buka halaman RT →" });
    const rtHref = (await rtLink.getAttribute("href"))!;
    expect(rtHref).toMatch(/^\/wilayah\/64\.72\.05\.1004\.\d{3}\.\d{3}$/);
    await rtLink.tap();
    await page.waitForURL(new RegExp(`${rtHref.replace(/\./g, "\\.")}$`));
    await expectText(page.getByRole("heading", { level: 1 }), "RT ");
    expect(watched.errors).toEqual([]);
    expect(watched.foreignRequests).toEqual([]);
    await page.close();
  });

  it("places kecamatan names without overlap, downloads the map as a picture with its legend, and prints it on one A4 page without the controls", async () => {
    const page = await newPage(DESKTOP);
    await page.goto(`${served.app.baseUrl}/peta`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await settled(page);
    const boxes = await page
      .locator(".map-label.kecamatan")
      .evaluateAll((elements) =>
        elements
          .filter((e) => getComputedStyle(e).display !== "none" && getComputedStyle(e).visibility !== "hidden")
          .map((e) => e.getBoundingClientRect().toJSON() as DOMRect),
      );
    expect(boxes.length).toBeGreaterThanOrEqual(5);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        expect(overlap, `${JSON.stringify(a)} × ${JSON.stringify(b)}`).toBe(false);
      }
    }

    // The map as a picture: title, map, legend (its swatches drawn solid), scale bar, north arrow, notice and source.
    const swatches = await page
      .getByTestId("legend")
      .locator(".swatch")
      .evaluateAll((elements) => elements.map((e) => getComputedStyle(e).backgroundColor));
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Unduh gambar peta (PNG)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^peta-stacked_rate-\d{4}-\d{2}-\d{4}-\d{2}\.png$/);
    const picture = PNG.sync.read(await readFile((await download.path())!));
    const canvasBox = (await page.locator("canvas.maplibregl-canvas").boundingBox())!;
    expect(picture.width).toBe(Math.round(canvasBox.width));
    expect(picture.height).toBe(Math.round(canvasBox.height) + 58 + 44);
    const exactPixels = (rgb: [number, number, number], region: { x0: number; y0: number; x1: number; y1: number }) => {
      let n = 0;
      for (let y = region.y0; y < region.y1; y++) {
        for (let x = region.x0; x < region.x1; x++) {
          const i = (y * picture.width + x) * 4;
          if (picture.data[i] === rgb[0] && picture.data[i + 1] === rgb[1] && picture.data[i + 2] === rgb[2]) n++;
        }
      }
      return n;
    };
    const legendRegion = { x0: 0, y0: picture.height - 44 - 260, x1: 320, y1: picture.height - 44 };
    expect(swatches.length).toBeGreaterThan(2);
    for (const swatch of swatches) {
      const rgb = swatch.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
      expect(exactPixels(rgb, legendRegion), `legend swatch ${swatch}`).toBeGreaterThanOrEqual(18 * 14);
    }
    // Title and source lines: dark text above and below the map.
    const ink = (y0: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = 0; x < picture.width; x++) {
          const i = (y * picture.width + x) * 4;
          if (picture.data[i]! < 80 && picture.data[i + 1]! < 80 && picture.data[i + 2]! < 80) n++;
        }
      }
      return n;
    };
    expect(ink(0, 58)).toBeGreaterThan(200);
    expect(ink(picture.height - 44, picture.height)).toBeGreaterThan(200);
    await writeFile(path.join(SCREENSHOTS, `peta-gambar-${engine}.png`), await readFile((await download.path())!));

    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-cetak-${engine}.png`), fullPage: true });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    expect(await page.getByLabel("Indikator").isVisible()).toBe(false);
    await expectText(page.locator(".print-only"), "Peta ");
    expect(await page.getByTestId("legend").isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    await page.close();
  });

  it("draws the installed basemap's streets and water beneath the data, served by Tepat itself, and the outlines alone once it is removed", async () => {
    const file = writeTestBasemap(117.15, -0.5, 12);
    const center: [number, number] = [(file.bounds[0] + file.bounds[2]) / 2, (file.bounds[1] + file.bounds[3]) / 2];
    const page = await newPage({ viewport: { width: 1100, height: 800 } });
    const watched = watchPage(page, served.app.baseUrl);
    /** The colours at the road's and the water's places, with the map on the test tile. */
    const look = async () => {
      await page.goto(`${served.app.baseUrl}/peta`);
      await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
      await page.evaluate((c) => (window as unknown as MapWindow).__tepatMap.jumpTo({ center: c, zoom: 12.6 }), center);
      await settled(page);
      const image = PNG.sync.read(await page.locator("canvas.maplibregl-canvas").screenshot());
      const at = async (points: Array<[number, number]>) => {
        const pixels = await page.evaluate(
          (ps) => ps.map((p) => (window as unknown as MapWindow).__tepatMap.project(p)),
          points,
        );
        return pixels.map(({ x, y }) => {
          const i = (Math.round(y) * image.width + Math.round(x)) * 4;
          return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!] as const;
        });
      };
      return { road: await at(file.roadPoints), water: await at(file.waterPoints) };
    };
    const without = await look();

    const upload = new FormData();
    upload.set("file", new Blob([file.bytes]), "samarinda.pmtiles");
    const installed = await fetch(`${served.app.baseUrl}/api/admin/peta-dasar`, {
      method: "POST",
      body: upload,
      headers: { cookie: served.adminCookie, origin: served.app.baseUrl },
    });
    expect(installed.status, await installed.clone().text()).toBe(200);
    try {
      // The tile as written, from Tepat's own route; none beside it.
      const tile = await get(`/api/peta-dasar/${file.tile.z}/${file.tile.x}/${file.tile.y}`);
      expect(tile.headers.get("content-type")).toBe("application/vnd.mapbox-vector-tile");
      expect(new Uint8Array(await tile.arrayBuffer())).toEqual(file.mvt);
      expect((await get(`/api/peta-dasar/${file.tile.z}/${file.tile.x + 1}/${file.tile.y}`)).status).toBe(204);

      const drawn = await look();
      const blueness = ([r, , b]: readonly [number, number, number]) => b - r;
      // The white road shows through the choropleth: lighter than the same place without a basemap.
      const lighter = drawn.road.filter((colour, i) => brightness3(colour) > brightness3(without.road[i]!) + 20);
      expect(lighter.length, JSON.stringify({ without: without.road, drawn: drawn.road })).toBeGreaterThanOrEqual(3);
      // The water is bluer than the land was.
      const bluer = drawn.water.filter((colour, i) => blueness(colour) > blueness(without.water[i]!) + 10);
      expect(bluer.length, JSON.stringify({ without: without.water, drawn: drawn.water })).toBeGreaterThanOrEqual(2);
      // The basemap's place name stands where the file puts it, as text over the map (no glyphs).
      const place = page.locator(".map-label.basemap-place", { hasText: TEST_PLACE_NAME });
      await place.waitFor({ state: "attached", timeout: 30_000 });
      const [box, at] = await Promise.all([
        place.boundingBox(),
        page.evaluate((p) => (window as unknown as MapWindow).__tepatMap.project(p), file.place),
      ]);
      const canvasBox = (await page.locator("canvas.maplibregl-canvas").boundingBox())!;
      expect(Math.abs(box!.x + box!.width / 2 - (canvasBox.x + at.x))).toBeLessThan(4);
      expect(Math.abs(box!.y + box!.height / 2 - (canvasBox.y + at.y))).toBeLessThan(12);
      await page.screenshot({ path: path.join(SCREENSHOTS, `peta-dasar-${engine}.png`) });

      // The printed area report draws the same roads and water beneath its map, and the place name.
      await page.goto(`${served.app.baseUrl}/wilayah/64.72/laporan`);
      const backdrop = page.getByTestId("report-basemap").locator("path");
      expect(await backdrop.nth(0).getAttribute("d")).toMatch(/^M[\d.]+ [\d.]+/);
      expect(await backdrop.nth(1).getAttribute("d")).toMatch(/^M[\d.]+ [\d.]+L/);
      await expectText(page.getByTestId("report-basemap-place"), TEST_PLACE_NAME);

      await page.goto(`${served.app.baseUrl}/admin/peta-dasar`);
      await expectText(page.getByTestId("basemap-status"), "samarinda.pmtiles");
    } finally {
      const removed = await fetch(`${served.app.baseUrl}/api/admin/peta-dasar`, {
        method: "DELETE",
        headers: { cookie: served.adminCookie, origin: served.app.baseUrl },
      });
      expect(removed.status).toBe(200);
    }
    // Removed: the map is outlines only again.
    const again = await look();
    expect(again.road.filter((colour, i) => brightness3(colour) > brightness3(without.road[i]!) + 20)).toEqual([]);
    expect(await page.locator(".map-label.basemap-place").count()).toBe(0);
    expect(watched.foreignRequests).toEqual([]);
    await page.close();
  });

  it("answers a bad boundary request with 400 naming the parameter", async () => {
    const response = await get(`/api/boundaries/provinsi?kabkota=Samarinda`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.fields).sort()).toEqual(["kabkota", "level"]);
  });
});
