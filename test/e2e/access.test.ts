import path from "node:path";

import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { readTable } from "@/lib/imports";

import { signedInPage, signIn } from "../helpers/accounts";
import { startApp, type RunningApp } from "../helpers/app-server";
import { expectText, launchChromium, SCREENSHOTS, watchPage } from "../helpers/browser";
import { importThroughJob } from "../helpers/import-jobs";
import { ENGINES } from "../helpers/test-database";
import { tileAt } from "../helpers/tiles";

const ROLES = ["admin", "pimpinan", "camat", "lurah", "operator", "layar", "dinsos"] as const;
type Role = (typeof ROLES)[number];
/** Every role but the wall screen's, which may open nothing but the screen. */
const READING_ROLES = ROLES.filter((role) => role !== "layar");
type Caller = Role | "anonim";

const CITY = "64.72";
const KECAMATAN = "64.72.05";
const KELURAHAN = "64.72.05.1004";
const WINDOW = "from=2025-01&to=2025-12";
/** Two of the demo's DTSEN releases (lib/demo/releases.ts). */
const RELEASES = "from=2024-Q4&to=2025-Q3";
/** The area each demo account answers for. */
const HOME: Record<Role, string> = {
  admin: CITY,
  pimpinan: CITY,
  camat: KECAMATAN,
  lurah: KELURAHAN,
  operator: KELURAHAN,
  layar: CITY,
  dinsos: CITY,
};

/** The NIK of the member a proposal of the matrix names in full; no answer may carry it. */
const PROPOSED_NIK = "6472054505900009";
/** A full NIK anywhere in a text: 16 digits not part of a longer number or a decimal fraction. */
const FULL_NIK = /(?<![\d.])\d{16}(?![\d.])/;
/** Roles that may see single persons, and so search (capability person_details). */
const SEARCHERS: readonly Role[] = ["admin", "camat", "lurah", "operator", "dinsos"];
/** Roles that take part in verval (capability verval), and those that draft proposals (propose). */
const VERVAL: readonly Role[] = ["admin", "lurah", "operator", "dinsos"];
const PROPOSERS: readonly Role[] = ["admin", "operator"];
/** Roles that approve proposals and hold the muskel (approve_proposals), and those that verify them (verify_proposals). */
const APPROVERS: readonly Role[] = ["admin", "lurah"];
const VERIFIERS: readonly Role[] = ["admin", "dinsos"];
/** Roles that compute and compare scenarios (plan_targeting); their lists and adoption are VERIFIERS' (target_lists). */
const PLANNERS: readonly Role[] = ["admin", "pimpinan", "dinsos"];
/** Roles that decide record-linkage pairs of their areas (link_records). */
const LINKERS: readonly Role[] = ["admin", "operator", "dinsos"];
/** Roles that read areas: all but the wall screen. */
const READERS: readonly Role[] = ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"];
/** A JSON request body, as `call` takes it. */
const jsonBody = (body: unknown) => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

/** The places the access matrix asks about, and the reading roles whose areas hold each (admin: all). */
const PLACES = {
  city: { label: "the city", heldBy: ["admin", "pimpinan", "dinsos"] },
  kecamatan: { label: "the camat's kecamatan", heldBy: ["admin", "pimpinan", "camat", "dinsos"] },
  otherKecamatan: { label: "another kecamatan", heldBy: ["admin", "pimpinan", "dinsos"] },
  kelurahan: {
    label: "the lurah's kelurahan",
    heldBy: ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"],
  },
  otherKelurahan: { label: "another kelurahan of the kecamatan", heldBy: ["admin", "pimpinan", "camat", "dinsos"] },
  rt: {
    label: "an RT of the lurah's kelurahan",
    heldBy: ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"],
  },
  householdInKelurahan: {
    label: "a household of the lurah's kelurahan",
    heldBy: ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"],
  },
  householdElsewhere: { label: "a household of another kecamatan", heldBy: ["admin", "pimpinan", "dinsos"] },
  proposalInKelurahan: {
    label: "a proposal of the lurah's kelurahan",
    heldBy: ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"],
  },
} as const satisfies Record<string, { label: string; heldBy: readonly Role[] }>;
type Place = keyof typeof PLACES;
const AREAS = ["city", "kecamatan", "otherKecamatan", "kelurahan", "otherKelurahan", "rt"] as const satisfies Place[];
const CALLERS = ["anonim", ...ROLES] as const satisfies readonly Caller[];
const holds = (who: Role, place: Place) => (PLACES[place].heldBy as readonly Role[]).includes(who);

/** One row of the access matrix: who asks, what, where, and the answer it must get. */
interface AccessRow {
  name: string;
  who: Caller;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The route, given the code (an area) or the id (a household) the place stands for. */
  route: (at: string) => string;
  body?: unknown;
  place?: Place;
  /** The status; and for a redirect where it leads, exactly or (`locationContains`) in part. */
  expected?: number;
  location?: (route: string) => string;
  locationContains?: boolean;
}
const row = (r: Omit<AccessRow, "name">, shown = r.route("{}")): AccessRow => {
  const where = r.place ? shown.replace("{}", `{${PLACES[r.place].label}}`) : shown;
  const location = r.location?.(shown).replace("%7B%7D", "{}");
  const answer = [r.expected, location && `${r.locationContains ? "to " : ""}${location}`].filter(Boolean);
  // The window every data route is asked for goes without saying.
  return {
    ...r,
    name: `${r.who} ${r.method} ${where.replace(`?${WINDOW}`, "").replace(`&${WINDOW}`, "")} → ${answer.join(" ")}`,
  };
};
const AREA_ROUTES = [
  (code: string) => `/api/areas/${code}/summary?${WINDOW}`,
  (code: string) => `/api/areas/${code}/overlap?${WINDOW}`,
  (code: string) => `/api/areas/${code}/trend?${WINDOW}`,
  (code: string) => `/api/areas/${code}/households?list=uncovered&${WINDOW}`,
  (code: string) => `/api/areas/${code}/households/export?list=stacked&format=csv&${WINDOW}`,
  (code: string) => `/api/areas/${code}/export?format=geojson&${WINDOW}`,
  (code: string) => `/api/areas/${code}/rilis?${RELEASES}`,
  (code: string) => `/api/areas/${code}/rilis/rumah-tangga?list=dicabut_masih_dibayar&${RELEASES}`,
];
/** Every data route for every caller and place: data in scope, 404 out of it, 401 without a session, 403 to the wall screen. */
const DATA_ROWS: AccessRow[] = CALLERS.flatMap((who) => {
  const status = (place: Place, mayUse: boolean) =>
    who === "anonim" ? 401 : !mayUse ? 403 : holds(who, place) ? 200 : 404;
  return [
    ...AREAS.flatMap((place) => [
      ...AREA_ROUTES.map((route) =>
        row({ who, method: "GET", route, place, expected: status(place, who !== "layar") }),
      ),
      row(
        {
          who,
          method: "POST",
          route: () => "/api/search",
          body: { by: "nama", q: "siti", area: "{}" },
          place,
          expected: status(place, SEARCHERS.includes(who as Role)),
        },
        "/api/search in {}",
      ),
    ]),
    ...(["householdInKelurahan", "householdElsewhere"] as const).map((place) => {
      const route = (id: string) => `/api/households/${id}?${WINDOW}`;
      return row({ who, method: "GET", route, place, expected: status(place, who !== "layar") });
    }),
  ];
});

/**
 * Imports to admins and Dinas Sosial; accounts and the audit log to admins; the screen's data to
 * who has a screen; the NIK reveal to admins and operators in their area; verval to the roles
 * that take part in it, drafting to those who propose, an unknown proposal 404 to them.
 */
const ADMIN_ROWS: AccessRow[] = CALLERS.flatMap((who) => {
  const admin = who === "admin";
  const denied = who === "anonim" ? 401 : 403;
  const among = (roles: readonly Role[], status: number) => (roles.includes(who as Role) ? status : denied);
  const reveal = who === "anonim" ? 401 : who === "admin" || who === "operator" ? 200 : 403;
  const fixed = (method: "GET" | "POST" | "PUT" | "DELETE", path: string, expected: number, body?: unknown) =>
    row({ who, method, route: () => path, body, expected });
  const nik = (place: Place, expected: number) =>
    row({ who, method: "POST", route: (id) => `/api/households/${id}/nik`, place, expected });
  return [
    ...["/api/import/dtks", "/api/import/penerima", "/api/import/boundaries", "/api/import/dukcapil"].map((path) =>
      fixed("POST", path, among(["admin", "dinsos"], 400)),
    ),
    fixed("GET", "/api/import/jobs", among(["admin", "dinsos"], 200)),
    fixed("GET", "/api/import/jobs/00000000-0000-0000-0000-000000000000", among(["admin", "dinsos"], 404)),
    fixed("GET", "/api/usulan", among(SEARCHERS, 200)),
    fixed("GET", "/api/usulan/999999", among(SEARCHERS, 404)),
    fixed("GET", "/api/saran", among(VERVAL, 200)),
    fixed("GET", "/api/usulan/peta", among(SEARCHERS, 200)),
    fixed("POST", "/api/usulan", among(PROPOSERS, 400), {}),
    fixed("PUT", "/api/usulan/999999", among(PROPOSERS, 400), {}),
    fixed("POST", "/api/usulan/999999/tindakan", among(VERVAL, 404), { action: "setujui" }),
    fixed("POST", "/api/usulan/999999/foto", among(PROPOSERS, 400), {}),
    fixed("GET", "/api/usulan/999999/foto/1", among(SEARCHERS, 404)),
    fixed("POST", "/api/saran/abaikan", among(VERVAL, 404), { key: "tidak-ada", reason: "uji matriks" }),
    fixed("GET", "/api/usulan/ekspor?format=csv", among(VERIFIERS, 200)),
    fixed("POST", "/api/usulan/ekspor", among(VERIFIERS, 400), {}),
    fixed("GET", "/api/muskel", among(SEARCHERS, 200)),
    fixed("POST", "/api/muskel", among(APPROVERS, 400), {}),
    fixed("GET", "/api/muskel/999999/berita-acara", among(SEARCHERS, 404)),
    fixed("POST", "/api/sasaran/hitung", among(PLANNERS, 400), {}),
    fixed("GET", "/api/sasaran", among(PLANNERS, 200)),
    fixed("POST", "/api/sasaran", among(PLANNERS, 400), {}),
    fixed("GET", "/api/sasaran/999999", among(PLANNERS, 404)),
    fixed("GET", "/api/sasaran/bandingkan?a=999998&b=999999", among(PLANNERS, 404)),
    fixed("GET", "/api/sasaran/ditetapkan", among(READERS, 200)),
    fixed("GET", "/api/sasaran/999999/rumah-tangga", among(VERIFIERS, 404)),
    fixed("POST", "/api/sasaran/999999/tetapkan", among(VERIFIERS, 404), {}),
    fixed("GET", "/api/sasaran/999999/ekspor?format=csv", among(VERIFIERS, 404)),
    fixed("POST", "/api/sasaran/999999/ekspor", among(VERIFIERS, 400), {}),
    fixed("GET", "/api/tautan", among(LINKERS, 200)),
    fixed("GET", "/api/tautan?kind=ganda", among(LINKERS, 200)),
    fixed("POST", "/api/tautan/keputusan", among(LINKERS, 400), {}),
    fixed("POST", "/api/tautan/keputusan", among(LINKERS, 404), {
      fingerprint: "01234567-89ab-cdef-0123-456789abcdef",
      decision: "tolak",
    }),
    fixed("POST", "/api/tautan/jalankan", among(["admin", "dinsos"], 202), {}),
    fixed("GET", "/api/rilis", among(READERS, 200)),
    fixed("GET", "/api/import/pemetaan", among(["admin", "dinsos"], 200)),
    fixed("POST", "/api/import/pemetaan", among(["admin", "dinsos"], 400), {}),
    fixed("POST", "/api/import/kolom", among(["admin", "dinsos"], 400)),
    fixed("GET", "/api/import/riwayat", among(["admin", "dinsos"], 200)),
    fixed("GET", "/api/import/riwayat/999999", among(["admin", "dinsos"], 404)),
    fixed("GET", "/api/import/riwayat/999999/ditolak", among(["admin", "dinsos"], 404)),
    fixed("GET", "/api/admin/users", admin ? 200 : denied),
    fixed("GET", "/api/admin/audit", admin ? 200 : denied),
    fixed("GET", "/api/admin/audit/export", admin ? 200 : denied),
    fixed("GET", "/api/layar", who === "anonim" ? 401 : ["admin", "pimpinan", "layar"].includes(who) ? 200 : 403),
    fixed("POST", "/api/admin/users", admin ? 400 : denied, {}),
    fixed("POST", "/api/admin/rules", admin ? 400 : denied, {}),
    fixed("POST", "/api/admin/programs", admin ? 400 : denied, {}),
    fixed("POST", "/api/admin/settings", admin ? 400 : denied, {}),
    // The basemap: installed and removed by admins, its tiles for every account that sees a map.
    fixed("GET", "/api/admin/peta-dasar", admin ? 200 : denied),
    fixed("POST", "/api/admin/peta-dasar", admin ? 400 : denied, {}),
    fixed("DELETE", "/api/admin/peta-dasar", admin ? 200 : denied),
    fixed("GET", "/api/peta-dasar/12/3381/2053", who === "anonim" ? 401 : 204),
    nik("householdInKelurahan", reveal),
    nik("householdElsewhere", who === "operator" ? 404 : reveal),
  ];
});

const PAGES: Array<{ route: (at: string) => string; place?: Place }> = [
  { route: () => "/peta" },
  { route: () => "/wilayah" },
  { route: () => `/wilayah/${KELURAHAN}` },
  { route: (id) => `/rumah-tangga/${id}`, place: "householdInKelurahan" },
  { route: (id) => `/usulan/${id}`, place: "proposalInKelurahan" },
  ...[
    "/cari",
    "/akun",
    "/istilah",
    "/impor",
    "/impor/riwayat",
    "/layar",
    "/admin/pengguna",
    "/admin/audit",
    "/admin/aturan",
    "/admin/peta-dasar",
    "/tugas",
    "/muskel",
    "/sasaran",
    "/tautan",
    "/rilis",
    "/usulan/baru?jenis=baru",
    `/wilayah/${KELURAHAN}/kunjungan`,
    "/rapor",
    `/wilayah/${KELURAHAN}/laporan`,
  ].map((path) => ({
    route: () => path,
  })),
];
/** The pages only some roles may open. */
const RESTRICTED: Record<string, readonly Role[]> = {
  "/impor": ["admin", "dinsos"],
  "/impor/riwayat": ["admin", "dinsos"],
  "/tugas": SEARCHERS,
  "/muskel": SEARCHERS,
  "/usulan/baru?jenis=baru": PROPOSERS,
  "/admin/pengguna": ["admin"],
  "/admin/audit": ["admin"],
  "/admin/aturan": ["admin"],
  "/admin/peta-dasar": ["admin"],
  "/layar": ["admin", "pimpinan", "layar"],
  "/cari": SEARCHERS,
  "/tautan": LINKERS,
  // The RT visit sheet names persons: the roles that see them, never pimpinan.
  [`/wilayah/${KELURAHAN}/kunjungan`]: SEARCHERS,
};
const REFUSED = () => "/akses-ditolak";
/**
 * Pages: without a session to the login, other roles' pages to the refusal, the wall screen's
 * account to nothing but its screen, and areas and households out of scope to 404.
 */
const PAGE_ROWS: AccessRow[] = [
  ...PAGES.map(({ route, place }) =>
    row({
      who: "anonim",
      method: "GET",
      route,
      place,
      expected: 307,
      location: (path) => `/masuk?lanjut=${encodeURIComponent(path)}`,
      locationContains: true,
    }),
  ),
  ...Object.entries(RESTRICTED).flatMap(([path, allowed]) =>
    ROLES.map((who) =>
      allowed.includes(who)
        ? row({ who, method: "GET", route: () => path, expected: 200 })
        : row({ who, method: "GET", route: () => path, expected: 307, location: REFUSED }),
    ),
  ),
  // The wall screen's account: every page but the screen is refused (those RESTRICTED holds are asked once), and it is sent to the screen.
  ...PAGES.filter(({ route }) => route("{}") !== "/layar" && !(route("{}") in RESTRICTED)).map(({ route, place }) =>
    row({ who: "layar", method: "GET", route, place, expected: 307, location: REFUSED }),
  ),
  row({ who: "layar", method: "GET", route: () => "/", location: () => "/layar" }),
  row({ who: "layar", method: "GET", route: () => "/masuk?lanjut=%2Fpeta", location: () => "/layar" }),
  ...READING_ROLES.flatMap((who) => [
    row({ who, method: "GET", route: () => "/wilayah", location: () => `/wilayah/${HOME[who]}` }),
    row({
      who,
      method: "GET",
      route: (code) => `/wilayah/${code}`,
      place: "otherKecamatan",
      expected: holds(who, "otherKecamatan") ? 200 : 404,
    }),
    row({
      who,
      method: "GET",
      route: (id) => `/rumah-tangga/${id}`,
      place: "householdElsewhere",
      expected: holds(who, "householdElsewhere") ? 200 : 404,
    }),
    // The area report of another kecamatan, as its area page.
    row({
      who,
      method: "GET",
      route: (code) => `/wilayah/${code}/laporan`,
      place: "otherKecamatan",
      expected: holds(who, "otherKecamatan") ? 200 : 404,
    }),
    // The scorecard of another kecamatan: an aggregate, so pimpinan's too, but only within each account's areas.
    row({
      who,
      method: "GET",
      route: (code) => `/rapor?wilayah=${code}`,
      place: "otherKecamatan",
      expected: holds(who, "otherKecamatan") ? 200 : 404,
    }),
    // The visit sheet of another kelurahan: outside a lurah's and an operator's areas, refused to pimpinan.
    SEARCHERS.includes(who)
      ? row({
          who,
          method: "GET",
          route: (code) => `/wilayah/${code}/kunjungan`,
          place: "otherKelurahan",
          expected: holds(who, "otherKelurahan") ? 200 : 404,
        })
      : row({
          who,
          method: "GET",
          route: (code) => `/wilayah/${code}/kunjungan`,
          place: "otherKelurahan",
          expected: 307,
          location: REFUSED,
        }),
    // A proposal names persons: the roles that see persons open it in their areas, pimpinan is refused.
    SEARCHERS.includes(who)
      ? row({ who, method: "GET", route: (id) => `/usulan/${id}`, place: "proposalInKelurahan", expected: 200 })
      : row({
          who,
          method: "GET",
          route: (id) => `/usulan/${id}`,
          place: "proposalInKelurahan",
          expected: 307,
          location: REFUSED,
        }),
  ]),
];

interface Answer {
  status: number;
  type: string;
  text: string;
  location: string | null;
}

// In order, on one server: the users page at the end lists the account the lock test created, and
// the matrices run before any test signs a demo account out or changes a household.
describe.sequential.each(ENGINES)("who may see what, served from %s", (engine) => {
  let app: RunningApp;
  let browser: Browser;
  const cookies: Partial<Record<Role, string>> = {};
  /** Codes and households inside and outside each account's areas, found as admin. */
  let otherKecamatan: string;
  let otherKelurahanSameKecamatan: string;
  let householdInKelurahan: number;
  let householdElsewhere: number;
  /** A new household proposed by the operator in the lurah's kelurahan, naming a full NIK. */
  let proposalInKelurahan: number;
  /** A saved and adopted scenario of the city's program, whose list the scan reads as every role. */
  let scenario: number;
  let rtInKelurahan: string;
  /** The name of a member of a household in the lurah's kelurahan, which every searcher's areas hold. */
  let nameInKelurahan: string;

  async function call(
    who: Caller,
    method: string,
    route: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
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
    otherKelurahanSameKecamatan = kecamatan.children.find(
      (c: { code: string | null }) => c.code && c.code !== KELURAHAN,
    ).code;
    const kelurahan = await json(`/api/areas/${KELURAHAN}/summary?${WINDOW}`);
    rtInKelurahan = kelurahan.children.find(
      (c: { code: string | null; households: number }) => c.code && c.households > 0,
    ).code;
    householdInKelurahan = (await json(`/api/areas/${KELURAHAN}/households?list=stacked&${WINDOW}`)).households[0].id;
    householdElsewhere = (await json(`/api/areas/${otherKecamatan}/households?list=stacked&${WINDOW}`)).households[0]
      .id;
    nameInKelurahan = (await json(`/api/households/${householdInKelurahan}?${WINDOW}`)).members[0].name;
    const proposed = await call(
      "operator",
      "POST",
      "/api/usulan",
      jsonBody({
        kind: "baru",
        kelurahan_code: KELURAHAN,
        change: {
          household: { address: "Jl. Matriks 1", rw: "001", rt: "002" },
          members: [{ name: "Warga Matriks", nik: PROPOSED_NIK, birth_date: "1990-05-05", sex: "P" }],
        },
        rt_recommendation: { head_name: "Ketua RT Matriks", date: "2026-11-20" },
      }),
    );
    expect(proposed.status, proposed.text).toBe(201);
    proposalInKelurahan = JSON.parse(proposed.text).id;
    expect(
      (await call("operator", "POST", `/api/usulan/${proposalInKelurahan}/tindakan`, jsonBody({ action: "ajukan" })))
        .status,
    ).toBe(200);
    const saved = await call(
      "admin",
      "POST",
      "/api/sasaran",
      jsonBody({ name: "Matriks", program: "SAMARINDA-PEDULI", quota: { total: 50, per: "kelurahan" } }),
    );
    expect(saved.status, saved.text).toBe(201);
    scenario = JSON.parse(saved.text).id;
    expect((await call("admin", "POST", `/api/sasaran/${scenario}/tetapkan`, jsonBody({}))).status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Whether an area code lies in a role's areas (admin: everything). */
  const covers = (role: Role, code: string) =>
    role === "admin" || code === HOME[role] || code.startsWith(`${HOME[role]}.`);

  /** The code or id a place stands for on this server, and the code its scope is judged by. */
  const where = (place: Place): { at: string; scopeCode: string } => {
    const codes: Record<Place, string> = {
      city: CITY,
      kecamatan: KECAMATAN,
      otherKecamatan,
      kelurahan: KELURAHAN,
      otherKelurahan: otherKelurahanSameKecamatan,
      rt: rtInKelurahan,
      householdInKelurahan: KELURAHAN,
      householdElsewhere: `${otherKecamatan}.x`,
      proposalInKelurahan: KELURAHAN,
    };
    const ids: Partial<Record<Place, number>> = { householdInKelurahan, householdElsewhere, proposalInKelurahan };
    return { at: String(ids[place] ?? codes[place]), scopeCode: codes[place] };
  };
  /** Asks one row's question; first checks that the place found on this server lies where the row's name says. */
  async function ask({ who, method, route, body, place }: AccessRow): Promise<Answer> {
    const { at, scopeCode } = place ? where(place) : { at: "", scopeCode: "" };
    if (place && who !== "anonim" && who !== "layar")
      expect(covers(who, scopeCode), `${who} holds ${scopeCode}`).toBe(holds(who, place));
    const filled =
      body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace('"{}"', JSON.stringify(at)));
    return call(who, method, route(at), filled === undefined ? {} : jsonBody(filled));
  }

  /** Asks one row's question and checks the answer against the row. */
  async function answers(access: AccessRow) {
    const answer = await ask(access);
    if (access.expected !== undefined) expect(answer.status, answer.text.slice(0, 200)).toBe(access.expected);
    if (access.location) {
      const location = access.location(access.route(access.place ? where(access.place).at : ""));
      if (access.locationContains) expect(answer.location).toContain(location);
      else expect(answer.location).toBe(location);
    }
  }

  it("asks the access matrix of 8 callers about 6 areas × 8 data routes and 2 households", () => {
    expect(DATA_ROWS).toHaveLength(8 * (AREAS.length * (AREA_ROUTES.length + 1) + 2));
    expect(new Set(DATA_ROWS.map((r) => r.name)).size).toBe(DATA_ROWS.length);
  });

  it.for(DATA_ROWS)("$name", answers);

  it("limits outlines, tiles and search results to the account's areas, and gives the wall screen's account none of them", async () => {
    for (const role of READING_ROLES) {
      const outlines = JSON.parse((await call(role, "GET", "/api/boundaries/kelurahan")).text);
      const codes: string[] = outlines.features.map((f: { properties: { code: string } }) => f.properties.code);
      expect(codes.length, role).toBeGreaterThan(0);
      expect(
        codes.every((code) => covers(role, code)),
        role,
      ).toBe(true);

      const response = await fetch(`${app.baseUrl}/api/tiles/kelurahan/9/422/256?${WINDOW}`, {
        headers: { cookie: cookies[role]! },
      });
      expect(response.status, role).toBe(200);
      const layer = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer()))).layers.kelurahan!;
      const tileCodes = Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.code));
      expect(tileCodes.length, role).toBeGreaterThan(0);
      expect(
        tileCodes.every((code) => covers(role, code)),
        role,
      ).toBe(true);

      if (!SEARCHERS.includes(role)) continue;
      const hits = JSON.parse(
        (await call(role, "POST", "/api/search", jsonBody({ by: "nama", q: nameInKelurahan }))).text,
      ).hits as Array<{ kelurahan_code: string }>;
      expect(hits.length, role).toBeGreaterThan(0);
      expect(
        hits.every((hit) => covers(role, hit.kelurahan_code)),
        role,
      ).toBe(true);
    }
    for (const route of [
      "/api/boundaries/kelurahan",
      "/api/boundaries/rt",
      "/api/tiles/kelurahan/9/422/256",
      "/api/tiles/rumah-tangga/16/53720/32787",
    ]) {
      expect((await call("layar", "GET", route)).status, route).toBe(403);
    }
    expect((await call("layar", "POST", "/api/search", jsonBody({ by: "nama", q: "siti" }))).status).toBe(403);
    expect((await call("anonim", "GET", "/api/boundaries/kelurahan")).status).toBe(401);
    expect((await call("anonim", "GET", "/api/tiles/kelurahan/9/422/256")).status).toBe(401);
  });

  it.for(ADMIN_ROWS)("$name", answers);

  it("searches by POST and whole NIKs only, refuses pimpinan, limits and logs NIK searches: the reconstruction of issue 14 fails", async () => {
    const search = (who: Caller, body: unknown) => call(who, "POST", "/api/search", jsonBody(body));
    // A NIK of a household in another kecamatan than the camat's, learnt here through the admin's logged reveal.
    const revealed = JSON.parse((await call("admin", "POST", `/api/households/${householdElsewhere}/nik`)).text) as {
      members: Array<{ nik: string | null }>;
    };
    const nik = revealed.members.map((m) => m.nik).find((n): n is string => n !== null && /^\d{16}$/.test(n))!;
    const masked = `${nik.slice(0, 4)}${"*".repeat(12)}`;

    // A search in a URL is refused before it is read.
    const get = await call("lurah", "GET", `/api/search?q=${nik}`);
    expect([get.status, get.text.includes(nik)]).toEqual([405, false]);
    expect(JSON.parse(get.text).error).toMatch(/POST/);
    // Pimpinan may not search at all (the original attack ran as pimpinan), nor open the page, nor see its link.
    for (const body of [
      { by: "nik", q: nik },
      { by: "kk", q: nik },
      { by: "nama", q: "siti" },
    ])
      expect((await search("pimpinan", body)).status, body.by).toBe(403);
    expect((await call("pimpinan", "GET", "/peta")).text).not.toContain('href="/cari"');
    expect((await call("lurah", "GET", "/peta")).text).toContain('href="/cari"');
    // The attack learnt the serial a digit at a time through substring searches; every one is now a 400 on q.
    const known = nik.slice(0, 12);
    for (let digit = 0; digit <= 9; digit++) {
      for (const by of ["nik", "nama"]) {
        const answer = await search("camat", { by, q: `${known.slice(4)}${digit}` });
        expect([answer.status, Object.keys(JSON.parse(answer.text).fields ?? {})], `${by} ${digit}`).toEqual([
          400,
          ["q"],
        ]);
      }
    }
    // The whole NIK finds the member for an account whose area holds it, masked to the region prefix; outside the area, nothing.
    const found = JSON.parse((await search("admin", { by: "nik", q: nik })).text) as {
      hits: Array<{ household_id: number; nik: string }>;
    };
    expect(found.hits.map((h) => h.household_id)).toContain(householdElsewhere);
    expect(found.hits.every((h) => h.nik === masked)).toBe(true);
    expect(JSON.parse((await search("camat", { by: "nik", q: nik })).text).hits).toEqual([]);

    // Guessing the serial exactly, even within one's own area, stops at 30 an hour: the right guess after 30 wrong ones is a 429.
    const created = await call(
      "admin",
      "POST",
      "/api/admin/users",
      jsonBody({ username: "uji-cari", role: "camat", areaCodes: [otherKecamatan], password: "Samarinda-Kota-2026" }),
    );
    expect(created.status, created.text).toBe(201);
    const guesser = await signIn(app.baseUrl, "uji-cari", "Samarinda-Kota-2026");
    const guess = (q: string) =>
      fetch(`${app.baseUrl}/api/search`, {
        method: "POST",
        headers: { cookie: guesser, origin: app.baseUrl, "content-type": "application/json" },
        body: JSON.stringify({ by: "nik", q }),
      });
    const serial = Number(nik.slice(12));
    const wrongSerials = Array.from({ length: 31 }, (_, i) => i + 1)
      .filter((s) => s !== serial)
      .slice(0, 30);
    for (const wrong of wrongSerials)
      expect((await guess(`${known}${String(wrong).padStart(4, "0")}`)).status, String(wrong)).toBe(200);
    const limited = await guess(nik);
    const refusal = (await limited.json()) as { error: string };
    expect([limited.status, refusal.error]).toEqual([
      429,
      expect.stringMatching(
        /^Batas 30 pencarian NIK atau No\. KK per jam sudah tercapai\. Coba lagi setelah .+ WITA\.$/,
      ),
    ]);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(3000);
    expect(JSON.stringify(refusal)).not.toContain(nik);

    // Every search is in the audit log with the masked number, never the full one.
    const log = JSON.parse((await call("admin", "GET", "/api/admin/audit?action=search&username=uji-cari")).text) as {
      total: number;
      rows: Array<{ detail: { kind: string; nik: string } }>;
    };
    expect(log.total).toBe(30);
    expect(log.rows.every((r) => r.detail.kind === "nik" && r.detail.nik === masked)).toBe(true);
    const held = JSON.parse(
      (await call("admin", "GET", "/api/admin/audit?action=search_limited&username=uji-cari")).text,
    ) as { total: number };
    expect(held.total).toBe(1);
    const all = (await call("admin", "GET", "/api/admin/audit/export")).text;
    expect(all).not.toContain(nik);
  });

  /**
   * A newer DTKS file (posted by admin) changes a household's desil, so the household keeps its
   * former state — No. KK and every member's NIK, name and birth date — in its history.
   * Returns the members' names and NIKs as they were.
   */
  async function changeThroughDtksImport(id: number): Promise<Array<{ name: string; nik: string | null }>> {
    const household = JSON.parse((await call("admin", "GET", `/api/households/${id}?${WINDOW}`)).text);
    const revealed = JSON.parse((await call("admin", "POST", `/api/households/${id}/nik`)).text) as {
      no_kk: string | null;
      members: Array<{ name: string; nik: string | null }>;
    };
    const field = (value: string | number | null) => `"${String(value ?? "").replace(/"/g, '""')}"`;
    const desil = household.desil === 1 ? 2 : 1;
    const lines = revealed.members.map((m) =>
      [household.dtks_id, revealed.no_kk, m.nik, m.name, household.declared_kelurahan_code, desil].map(field).join(","),
    );
    const form = new FormData();
    form.set(
      "file",
      new File([`id_dtks,no_kk,nik,nama,kode_kelurahan,desil\n${lines.join("\n")}\n`], "dtks-perubahan.csv", {
        type: "text/csv",
      }),
    );
    const { status, body: report } = await importThroughJob(app.baseUrl, cookies.admin!, "/api/import/dtks", form);
    expect([status, report.changedHouseholds], JSON.stringify(report).slice(0, 300)).toEqual([200, 1]);
    return revealed.members;
  }

  /** A recipient list with one row refused (an unknown kelurahan) that carries a full NIK; its batch and job. */
  async function importWithRefusedRow(): Promise<{ batchId: number; jobId: string }> {
    const form = new FormData();
    form.set(
      "file",
      new File(
        [
          `nik,program,periode,nominal,kode_kelurahan\n6472051708850003,PKH,2025-10,1,64.72.05.9999\n6472051708850003,PKH,2025-10,1,${KELURAHAN}\n`,
        ],
        "penerima-sebagian.csv",
        { type: "text/csv" },
      ),
    );
    const {
      status,
      body: report,
      job,
    } = await importThroughJob(app.baseUrl, cookies.admin!, "/api/import/penerima", form);
    expect([status, report.rejectionCount], JSON.stringify(report).slice(0, 300)).toEqual([200, 1]);
    return { batchId: report.batchId as number, jobId: job!.id };
  }

  it("never sends a full NIK to any role on any route or page, household history included, and pimpinan no person at all", async () => {
    const members = await changeThroughDtksImport(householdInKelurahan);
    const { batchId: partialBatch, jobId } = await importWithRefusedRow();
    // An import job is its own account's: another importer does not find it, other roles may not ask.
    expect((await call("dinsos", "GET", `/api/import/jobs/${jobId}`)).status).toBe(404);
    expect((await call("lurah", "GET", `/api/import/jobs/${jobId}`)).status).toBe(403);
    expect(members.some((m) => m.nik && FULL_NIK.test(m.nik))).toBe(true);
    const household = `/api/households/${householdInKelurahan}?${WINDOW}`;
    expect(JSON.parse((await call("admin", "GET", household)).text).history.length).toBeGreaterThan(0);

    const city = tileAt(117.15, -0.5, 12);
    const street = tileAt(117.15, -0.5, 15);
    const routes = [
      "/api/health",
      ...["kecamatan", "kelurahan", "rt"].map((level) => `/api/boundaries/${level}`),
      ...[CITY, KELURAHAN].flatMap((code) => [
        `/api/areas/${code}/summary?${WINDOW}`,
        `/api/areas/${code}/overlap?${WINDOW}`,
        `/api/areas/${code}/trend?${WINDOW}`,
        ...["stacked", "conflicting", "uncovered", "errors", "all"].map(
          (list) => `/api/areas/${code}/households?list=${list}&${WINDOW}`,
        ),
        `/api/areas/${code}/households/export?list=errors&format=csv&${WINDOW}`,
        `/api/areas/${code}/households/export?list=all&format=xlsx&${WINDOW}`,
        `/api/areas/${code}/households/export?list=stacked&format=xlsx&${WINDOW}`,
        ...["csv", "xlsx", "geojson"].map((format) => `/api/areas/${code}/export?format=${format}&${WINDOW}`),
      ]),
      household,
      `/api/tiles/kelurahan/9/422/256?${WINDOW}`,
      `/api/tiles/rt/${city.z}/${city.x}/${city.y}?${WINDOW}`,
      `/api/tiles/rumah-tangga/${city.z}/${city.x}/${city.y}?${WINDOW}`,
      `/api/tiles/rumah-tangga/${street.z}/${street.x}/${street.y}?${WINDOW}`,
      "/api/layar",
      "/api/admin/users",
      "/api/admin/audit",
      "/api/admin/audit/export",
      "/",
      "/peta",
      "/wilayah",
      `/wilayah/${CITY}?${WINDOW}`,
      `/wilayah/${KELURAHAN}?${WINDOW}`,
      ...["stacked", "errors", "all"].map((list) => `/wilayah/${KELURAHAN}/rumah-tangga?daftar=${list}&${WINDOW}`),
      `/wilayah/${KELURAHAN}/kunjungan?${WINDOW}`,
      "/rapor",
      `/rapor?wilayah=${KELURAHAN}`,
      `/wilayah/${KELURAHAN}/laporan?${WINDOW}`,
      `/wilayah/${CITY}/laporan?${WINDOW}&indikator=conflicting`,
      `/rumah-tangga/${householdInKelurahan}?${WINDOW}`,
      "/cari",
      "/layar",
      "/akun",
      "/istilah",
      "/tidak-ada",
      "/impor",
      "/admin/pengguna",
      "/admin/audit",
      "/admin/aturan",
      "/admin/peta-dasar",
      "/api/admin/peta-dasar",
      "/api/peta-dasar/12/3381/2053",
      "/akses-ditolak",
      "/tugas",
      `/usulan/${proposalInKelurahan}`,
      `/usulan/baru?rumah_tangga=${householdInKelurahan}&jenis=perubahan`,
      "/usulan/baru?jenis=baru",
      "/api/usulan",
      `/api/usulan/${proposalInKelurahan}`,
      "/api/saran",
      "/api/usulan/peta",
      "/api/usulan/ekspor?format=csv",
      "/api/usulan/ekspor?format=xlsx",
      "/api/muskel",
      "/muskel",
      "/api/sasaran",
      `/api/sasaran/${scenario}`,
      `/api/sasaran/${scenario}/rumah-tangga`,
      `/api/sasaran/${scenario}/ekspor?format=csv`,
      `/api/sasaran/${scenario}/ekspor?format=xlsx`,
      `/api/sasaran/bandingkan?a=${scenario}&b=${scenario}`,
      "/api/sasaran/ditetapkan",
      "/sasaran",
      `/sasaran?lihat=${scenario}`,
      `/sasaran?a=${scenario}&b=${scenario}`,
      "/api/tautan?limit=100",
      "/api/tautan?kind=ganda&limit=100",
      "/tautan",
      "/tautan?jenis=ganda",
      "/api/rilis",
      "/api/import/pemetaan",
      "/impor/riwayat",
      `/impor/riwayat/${partialBatch}`,
      "/api/import/riwayat",
      `/api/import/riwayat/${partialBatch}`,
      `/api/import/riwayat/${partialBatch}/ditolak`,
      "/api/import/jobs",
      `/api/import/jobs/${jobId}`,
      ...[CITY, KELURAHAN].flatMap((code) => [
        `/api/areas/${code}/rilis?${RELEASES}`,
        ...["dicabut_masih_dibayar", "layak_belum_menerima"].map(
          (list) => `/api/areas/${code}/rilis/rumah-tangga?list=${list}&${RELEASES}`,
        ),
      ]),
      `/rilis?wilayah=${CITY}`,
      `/rilis?wilayah=${KELURAHAN}&daftar=layak_belum_menerima`,
    ];
    const names = members.map((m) => m.name);
    const leaks: string[] = [];
    for (const who of ROLES) {
      for (const route of routes) {
        const response = await fetch(`${app.baseUrl}${route}`, {
          headers: { cookie: cookies[who]! },
          redirect: "manual",
        });
        const type = response.headers.get("content-type") ?? "";
        const bytes = new Uint8Array(await response.arrayBuffer());
        let text: string;
        if (type.includes("vector-tile")) {
          const layers = bytes.length ? Object.values(new VectorTile(new PbfReader(bytes)).layers) : [];
          text = JSON.stringify(
            layers.flatMap((layer) => Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties)),
          );
        } else if (type.includes("spreadsheetml")) {
          text = JSON.stringify(readTable("daftar.xlsx", bytes));
        } else {
          text = new TextDecoder().decode(bytes);
        }
        if (response.status >= 500) leaks.push(`${who} ${route}: ${response.status}`);
        const nik = FULL_NIK.exec(text)?.[0];
        if (nik) leaks.push(`${who} ${route}: ${nik}`);
        // Pimpinan works with aggregates: not even the names of the changed household's members.
        if (who === "pimpinan" && names.some((name) => text.includes(name)))
          leaks.push(`${who} ${route}: a member's name`);
      }
      if (PLANNERS.includes(who)) {
        const counted = await call(
          who,
          "POST",
          "/api/sasaran/hitung",
          jsonBody({ program: "SAMARINDA-PEDULI", quota: { total: 50 } }),
        );
        expect(counted.status, `${who} sasaran/hitung`).toBe(200);
        expect(FULL_NIK.exec(counted.text)?.[0], `${who} sasaran/hitung`).toBeUndefined();
        // Pimpinan sees the figures of a scenario, never its households.
        expect("households" in JSON.parse(counted.text), who).toBe(who !== "pimpinan");
      }
      if (!SEARCHERS.includes(who)) continue;
      for (const body of [
        { by: "nama", q: nameInKelurahan },
        { by: "nama", q: nameInKelurahan, area: KELURAHAN },
      ]) {
        const answer = await call(who, "POST", "/api/search", jsonBody(body));
        expect(answer.status, `${who} search ${JSON.stringify(body)}`).toBe(200);
        expect(FULL_NIK.exec(answer.text)?.[0], `${who} search ${JSON.stringify(body)}`).toBeUndefined();
      }
    }
    expect(leaks).toEqual([]);
    for (const who of READING_ROLES) {
      const [api, page] = [
        await call(who, "GET", household),
        await call(who, "GET", `/rumah-tangga/${householdInKelurahan}?${WINDOW}`),
      ];
      expect([api.status, page.status], who).toEqual([200, 200]);
      const answer = JSON.parse(api.text);
      expect(answer.history.length, who).toBeGreaterThan(0);
      if (who === "pimpinan") {
        expect([answer.members, answer.no_kk, answer.history[0].previous.members], who).toEqual([
          undefined,
          undefined,
          undefined,
        ]);
        expect(page.text).toContain(`Anggota: ${answer.member_count} orang`);
      } else {
        expect(
          answer.history[0].previous.members.map((m: { name: string }) => m.name),
          who,
        ).toEqual(names);
      }
    }
    // Every read of a household, page or API, is logged with the account and the household, never a NIK.
    const reads = JSON.parse((await call("admin", "GET", "/api/admin/audit?action=household_read")).text)
      .rows as Array<{ username: string; entity_id: string }>;
    for (const who of READING_ROLES)
      expect(
        reads.filter((r) => r.username === who && r.entity_id === String(householdInKelurahan)).length,
        who,
      ).toBeGreaterThanOrEqual(2);
    expect(FULL_NIK.exec(JSON.stringify(reads))?.[0]).toBeUndefined();
    // The reveal is the one way to a full NIK, and it is logged.
    const revealed = JSON.parse((await call("operator", "POST", `/api/households/${householdInKelurahan}/nik`)).text);
    expect(revealed.members.some((m: { nik: string | null }) => m.nik && FULL_NIK.test(m.nik))).toBe(true);
    const audit = JSON.parse((await call("admin", "GET", "/api/admin/audit?action=nik_reveal&username=operator")).text);
    expect(audit.rows.some((r: { entity_id: string }) => r.entity_id === String(householdInKelurahan))).toBe(true);
  });

  it.for(PAGE_ROWS)("$name", answers);

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
    const post = (route: string) =>
      fetch(`${app.baseUrl}${route}`, {
        method: "POST",
        headers: { cookie, origin: app.baseUrl, "content-type": "application/json" },
        body: "{}",
      });
    expect((await post("/api/auth/password")).status).toBe(403);
    expect((await post("/api/auth/logout")).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/layar`, { headers: { cookie } })).status).toBe(401);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("refuses state changes from another site, and ends a session on logout", async () => {
    const lurah = await signIn(app.baseUrl, "lurah");
    const post = (route: string, origin: string) =>
      fetch(`${app.baseUrl}${route}`, {
        method: "POST",
        headers: { cookie: lurah, origin, "content-type": "application/json" },
        body: "{}",
      });
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
      body: JSON.stringify({
        username: "uji-kunci",
        role: "lurah",
        areaCodes: [KELURAHAN],
        password: "Sungai-Siring-2026",
      }),
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

  it("checks at most five passwords of 20 parallel logins, and logs the connection's address whatever X-Forwarded-For says", async () => {
    const created = await call("admin", "POST", "/api/admin/users", {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: "uji-serbu",
        role: "lurah",
        areaCodes: [KELURAHAN],
        password: "Sungai-Siring-2026",
      }),
    });
    expect(created.status, created.text).toBe(201);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const response = await fetch(`${app.baseUrl}/api/auth/login`, {
          method: "POST",
          headers: {
            origin: app.baseUrl,
            "content-type": "application/json",
            "x-forwarded-for": `198.51.100.${i}`,
            "x-real-ip": `198.51.100.${i}`,
          },
          body: JSON.stringify({ username: "uji-serbu", password: `tebakan-${i}` }),
        });
        return response.status;
      }),
    );
    expect(statuses.sort()).toEqual([...Array(4).fill(401), ...Array(16).fill(429)]);
    const log: { rows: Array<{ action: string; ip: string; detail: { reason?: string } | null }> } = JSON.parse(
      (await call("admin", "GET", "/api/admin/audit?username=uji-serbu")).text,
    );
    expect(log.rows.filter((r) => r.detail?.reason === "kata sandi salah")).toHaveLength(5);
    expect(new Set(log.rows.filter((r) => r.action !== "user_create").map((r) => r.ip))).toEqual(
      new Set(["127.0.0.1"]),
    );
  });

  it("sends security headers on a page and an API answer, and keeps personal data out of every cache", async () => {
    // A forwarded scheme counts only from a trusted proxy (none here), so no HSTS over plain HTTP.
    const headers = { cookie: cookies.lurah!, "x-forwarded-proto": "https" };
    const answers = {
      page: await fetch(`${app.baseUrl}/wilayah/${KELURAHAN}`, { headers }),
      api: await fetch(`${app.baseUrl}/api/areas/${KELURAHAN}/summary?${WINDOW}`, { headers }),
    };
    for (const [name, response] of Object.entries(answers)) {
      expect(response.status, name).toBe(200);
      const csp = response.headers.get("content-security-policy") ?? "";
      for (const directive of [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "connect-src 'self'",
      ])
        expect(csp, name).toContain(directive);
      expect(response.headers.get("x-content-type-options"), name).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), name).toBe("same-origin");
      expect(response.headers.get("cache-control"), name).toContain("no-store");
      expect(response.headers.get("strict-transport-security"), name).toBeNull();
    }
  });

  it("answers the /favicon.ico a browser asks for on its own with the app's icon, to anyone", async () => {
    const favicon = await fetch(`${app.baseUrl}/favicon.ico`);
    const icon = await fetch(`${app.baseUrl}/icon.svg`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get("content-type")).toContain("image/svg+xml");
    expect(await favicon.text()).toBe(await icon.text());
  });

  it("answers a malformed session cookie as no session, and refuses an origin of another scheme or a forwarded host", async () => {
    const malformed = "tepat_sesi=%E0%A4%A";
    expect(
      (await fetch(`${app.baseUrl}/api/areas/${KELURAHAN}/summary`, { headers: { cookie: malformed } })).status,
    ).toBe(401);
    const page = await fetch(`${app.baseUrl}/wilayah/${KELURAHAN}`, {
      headers: { cookie: malformed },
      redirect: "manual",
    });
    expect([page.status, page.headers.get("location")]).toEqual([
      307,
      `/masuk?lanjut=${encodeURIComponent(`/wilayah/${KELURAHAN}`)}`,
    ]);

    // The password route answers 400 to an empty body once past the origin check, 403 before it.
    const post = (headers: Record<string, string>) =>
      fetch(`${app.baseUrl}/api/auth/password`, {
        method: "POST",
        headers: { cookie: cookies.lurah!, "content-type": "application/json", ...headers },
        body: "{}",
      });
    expect((await post({ origin: app.baseUrl })).status).toBe(400);
    const https = app.baseUrl.replace(/^http:/, "https:");
    expect((await post({ origin: https })).status).toBe(403);
    expect((await post({ origin: https, "x-forwarded-proto": "https" })).status).toBe(403);
    expect((await post({ origin: "http://evil.example", "x-forwarded-host": "evil.example" })).status).toBe(403);
  });

  it("logs refusals (403) and areas outside the account's scope (404), on routes and pages", async () => {
    expect((await call("lurah", "GET", `/api/areas/${otherKecamatan}/summary?${WINDOW}`)).status).toBe(404);
    const outside = await call("lurah", "GET", `/wilayah/${otherKecamatan}`);
    expect(outside.status).toBe(404);
    // The app's own 404, in Bahasa Indonesia, the same for an unknown page as for one out of scope.
    expect(outside.text).toContain("Halaman tidak ditemukan");
    expect(outside.text).not.toContain("could not be found");
    const unknown = await call("lurah", "GET", "/tidak-ada");
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("Halaman tidak ditemukan");
    expect((await call("lurah", "GET", "/api/admin/users")).status).toBe(403);
    expect((await call("lurah", "GET", "/admin/aturan")).location).toBe("/akses-ditolak");
    const entries = async (action: string) =>
      (
        JSON.parse((await call("admin", "GET", `/api/admin/audit?username=lurah&action=${action}`)).text)
          .rows as Array<{ ip: string; detail: { path: string } }>
      ).map((r) => [r.detail.path, r.ip]);
    expect(await entries("not_found")).toEqual(
      expect.arrayContaining([
        [`/api/areas/${otherKecamatan}/summary`, "127.0.0.1"],
        [`/wilayah/${otherKecamatan}`, "127.0.0.1"],
      ]),
    );
    expect(await entries("access_denied")).toEqual(
      expect.arrayContaining([
        ["/api/admin/users", "127.0.0.1"],
        ["/admin/aturan", "127.0.0.1"],
      ]),
    );
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
      const map = (
        window as unknown as {
          __tepatMap: {
            queryRenderedFeatures(o: { layers: string[] }): Array<{ properties: Record<string, unknown> }>;
          };
        }
      ).__tepatMap;
      return [
        ...new Set(
          map
            .queryRenderedFeatures({ layers: ["kelurahan-fill", "choropleth-kelurahan"] })
            .map((f) => String(f.properties.code)),
        ),
      ];
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
