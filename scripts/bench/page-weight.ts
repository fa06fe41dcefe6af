import { gzipSync } from "node:zlib";

import { chromium } from "playwright-core";

export interface PageWeight {
  path: string;
  /** Scripts the HTML itself names (Next's "first load"), gzipped. */
  firstLoadKb: number;
  /** Every script fetched until the page settled (lazy chunks such as MapLibre included), gzipped. */
  settledKb: number;
  scripts: number;
}

/**
 * The JavaScript a signed-in person downloads for a page, measured in Debian's Chromium: each
 * script's body gzipped as the server sends it, summed, first for the scripts the HTML names and
 * then for all fetched once the network went quiet.
 */
export async function pageWeights(baseUrl: string, cookie: string, paths: string[]): Promise<PageWeight[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
  try {
    const weights: PageWeight[] = [];
    for (const path of paths) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
      const [name, value] = cookie.split("=") as [string, string];
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      const sizes = new Map<string, number>();
      page.on("response", async (response) => {
        const url = response.url();
        if (!/\.m?js(\?|$)/.test(url)) return;
        const body = await response.body().catch(() => null);
        if (body) sizes.set(new URL(url).pathname, gzipSync(body).length);
      });
      const html = await (await page.goto(`${baseUrl}${path}`))!.text();
      await page.waitForLoadState("networkidle");
      await page.waitForTimeout(1500);
      const named = new Set(
        [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => new URL(m[1]!, baseUrl).pathname),
      );
      const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
      weights.push({
        path,
        firstLoadKb: kb([...sizes].filter(([p]) => named.has(p)).reduce((sum, [, size]) => sum + size, 0)),
        settledKb: kb([...sizes.values()].reduce((sum, size) => sum + size, 0)),
        scripts: sizes.size,
      });
      await context.close();
    }
    return weights;
  } finally {
    await browser.close();
  }
}
