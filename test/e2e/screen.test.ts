import path from "node:path";

import type { Browser, Page } from "playwright-core";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signedInPage, signIn } from "../helpers/accounts";
import { startApp, type RunningApp } from "../helpers/app-server";
import { expectText, launchChromium, SCREENSHOTS, watchPage } from "../helpers/browser";
import { importThroughJob } from "../helpers/import-jobs";
import { ENGINES } from "../helpers/test-database";

const SCENES = ["ringkasan", "bertumpuk", "belum_menerima", "kemiskinan", "kesegaran"] as const;

/** Distinct colours in a PNG: a canvas that drew nothing has one. */
function distinctColours(png: Buffer): number {
  const image = PNG.sync.read(png);
  const seen = new Set<number>();
  for (let i = 0; i < image.data.length; i += 4)
    seen.add((image.data[i]! << 16) | (image.data[i + 1]! << 8) | image.data[i + 2]!);
  return seen.size;
}

async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(ENGINES)("the command-center screen served from %s", (engine) => {
  let app: RunningApp;
  let browser: Browser;
  let admin: string;
  let page: Page;
  let watched: ReturnType<typeof watchPage>;

  const post = (route: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}${route}`, {
      method: "POST",
      headers: { cookie: admin, origin: app.baseUrl, ...headers },
      body,
    });
  const scene = () => page.getAttribute('[data-testid="screen"]', "data-scene");

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(engine), launchChromium()]);
    admin = await signIn(app.baseUrl, "admin");
    expect(
      (
        await post("/api/admin/settings", JSON.stringify({ key: "screen_interval_s", value: 5 }), {
          "content-type": "application/json",
        })
      ).status,
    ).toBe(200);
    page = await signedInPage(browser, app.baseUrl, await signIn(app.baseUrl, "pimpinan"), {
      viewport: { width: 1920, height: 1080 },
    });
    watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/layar`);
    await page.waitForSelector('[data-testid="screen-map"][data-map-ready="true"]', { timeout: 60_000 });
    // Pause, so each scene is looked at on purpose; rotation gets its own test.
    await page.keyboard.press(" ");
    await waitFor(
      () => page.getAttribute('[data-testid="screen"]', "data-paused"),
      (v) => v === "true",
      "pause",
    );
    while ((await scene()) !== "ringkasan") await page.keyboard.press("ArrowRight");
  });
  afterAll(async () => {
    await page?.close();
    await browser?.close();
    await app?.stop();
  });

  it("renders every scene with data, a drawn map and nothing to scroll, at 1920 × 1080", async () => {
    for (const expected of SCENES) {
      expect(await scene()).toBe(expected);
      await page.waitForTimeout(400);
      if (expected === "ringkasan") {
        await expectText(page.getByTestId("figure-households"), /\d\.\d{3}/);
        await expectText(page.getByTestId("figure-stacked"), "% dari penerima");
        await expectText(page.getByTestId("figure-invalid-nik"), "anggota");
      }
      if (expected === "bertumpuk" || expected === "belum_menerima") {
        expect(await page.getByTestId("screen-ranking").locator("li").count()).toBe(5);
        await expectText(page.getByTestId("screen-legend"), "tidak ada data / disamarkan");
        expect(await page.locator(".screen-rank").count()).toBe(5);
      }
      if (expected === "kemiskinan") {
        await expectText(page.getByTestId("screen-bps-chart"), "BPS");
        expect(await page.getByTestId("screen-bps-chart").locator("path.recharts-curve").count()).toBeGreaterThan(0);
        expect(await page.getByTestId("screen-monthly-chart").locator("path.recharts-curve").count()).toBe(2);
      }
      if (expected === "kesegaran") {
        await expectText(page.getByTestId("screen-freshness"), "Periode penerima terakhir");
        await expectText(page.getByTestId("figure-proposals"), "0");
      }
      const canvas = await page.locator('[data-testid="screen-map"] canvas').screenshot();
      expect(distinctColours(canvas), expected).toBeGreaterThan(
        expected === "ringkasan" || expected === "kesegaran" ? 2 : 6,
      );
      const overflow = await page.evaluate(() => ({
        page: document.documentElement.scrollHeight - window.innerHeight,
        panel: [...document.querySelectorAll(".screen-panel, .screen-body")].map(
          (e) => e.scrollHeight - e.clientHeight,
        ),
      }));
      expect(overflow.page, expected).toBeLessThanOrEqual(0);
      expect(Math.max(...overflow.panel), expected).toBeLessThanOrEqual(1);
      await page.screenshot({ path: path.join(SCREENSHOTS, `layar-${expected}-${engine}.png`) });
      await page.keyboard.press("ArrowRight");
    }
    expect(await scene()).toBe("ringkasan");
    await page.keyboard.press("ArrowLeft");
    expect(await scene()).toBe("kesegaran");
    await page.keyboard.press("ArrowRight");
  });

  it("shows no name, NIK or household of the register anywhere in the page", async () => {
    const list = await (
      await fetch(`${app.baseUrl}/api/areas/64.72/households?list=stacked&page=1`, { headers: { cookie: admin } })
    ).json();
    const names: string[] = [];
    for (const household of list.households.slice(0, 10)) {
      const explained = await (
        await fetch(`${app.baseUrl}/api/households/${household.id}`, { headers: { cookie: admin } })
      ).json();
      names.push(...explained.members.map((m: { name: string }) => m.name));
    }
    expect(names.length).toBeGreaterThan(10);
    for (const _ of SCENES) {
      const html = await page.content();
      expect(names.filter((name) => html.includes(name))).toEqual([]);
      expect(html).not.toMatch(/(?<![\d.])\d{16}(?![\d.])/);
      expect(list.households.slice(0, 10).filter((h: { dtks_id: string }) => html.includes(h.dtks_id))).toEqual([]);
      await page.keyboard.press("ArrowRight");
    }
  });

  it("picks up an import made elsewhere without reloading, and says how old its figures are during a blip", async () => {
    while ((await scene()) !== "ringkasan") await page.keyboard.press("ArrowRight");
    await page.evaluate(() => ((window as unknown as { __notReloaded: boolean }).__notReloaded = true));
    const errorsBefore = await page.getByTestId("figure-errors").textContent();
    const rows = Array.from(
      { length: 12 },
      (_, i) => `64729${String(900000000 + i).padStart(11, "0")},,Penerima Uji ${i},BPNT,2025-12,200000,64.72.05.1004`,
    );
    const form = new FormData();
    form.set(
      "file",
      new File([`nik,no_kk,nama,program,periode,nominal,kode_kelurahan\n${rows.join("\n")}\n`], "uji-layar.csv", {
        type: "text/csv",
      }),
    );
    const imported = await importThroughJob(app.baseUrl, admin, "/api/import/penerima", form);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const importedAt = Date.now();
    const errorsAfter = await waitFor(
      () => page.getByTestId("figure-errors").textContent(),
      (text) => text !== errorsBefore,
      "inclusion errors on the screen",
      40_000,
    );
    const delayMs = Date.now() - importedAt;
    console.log(
      `[e2e] ${engine}: the screen showed the import after ${delayMs} ms (figure ${errorsBefore} → ${errorsAfter})`,
    );
    const number = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));
    expect(number(errorsAfter)).toBeGreaterThanOrEqual(number(errorsBefore) + 12);
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, `layar-setelah-impor-${engine}.png`) });

    await page.route("**/api/layar", (route) => route.abort("internetdisconnected"));
    await expectText(page.getByTestId("screen-stamp"), "Koneksi terputus");
    await expectText(page.getByTestId("figure-errors"), errorsAfter!);
    await page.screenshot({ path: path.join(SCREENSHOTS, `layar-terputus-${engine}.png`) });
    await page.unroute("**/api/layar");
    await waitFor(
      () => page.getByTestId("screen-stamp").textContent(),
      (text) => !String(text).includes("terputus"),
      "stamp after the blip",
    );
  }, 120_000);

  it("rotates on its own after the pause is lifted", async () => {
    const before = await scene();
    await page.keyboard.press(" ");
    expect(await page.getAttribute('[data-testid="screen"]', "data-paused")).toBe("false");
    const next = await waitFor(scene, (s) => s !== before, "rotation", 12_000);
    expect(SCENES).toContain(next);
    expect(watched.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
  });
});
