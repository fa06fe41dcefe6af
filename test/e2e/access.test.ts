import path from "node:path";
import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningApp, startApp } from "../helpers/app-server";
import { signedInPage, signIn } from "../helpers/accounts";
import { expectText, launchChromium, SCREENSHOTS, watchPage } from "../helpers/browser";
import { ENGINES } from "../helpers/test-database";

const ROLES = ["admin", "pimpinan", "camat", "lurah", "operator", "layar"] as const;
type Role = (typeof ROLES)[number];
/** Every role but the wall screen's, which may open nothing but the screen. */
const READING_ROLES = ROLES.filter((role) => role !== "layar");
type Caller = Role | "anonim";

const CITY = "64.72";
const KECAMATAN = "64.72.05";
const KELURAHAN = "64.72.05.1004";
const WINDOW = "from=2025-01&to=2025-12";
/** The area each demo account answers for. */
const HOME: Record<Role, string> = { admin: CITY, pimpinan: CITY, camat: KECAMATAN, lurah: KELURAHAN, operator: KELURAHAN, layar: CITY };

/** A full NIK anywhere in a text: 16 digits not part of a longer number or a decimal fraction. */
const FULL_NIK = /(?<![\d.])\d{16}(?![\d.])/;

interface Answer {
  status: number;
  type: string;
  text: string;
  location: string | null;
}

describe.each(ENGINES)("who may see what, served from %s", (engine) => {
  let app: RunningApp;
  let browser: Browser;
  const cookies: Partial<Record<Role, string>> = {};
  /** Codes and households inside and outside each account's areas, found as admin. */
  let otherKecamatan: string;
  let otherKelurahanSameKecamatan: string;
  let householdInKelurahan: number;
  let householdElsewhere: number;
  let rtInKelurahan: string;

  async function call(who: Caller, method: string, route: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (who !== "anonim") headers.cookie = cookies[who]!;
    if (method !== "GET") headers.origin ??= app.baseUrl;
    const response = await fetch(`${app.baseUrl}${route}`, { method, headers, body: init.body, redirect: "manual" });
    const type = response.headers.get("content-type") ?? "";
    const text = type.includes("vector-tile") ? "" : await response.text();
    return { status: response.status, type, text, location: response.headers.get("location") };
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(engine), launchChromium()]);
    for (const role of ROLES) cookies[role] = await signIn(app.baseUrl, role);
    const json = async (route: string) => JSON.parse((await call("admin", "GET", route)).text);
    const city = await json(`/api/areas/${CITY}/summary?${WINDOW}`);
    otherKecamatan = city.children.find((c: { code: string }) => c.code !== KECAMATAN).code;
    const kecamatan = await json(`/api/areas/${KECAMATAN}/summary?${WINDOW}`);
    otherKelurahanSameKecamatan = kecamatan.children.find((c: { code: string | null }) => c.code && c.code !== KELURAHAN).code;
    const kelurahan = await json(`/api/areas/${KELURAHAN}/summary?${WINDOW}`);
    rtInKelurahan = kelurahan.children.find((c: { code: string | null; households: number }) => c.code && c.households > 0).code;
    householdInKelurahan = (await json(`/api/areas/${KELURAHAN}/households?list=stacked&${WINDOW}`)).households[0].id;
    householdElsewhere = (await json(`/api/areas/${otherKecamatan}/households?list=stacked&${WINDOW}`)).households[0].id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Whether an area code lies in a role's areas (admin: everything). */
  const covers = (role: Role, code: string) => role === "admin" || code === HOME[role] || code.startsWith(`${HOME[role]}.`);

  it("answers every data route with data in scope, 404 out of scope, 401 without a session and 403 to the wall screen's account, for every role", async () => {
    const areaRoutes = (code: string) => [
      `/api/areas/${code}/summary?${WINDOW}`,
      `/api/areas/${code}/overlap?${WINDOW}`,
      `/api/areas/${code}/trend?${WINDOW}`,
      `/api/areas/${code}/households?list=uncovered&${WINDOW}`,
      `/api/areas/${code}/households/export?list=stacked&format=csv&${WINDOW}`,
      `/api/search?q=siti&area=${code}`,
    ];
    const codes = [CITY, KECAMATAN, otherKecamatan, KELURAHAN, otherKelurahanSameKecamatan, rtInKelurahan];
    const households = [
      { id: householdInKelurahan, place: KELURAHAN },
      { id: householdElsewhere, place: `${otherKecamatan}.x` },
    ];
    const failures: string[] = [];
    let checked = 0;
    for (const who of ["anonim", ...ROLES] as const) {
      for (const code of codes) {
        for (const route of areaRoutes(code)) {
          const answer = await call(who, "GET", route);
          const expected = who === "anonim" ? 401 : who === "layar" ? 403 : covers(who, code) ? 200 : 404;
          checked++;
          if (answer.status !== expected) failures.push(`${who} GET ${route}: ${answer.status}, expected ${expected}`);
        }
      }
      for (const household of households) {
        const route = `/api/households/${household.id}?${WINDOW}`;
        const answer = await call(who, "GET", route);
        const expected = who === "anonim" ? 401 : who === "layar" ? 403 : covers(who, household.place) ? 200 : 404;
        checked++;
        if (answer.status !== expected) failures.push(`${who} GET ${route}: ${answer.status}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(7 * (codes.length * 6 + 2));
  });

  it("limits outlines, tiles and search results to the account's areas, and gives the wall screen's account none of them", async () => {
    for (const role of READING_ROLES) {
      const outlines = JSON.parse((await call(role, "GET", "/api/boundaries/kelurahan")).text);
      const codes: string[] = outlines.features.map((f: { properties: { code: string } }) => f.properties.code);
      expect(codes.length, role).toBeGreaterThan(0);
      expect(codes.every((code) => covers(role, code)), role).toBe(true);

      const response = await fetch(`${app.baseUrl}/api/tiles/kelurahan/9/422/256?${WINDOW}`, { headers: { cookie: cookies[role]! } });
      expect(response.status, role).toBe(200);
      const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers.kelurahan!;
      const tileCodes = Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.code));
      expect(tileCodes.length, role).toBeGreaterThan(0);
      expect(tileCodes.every((code) => covers(role, code)), role).toBe(true);

      const hits = JSON.parse((await call(role, "GET", "/api/search?q=siti")).text).hits as Array<{ kelurahan_code: string }>;
      expect(hits.every((hit) => covers(role, hit.kelurahan_code)), role).toBe(true);
    }
    for (const route of ["/api/boundaries/kelurahan", "/api/boundaries/rt", "/api/tiles/kelurahan/9/422/256", "/api/tiles/rumah-tangga/16/53720/32787", "/api/search?q=siti"]) {
      expect((await call("layar", "GET", route)).status, route).toBe(403);
    }
    expect((await call("anonim", "GET", "/api/boundaries/kelurahan")).status).toBe(401);
    expect((await call("anonim", "GET", "/api/tiles/kelurahan/9/422/256")).status).toBe(401);
  });

  it("keeps imports, accounts and the audit log to admins, and the NIK reveal to admins and operators in their area", async () => {
    const expectStatus = async (who: Caller, method: string, route: string, expected: number, body?: string) => {
      const answer = await call(who, method, route, body ? { body, headers: { "content-type": "application/json" } } : {});
      expect(answer.status, `${who} ${method} ${route}: ${answer.text.slice(0, 200)}`).toBe(expected);
    };
    for (const who of ["anonim", ...ROLES] as const) {
      const admin = who === "admin";
      const denied = who === "anonim" ? 401 : 403;
      for (const route of ["/api/import/dtks", "/api/import/penerima", "/api/import/boundaries"]) await expectStatus(who, "POST", route, admin ? 400 : denied);
      await expectStatus(who, "GET", "/api/admin/users", admin ? 200 : denied);
      await expectStatus(who, "GET", "/api/admin/audit", admin ? 200 : denied);
      await expectStatus(who, "GET", "/api/admin/audit/export", admin ? 200 : denied);
      await expectStatus(who, "GET", "/api/layar", who === "anonim" ? 401 : ["admin", "pimpinan", "layar"].includes(who) ? 200 : 403);
      await expectStatus(who, "POST", "/api/admin/users", admin ? 400 : denied, "{}");
      await expectStatus(who, "POST", "/api/admin/rules", admin ? 400 : denied, "{}");
      await expectStatus(who, "POST", "/api/admin/settings", admin ? 400 : denied, "{}");
      const reveal = who === "anonim" ? 401 : who === "admin" || who === "operator" ? 200 : 403;
      await expectStatus(who, "POST", `/api/households/${householdInKelurahan}/nik`, reveal);
      await expectStatus(who, "POST", `/api/households/${householdElsewhere}/nik`, who === "operator" ? 404 : reveal);
    }
  });

  it("never sends a full NIK to a role that may not see one, on any route or page (the wall screen's account gets none of them)", async () => {
    const routes = [
      `/api/areas/${KELURAHAN}/summary?${WINDOW}`,
      `/api/areas/${KELURAHAN}/households?list=errors&${WINDOW}`,
      `/api/areas/${KELURAHAN}/households?list=stacked&${WINDOW}`,
      `/api/areas/${KELURAHAN}/households/export?list=errors&format=csv&${WINDOW}`,
      `/api/households/${householdInKelurahan}?${WINDOW}`,
      `/api/search?q=siti`,
      `/api/search?q=6472`,
      `/wilayah/${KELURAHAN}?${WINDOW}`,
      `/wilayah/${KELURAHAN}/rumah-tangga?daftar=errors&${WINDOW}`,
      `/rumah-tangga/${householdInKelurahan}?${WINDOW}`,
      `/cari?q=siti`,
      `/peta`,
    ];
    for (const who of ROLES) {
      for (const route of routes) {
        const answer = await call(who, "GET", route);
        if (who === "layar") expect([answer.status, answer.location], route).toEqual(route.startsWith("/api/") ? [403, null] : [307, "/akses-ditolak"]);
        else expect(answer.status, `${who} ${route}`).toBe(200);
        expect(FULL_NIK.exec(answer.text)?.[0], `${who} ${route}`).toBeUndefined();
      }
    }
    // The reveal is the one way to a full NIK, and it is logged.
    const revealed = JSON.parse((await call("operator", "POST", `/api/households/${householdInKelurahan}/nik`)).text);
    expect(revealed.members.some((m: { nik: string | null }) => m.nik && FULL_NIK.test(m.nik))).toBe(true);
    const audit = JSON.parse((await call("admin", "GET", "/api/admin/audit?action=nik_reveal&username=operator")).text);
    expect(audit.rows.some((r: { entity_id: string }) => r.entity_id === String(householdInKelurahan))).toBe(true);
  });

  it("sends pages without a session to the login, other roles' pages to the refusal, and out-of-scope areas to 404", async () => {
    const pages = ["/peta", "/wilayah", `/wilayah/${KELURAHAN}`, `/rumah-tangga/${householdInKelurahan}`, "/cari", "/akun", "/impor", "/layar", "/admin/pengguna", "/admin/audit", "/admin/aturan"];
    for (const route of pages) {
      const answer = await call("anonim", "GET", route);
      expect(answer.status, route).toBe(307);
      expect(answer.location, route).toContain(`/masuk?lanjut=${encodeURIComponent(route)}`);
    }
    const restricted: Record<string, Role[]> = {
      "/impor": ["admin"],
      "/admin/pengguna": ["admin"],
      "/admin/audit": ["admin"],
      "/admin/aturan": ["admin"],
      "/layar": ["admin", "pimpinan", "layar"],
    };
    for (const [route, allowed] of Object.entries(restricted)) {
      for (const role of ROLES) {
        const answer = await call(role, "GET", route);
        if (allowed.includes(role)) expect(answer.status, `${role} ${route}`).toBe(200);
        else expect([answer.status, answer.location], `${role} ${route}`).toEqual([307, "/akses-ditolak"]);
      }
    }
    // The wall screen's account: every page but the screen is refused, and it is sent to the screen.
    for (const route of pages.filter((page) => page !== "/layar")) {
      const answer = await call("layar", "GET", route);
      expect([answer.status, answer.location], route).toEqual([307, "/akses-ditolak"]);
    }
    expect((await call("layar", "GET", "/")).location).toBe("/layar");
    expect((await call("layar", "GET", "/masuk?lanjut=%2Fpeta")).location).toBe("/layar");
    for (const role of READING_ROLES) {
      const home = await call(role, "GET", "/wilayah");
      expect(home.location, role).toBe(`/wilayah/${HOME[role]}`);
      expect((await call(role, "GET", `/wilayah/${otherKecamatan}`)).status, role).toBe(role === "admin" || role === "pimpinan" ? 200 : 404);
      expect((await call(role, "GET", `/rumah-tangga/${householdElsewhere}`)).status, role).toBe(role === "admin" || role === "pimpinan" ? 200 : 404);
    }
  });

  it("lands the wall screen's account on its screen from the login page, draws the map without any other API, and lets it sign out", async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const watched = watchPage(page, app.baseUrl);
    const apiCalls: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) apiCalls.push(`${request.method()} ${url.pathname}`);
    });
    await page.goto(`${app.baseUrl}/masuk?lanjut=${encodeURIComponent("/peta")}`);
    await page.getByLabel("Nama pengguna").fill("layar");
    await page.getByLabel("Kata sandi").fill("demo");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(/\/layar$/);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    expect(await page.getByRole("link", { name: "Peta" }).count()).toBe(0);
    expect(apiCalls.filter((call) => call !== "POST /api/auth/login" && call !== "GET /api/layar")).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `layar-akun-layar-${engine}.png`) });
    await page.goto(`${app.baseUrl}/cari`);
    await page.waitForURL(/\/akses-ditolak$/);
    await expectText(page.getByRole("link", { name: "Kembali ke layar komando" }), "layar");
    const cookie = await signIn(app.baseUrl, "layar");
    const post = (route: string) => fetch(`${app.baseUrl}${route}`, { method: "POST", headers: { cookie, origin: app.baseUrl, "content-type": "application/json" }, body: "{}" });
    expect((await post("/api/auth/password")).status).toBe(403);
    expect((await post("/api/auth/logout")).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/layar`, { headers: { cookie } })).status).toBe(401);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("refuses state changes from another site, and ends a session on logout", async () => {
    const lurah = await signIn(app.baseUrl, "lurah");
    const post = (route: string, origin: string) =>
      fetch(`${app.baseUrl}${route}`, { method: "POST", headers: { cookie: lurah, origin, "content-type": "application/json" }, body: "{}" });
    expect((await post("/api/auth/logout", "http://evil.example")).status).toBe(403);
    expect((await post(`/api/households/${householdInKelurahan}/nik`, "http://evil.example")).status).toBe(403);
    const login = await fetch(`${app.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { origin: "http://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ username: "lurah", password: "demo" }),
    });
    expect(login.status).toBe(403);
    const wrong = await fetch(`${app.baseUrl}/api/auth/password`, {
      method: "POST",
      headers: { cookie: lurah, origin: app.baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ current: "bukan-ini", next: "Sungai-Siring-baru-1" }),
    });
    expect([wrong.status, (await wrong.json()).error]).toEqual([400, "Kata sandi saat ini salah."]);
    expect((await call("anonim", "POST", "/api/auth/password", { body: "{}" })).status).toBe(401);
    const summary = () => fetch(`${app.baseUrl}/api/areas/${KELURAHAN}/summary`, { headers: { cookie: lurah } });
    expect((await summary()).status).toBe(200);
    const logout = await post("/api/auth/logout", app.baseUrl);
    expect(logout.status).toBe(200);
    expect(logout.headers.get("set-cookie")).toMatch(/tepat_sesi=;.*Max-Age=0/);
    expect((await summary()).status).toBe(401);
  });

  it("sets the session cookie httpOnly and SameSite, and locks an account after five wrong passwords", async () => {
    const created = await call("admin", "POST", "/api/admin/users", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "uji-kunci", role: "lurah", areaCodes: [KELURAHAN], password: "Sungai-Siring-2026" }),
    });
    expect(created.status, created.text).toBe(201);
    const login = (password: string) =>
      fetch(`${app.baseUrl}/api/auth/login`, {
        method: "POST",
        headers: { origin: app.baseUrl, "content-type": "application/json" },
        body: JSON.stringify({ username: "uji-kunci", password }),
      });
    const ok = await login("Sungai-Siring-2026");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(/HttpOnly/);
    expect(ok.headers.get("set-cookie")).toMatch(/SameSite=Lax/);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login("salah")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    const locked = await login("Sungai-Siring-2026");
    expect(locked.status).toBe(429);
    expect((await locked.json()).error).toMatch(/dikunci.*WITA/);
  });

  it("lets a lurah sign in on the login page and see only its kelurahan on the map; an operator reveals a NIK that the audit page shows", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 850 } });
    const watched = watchPage(page, app.baseUrl);
    await page.goto(`${app.baseUrl}/wilayah/${KELURAHAN}`);
    await page.waitForURL(/\/masuk\?lanjut=/);
    await expectText(page.locator(".demo-accounts"), "lurah");
    await page.getByLabel("Nama pengguna").fill("lurah");
    await page.getByLabel("Kata sandi").fill("keliru");
    await page.getByRole("button", { name: "Masuk" }).click();
    await expectText(page.getByRole("alert"), "Nama pengguna atau kata sandi salah.");
    await page.getByLabel("Kata sandi").fill("demo");
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(new RegExp(`/wilayah/${KELURAHAN.replace(/\./g, "\\.")}$`));
    await expectText(page.locator("h1"), "Sungai Siring");
    expect(await page.getByRole("link", { name: "Impor" }).count()).toBe(0);

    await page.goto(`${app.baseUrl}/peta`);
    await page.waitForSelector('[data-map-ready="true"]', { timeout: 60_000 });
    await page.waitForFunction(() => (window as unknown as { __tepatMap: { loaded(): boolean } }).__tepatMap.loaded());
    const shown = await page.evaluate(() => {
      const map = (window as unknown as { __tepatMap: { queryRenderedFeatures(o: { layers: string[] }): Array<{ properties: Record<string, unknown> }> } }).__tepatMap;
      return [...new Set(map.queryRenderedFeatures({ layers: ["kelurahan-fill", "choropleth-kelurahan"] }).map((f) => String(f.properties.code)))];
    });
    expect(shown).toEqual([KELURAHAN]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `peta-lurah-${engine}.png`) });
    const missing = await page.goto(`${app.baseUrl}/wilayah/${CITY}`);
    expect(missing?.status()).toBe(404);
    await page.getByRole("button", { name: "Keluar" }).click();
    await page.waitForURL(/\/masuk/);
    // The wrong password (401) and the city page (404) above were meant to fail; nothing else may.
    expect(watched.errors.filter((e) => !/status of (401|404) /.test(e))).toEqual([]);
    await page.close();

    const operator = await signedInPage(browser, app.baseUrl, cookies.operator!);
    await operator.goto(`${app.baseUrl}/rumah-tangga/${householdInKelurahan}`);
    expect(FULL_NIK.test(await operator.content())).toBe(false);
    await operator.getByRole("button", { name: "Tampilkan NIK lengkap" }).click();
    await expectText(operator.getByTestId("revealed-nik"), "tercatat di log audit");
    expect(FULL_NIK.test((await operator.getByTestId("revealed-nik").textContent()) ?? "")).toBe(true);
    await operator.screenshot({ path: path.join(SCREENSHOTS, `nik-dibuka-${engine}.png`) });
    await operator.close();

    const admin = await signedInPage(browser, app.baseUrl, cookies.admin!);
    await admin.goto(`${app.baseUrl}/admin/audit?action=nik_reveal`);
    await expectText(admin.getByTestId("audit"), "operator");
    await expectText(admin.getByTestId("audit"), `household ${householdInKelurahan}`);
    await admin.screenshot({ path: path.join(SCREENSHOTS, `audit-${engine}.png`), fullPage: true });
    await admin.goto(`${app.baseUrl}/admin/pengguna`);
    await expectText(admin.getByTestId("users"), "uji-kunci");
    await admin.close();
  });
});
