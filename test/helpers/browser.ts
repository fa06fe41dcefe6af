import { mkdirSync } from "node:fs";
import path from "node:path";

import { chromium, type Browser, type Locator, type Page } from "playwright-core";

export const SCREENSHOTS = path.join(process.cwd(), "test-results");
mkdirSync(SCREENSHOTS, { recursive: true });

/** Debian's Chromium, never a downloaded browser; SwiftShader gives WebGL without a GPU. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
    ],
  });
}

/** Collects console errors, failed page errors and requests that left localhost. */
export function watchPage(page: Page, baseUrl: string): { errors: string[]; foreignRequests: string[] } {
  const errors: string[] = [];
  const foreignRequests: string[] = [];
  page.on("console", (message) => {
    // With the resource it is about: "Failed to load resource: … 404" alone names no address.
    if (message.type() === "error") errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith("data:") && !url.startsWith("blob:")) foreignRequests.push(url);
  });
  return { errors, foreignRequests };
}

/** Polls until `check` passes or the time is up, then fails with the last value seen. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  describe: (value: T) => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    try {
      last = await read();
      if (check(last)) return;
    } catch {
      // element not there yet
    }
    if (Date.now() > deadline) throw new Error(describe(last as T));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Web-first assertions on playwright-core locators (vitest's expect does not wait). */
export async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  const matches = (text: string | null) =>
    text !== null && (typeof expected === "string" ? text.includes(expected) : expected.test(text));
  await eventually(
    () => locator.first().textContent(),
    matches,
    (text) => `expected ${locator} to contain ${String(expected)}, got ${JSON.stringify(text)}`,
  );
}

export async function expectExactText(locator: Locator, expected: string): Promise<void> {
  await eventually(
    async () => (await locator.first().textContent())?.trim() ?? null,
    (text) => text === expected,
    (text) => `expected ${locator} to read ${JSON.stringify(expected)}, got ${JSON.stringify(text)}`,
  );
}

export async function expectCount(locator: Locator, expected: number): Promise<void> {
  await eventually(
    () => locator.count(),
    (count) => count === expected,
    (count) => `expected ${expected} of ${locator}, found ${count}`,
  );
}
