import { readFile } from "node:fs/promises";
import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readTable } from "@/lib/imports";

import { signedInPage, signIn } from "../helpers/accounts";
import { startApp, type RunningApp } from "../helpers/app-server";
import { expectCount, expectExactText, expectText, launchChromium, SCREENSHOTS, watchPage } from "../helpers/browser";
import { HAS_SHARED_DATA, SHARED_DATA } from "../helpers/shared-data";
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

describe.each(ENGINES)("the map of Samarinda served from %s", (engine) => {
  let app: RunningApp;
  let browser: Browser;

  // The data steward: every page and the imports; access.test.ts covers the other roles.
  let admin: string;
  const get = (path: string) => fetch(`${app.baseUrl}${path}`, { headers: { cookie: admin } });
  const newPage = (options?: Parameters<typeof signedInPage>[3]) => signedInPage(browser, app.baseUrl, admin, options);

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(engine), launchChromium()]);
    console.log(`[e2e] ${engine}: next start healthy after ${app.startMs} ms`);
    admin = await signIn(app.baseUrl, "admin");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("answers /api/health with its engine and PostGIS version", async () => {
    const health = await (await fetch(`${app.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ ok: true, engine, postgis: expect.stringMatching(/^3\.\d+/) });
  });

  it("draws all 59 kelurahan and 10 kecamatan from PostGIS, with hover and click", async () => {
    const page = await newPage({ viewport: { width: 1366, height: 850 } });
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/peta`);
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
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/peta?indikator=uncovered_rate&kelas=interval`);
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
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/peta`);
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

  it("drills from the city to a kecamatan to a kelurahan with breadcrumbs back up", async () => {
    const page = await newPage();
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/wilayah`);
    await expectExactText(page.getByRole("heading", { level: 1 }), "Kota Samarinda");
    await expectCount(page.locator("[data-testid=children-table] tbody tr"), 10);
    await page.getByTestId("children-table").getByRole("link", { name: "Samarinda Utara", exact: true }).click();
    await expectExactText(page.getByRole("heading", { level: 1 }), "Kecamatan Samarinda Utara");
    await page.getByTestId("children-table").getByRole("link", { name: "Sungai Siring", exact: true }).click();
    await expectExactText(page.getByRole("heading", { level: 1 }), "Kelurahan Sungai Siring");
    const rtRows = await page.locator("[data-testid=children-table] tbody tr").count();
    expect(rtRows).toBeGreaterThan(3);
    // Down to an RT: its own figures, and the kelurahan one step up in the breadcrumbs.
    await page.locator("[data-testid=children-table] tbody tr td a").first().click();
    await expectText(page.getByRole("heading", { level: 1 }), "RT");
    await expectText(page.getByRole("navigation", { name: "Jejak wilayah" }), "Sungai Siring");
    await page.getByRole("navigation", { name: "Jejak wilayah" }).getByRole("link", { name: "Sungai Siring" }).click();
    await expectExactText(page.getByRole("heading", { level: 1 }), "Kelurahan Sungai Siring");
    await page
      .getByRole("navigation", { name: "Jejak wilayah" })
      .getByRole("link", { name: "Samarinda Utara" })
      .click();
    await expectExactText(page.getByRole("heading", { level: 1 }), "Kecamatan Samarinda Utara");
    const missing = await page.goto(`${app.baseUrl}/wilayah/99.99`);
    expect(missing?.status()).toBe(404);
    expect(watched.errors.filter((e) => !e.includes("404"))).toEqual([]);
    await page.close();
  });

  it("shows the figures behind every count: city to list to household, an export that opens, a search with a typo", async () => {
    const page = await newPage();
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/wilayah/64.72?from=2025-01&to=2025-12`);
    const api = await (await get(`/api/areas/64.72/summary?from=2025-01&to=2025-12`)).json();
    const figures = page.getByRole("definition");
    await expectText(page.locator(".figures"), new Intl.NumberFormat("id-ID").format(api.stacked_households));
    expect(await figures.count()).toBeGreaterThan(8);
    expect(await page.locator("[data-testid=overlap-table] tbody tr").count()).toBeGreaterThan(1);
    // The trend chart really drew a line per series.
    await page.locator("[data-testid=trend-chart] .recharts-line-curve").first().waitFor();
    expect(await page.locator("[data-testid=trend-chart] > .chart-box:first-child .recharts-line-curve").count()).toBe(
      3,
    );
    // A flat line has an empty box, which Playwright calls hidden: attached is what counts here.
    await page.locator("[data-testid=program-chart] .recharts-line-curve").first().waitFor({ state: "attached" });
    // BPS's official series with its source, and the years without a figure left empty.
    const poverty = page.getByTestId("poverty-chart");
    await expectText(poverty, "Sumber: BPS");
    expect(await poverty.locator(".recharts-line-curve").count()).toBe(1);
    expect(await poverty.locator("tbody tr", { hasText: "2018" }).textContent()).toContain("tidak ada data");

    // The kelurahan with the most stacked households, named on the city page, agrees with the
    // API's counts, and its list holds exactly those households.
    const kelurahanCounts = (
      await Promise.all(
        api.children.map(
          async (kecamatan: { code: string }) =>
            (await (await get(`/api/areas/${kecamatan.code}/summary?from=2025-01&to=2025-12`)).json()).children,
        ),
      )
    ).flat() as Array<{ code: string; stacked_households: number }>;
    const most = Math.max(...kelurahanCounts.map((k) => k.stacked_households));
    const ranking = page.getByTestId("ranking-kelurahan-stacked_households");
    const firstEntry = ranking.locator("li").first();
    expect(Number((await firstEntry.locator("strong").textContent())!.replace(/\./g, ""))).toBe(most);
    await firstEntry.getByRole("link", { name: "daftar" }).click();
    await expectText(page.getByRole("heading", { level: 1 }), "bantuan bertumpuk");
    await expectText(page.locator(".lead"), `${new Intl.NumberFormat("id-ID").format(most)} rumah tangga`);
    await page.goBack();
    const rtEntry = page.getByTestId("ranking-rt-uncovered_eligible_households").locator("li").first();
    const rtCount = (await rtEntry.locator("strong").textContent())!;
    await rtEntry.getByRole("link", { name: "daftar" }).click();
    await expectText(page.getByRole("heading", { level: 1 }), "layak yang belum menerima");
    await expectText(page.locator(".lead"), `${rtCount} rumah tangga`);
    await page.goBack();
    await page.screenshot({ path: path.join(SCREENSHOTS, `wilayah-kota-${engine}.png`), fullPage: true });

    // Sorting the kecamatan by stacked rate puts the highest first.
    await page.getByRole("link", { name: /Bertumpuk \(% penerima\)/ }).click();
    await page.waitForURL(/urut=bertumpuk/);
    const rates = await page.locator("[data-testid=children-table] tbody tr td:nth-child(3)").allTextContents();
    const asNumbers = rates.map((r) => Number(r.replace("%", "").replace(",", ".")));
    expect([...asNumbers].sort((a, b) => b - a)).toEqual(asNumbers);

    await page.getByRole("link", { name: /^Bertumpuk \d/ }).click();
    await expectText(page.getByRole("heading", { level: 1 }), "bantuan bertumpuk");
    expect(await page.locator("[data-testid=household-list] tbody tr").count()).toBe(
      Math.min(50, api.stacked_households),
    );

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Excel (XLSX)" }).click();
    const file = await download;
    const saved = path.join(SCREENSHOTS, `bertumpuk-${engine}.xlsx`);
    await file.saveAs(saved);
    const table = readTable("bertumpuk.xlsx", new Uint8Array(await readFile(saved)));
    expect(table.headers.slice(0, 2)).toEqual(["id_dtks", "kode_kelurahan"]);
    expect(table.rows).toHaveLength(api.stacked_households);

    await page.locator("[data-testid=household-list] tbody tr a").first().click();
    await expectText(page.getByRole("heading", { level: 1 }), "Rumah tangga");
    await expectText(page.locator(".verdicts li.yes", { hasText: "Bertumpuk" }), "Bertumpuk");
    expect(await page.locator("[data-testid=receipts] tbody tr").count()).toBeGreaterThan(1);
    const memberName = (await page
      .locator("section[aria-labelledby=members-title] tbody tr td")
      .first()
      .textContent())!;
    const householdUrl = new URL(page.url()).pathname;
    await page.screenshot({ path: path.join(SCREENSHOTS, `rumah-tangga-${engine}.png`), fullPage: true });

    // The same member found by name with a letter missing.
    const cut = Math.floor(memberName.length / 2);
    await page.goto(`${app.baseUrl}/cari`);
    await page.getByLabel("Kata kunci").fill(memberName.slice(0, cut) + memberName.slice(cut + 1));
    await page.getByRole("button", { name: "Cari" }).click();
    await page.locator("[data-testid=search-results]").waitFor();
    // The search went by POST: nothing of it in the page's address.
    expect(page.url()).toBe(`${app.baseUrl}/cari`);
    const links = await page
      .locator("[data-testid=search-results] a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toContain(householdUrl);
    expect(await page.locator("body").textContent()).not.toMatch(/\d{16}/);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("refuses a broken boundary file on the import page, then imports Bontang's kelurahan", async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/impor`);
    await page.locator("#boundary-file").setInputFiles({
      name: "rusak.geojson",
      mimeType: "application/geo+json",
      buffer: Buffer.from(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kode":"64.74.01.1001"},"geometry":{"type":"Point","coordinates":[117.5,0.1]}}]}',
      ),
    });
    await page.getByRole("button", { name: "Impor batas wilayah" }).click();
    await expectText(page.locator("#boundary-result [role=alert]"), "geometri Point, harus Polygon atau MultiPolygon");

    if (HAS_SHARED_DATA) {
      await page.locator("#boundary-file").setInputFiles({
        name: "bontang-kelurahan.geojson",
        mimeType: "application/geo+json",
        buffer: await readFile(path.join(SHARED_DATA, "bontang-kelurahan.geojson")),
      });
      await page.getByRole("button", { name: "Impor batas wilayah" }).click();
      await expectText(page.locator("#boundary-result [role=status]"), "15 wilayah diimpor: 15 baru, 0 diperbarui.");
      const bontang = await (await get(`/api/boundaries/kelurahan?kabkota=64.74`)).json();
      expect(bontang.features).toHaveLength(15);
    }
    await page.close();
  });

  it("imports a DTKS file and a recipient list on the import page, showing rejected rows", async () => {
    const page = await newPage();
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/impor`);
    const dtks = [
      "id_dtks,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,kode_kelurahan,rw,rt,desil,status_verval",
      "UJI-1,6472051203150007,6472051708850003,Ahmad Uji,17-08-1985,L,kepala keluarga,64.72.05.1004,1,2,3,terverifikasi",
      "UJI-1,6472051203150007,6472055708870004,Siti Uji,17-08-1987,P,istri,64.72.05.1004,1,2,3,terverifikasi",
      "UJI-2,6472051203150015,6472050101500001,Kode Salah,01-01-1950,L,kepala keluarga,64.72.05.9999,1,1,2,belum",
    ].join("\n");
    await page
      .locator("#dtks-file")
      .setInputFiles({ name: "uji-dtks.csv", mimeType: "text/csv", buffer: Buffer.from(dtks) });
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    const status = page.locator("#dtks-result [role=status]");
    await expectText(status, "1 rumah tangga (1 baru, 0 berubah), 2 anggota.");
    await expectText(status, "1 baris ditolak");
    await expectText(status, 'Baris 4: kode_kelurahan "64.72.05.9999" bukan kelurahan yang dikenal');

    await page.locator("#penerima-file").setInputFiles({
      name: "uji-pkh.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("nik,nominal,kode_kelurahan\n6472051708850003,750000,64.72.05.1004\n"),
    });
    await page.getByLabel("Program (jika tidak ada kolom program)").selectOption("PKH");
    await page.getByLabel("Periode (jika tidak ada kolom periode)").fill("2025-10");
    await page.getByRole("button", { name: "Impor daftar penerima" }).click();
    await expectText(page.locator("#penerima-result [role=status]"), "1 penerimaan — 1 cocok lewat NIK");

    // The Excel template, downloaded from the page and uploaded back as it is, imports.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#dtks-title + p").getByRole("link", { name: "Excel" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("templat-dtks.xlsx");
    const template = await readFile((await download.path())!);
    await page
      .locator("#dtks-file")
      .setInputFiles({ name: "templat-dtks.xlsx", mimeType: "application/octet-stream", buffer: template });
    await page.getByRole("button", { name: "Impor DTKS" }).click();
    await expectText(status, "1 rumah tangga (1 baru, 0 berubah), 2 anggota.");
    await page.screenshot({ path: path.join(SCREENSHOTS, `impor-${engine}.png`), fullPage: true });
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("serves the coverage analytics API: sums that hold, lists, an explanation, 400 and 404", async () => {
    const getJson = async (path: string) => {
      const response = await get(path);
      return { status: response.status, body: await response.json() };
    };
    const kota = await getJson("/api/areas/64.72/summary?from=2025-01&to=2025-12");
    expect(kota.status).toBe(200);
    expect(kota.body).toMatchObject({ code: "64.72", level: "kabkota", window: { from: "2025-01", to: "2025-12" } });
    expect(kota.body.households).toBeGreaterThan(0);
    expect(kota.body.receiving_households).toBeGreaterThan(0);
    const sum = (key: string) =>
      kota.body.children.reduce((total: number, child: Record<string, number>) => total + child[key]!, 0);
    for (const key of [
      "households",
      "persons",
      "eligible_households",
      "receiving_households",
      "stacked_households",
      "uncovered_eligible_households",
    ]) {
      expect(sum(key), key).toBe(kota.body[key]);
    }
    const overlap = await getJson("/api/areas/64.72/overlap?from=2025-01&to=2025-12");
    expect(overlap.body.combinations.reduce((t: number, c: { households: number }) => t + c.households, 0)).toBe(
      kota.body.receiving_households,
    );
    const trend = await getJson("/api/areas/64.72/trend?from=2025-01&to=2025-12");
    expect(trend.body.points).toHaveLength(12);
    const stacked = await getJson("/api/areas/64.72/households?list=stacked&from=2025-01&to=2025-12");
    expect(stacked.body.total).toBe(kota.body.stacked_households);
    const first = stacked.body.households[0];
    const household = await getJson(`/api/households/${first.id}?from=2025-01&to=2025-12`);
    expect(household.status).toBe(200);
    expect(household.body.counts_as.stacked).toBe(true);
    expect(JSON.stringify(household.body)).not.toMatch(/\d{16}/);

    const bad = await getJson("/api/areas/64.72/households?list=semua&from=2025-13&desil=11");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(["desil", "from", "list"]);
    expect((await getJson("/api/areas/64.72.99/summary")).status).toBe(404);
    expect((await getJson("/api/areas/Samarinda/summary")).status).toBe(400);
    expect((await getJson("/api/households/999999999")).status).toBe(404);
  });

  it("answers a bad boundary request with 400 naming the parameter", async () => {
    const response = await get(`/api/boundaries/provinsi?kabkota=Samarinda`);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.fields).sort()).toEqual(["kabkota", "level"]);
  });
});
