import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

import type { Engine } from "@/db/engine";

import { signedInPage, signIn } from "./accounts";
import { startApp, type RunningApp } from "./app-server";
import { launchChromium } from "./browser";

export interface AdminApp {
  readonly app: RunningApp;
  readonly browser: Browser;
  /** The admin's session cookie, for requests other than a GET. */
  readonly adminCookie: string;
  /** GET as the data steward (every page and the imports). */
  get(path: string): Promise<Response>;
  /** A page in a fresh browser context signed in as the data steward. */
  newPage(options?: Parameters<typeof signedInPage>[3]): ReturnType<typeof signedInPage>;
}

/**
 * Inside a describe: serves the production build on `engine` (a fresh seeded database) for the
 * suite, with Chromium and the admin signed in; stopped after the suite. access.test.ts covers the other roles.
 */
export function serveAsAdmin(engine: Engine): AdminApp {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  let admin = "";
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(engine), launchChromium()]);
    console.log(`[e2e] ${engine}: next start healthy after ${app.startMs} ms`);
    admin = await signIn(app.baseUrl, "admin");
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = () => {
    if (!app || !browser) throw new Error("app not started yet");
    return { app, browser };
  };
  return {
    get app() {
      return started().app;
    },
    get browser() {
      return started().browser;
    },
    get adminCookie() {
      return admin;
    },
    get: (path) => fetch(`${started().app.baseUrl}${path}`, { headers: { cookie: admin } }),
    newPage: (options = {}) => signedInPage(started().browser, started().app.baseUrl, admin, options),
  };
}
