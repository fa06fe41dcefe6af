import type { Browser, BrowserContextOptions, Page } from "playwright-core";

import { DEMO_PASSWORD } from "@/lib/access/demo-accounts";
import { SESSION_COOKIE } from "@/lib/access/session";

/** Signs a demo account in through the API, as the login page does; the Cookie header to send. */
export async function signIn(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get("set-cookie") ?? "";
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
  if (!token) throw new Error(`login ${username}: no session cookie in ${setCookie}`);
  return `${SESSION_COOKIE}=${token}`;
}

/** A page in a fresh browser context that carries the session; closing the page closes its context. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext(options);
  const [name, value] = cookie.split("=") as [string, string];
  await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  page.once("close", () => void context.close().catch(() => undefined));
  return page;
}
