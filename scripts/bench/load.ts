import autocannon from "autocannon";

import { DEMO_ACCOUNTS, DEMO_PASSWORD, SESSION_COOKIE, type UserRole } from "@/lib/access";
import { addMonths } from "@/lib/analytics";
import { Random } from "@/lib/demo";

import type { AppProcess } from "../app-process";

/** One kind of read the load mixes, as the pages ask it. */
type ReadKind = "ringkasan" | "ubin" | "daftar" | "cari" | "layar";

/** What a connection remembers of the read it sent last. */
interface ReadContext {
  kind?: ReadKind;
  sentAt?: number;
}

export interface LoadFigures {
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Connection errors and timeouts, and answers of 5xx: the goal is none. */
  errors: number;
  timeouts: number;
  serverErrors: number;
  /** Answers other than 2xx (a 4xx would mean the mix asked what a role may not). */
  non2xx: number;
  /** Those answers by kind of read and status, e.g. "ubin 404". */
  non2xxBy: Record<string, number>;
  byKind: Record<ReadKind, number>;
  /** The p95 of each kind's answers, in milliseconds (from the request's setup to its answer). */
  p95ByKind: Record<ReadKind, number>;
}

/** The areas each demo role may read, city first (the demo's scopes, lib/access/demo-accounts). */
const AREAS: Record<Exclude<UserRole, "layar">, string[]> = {
  admin: ["64.72", "64.72.05", "64.72.01", "64.72.05.1004", "64.72.01.1001"],
  dinsos: ["64.72", "64.72.05", "64.72.02", "64.72.05.1004", "64.72.02.1002"],
  pimpinan: ["64.72", "64.72.05", "64.72.03", "64.72.05.1004"],
  camat: ["64.72.05", "64.72.05.1004", "64.72.05.1002"],
  lurah: ["64.72.05.1004"],
  operator: ["64.72.05.1004"],
};

/** Tiles of a pan across the city at zooms 12–15, each of the layer the map asks there. */
function panTiles(): string[] {
  const tiles: string[] = [];
  for (let z = 12; z <= 15; z++) {
    const n = 2 ** z;
    const layer = z <= 13 ? "kelurahan" : z === 14 ? "rt" : "rumah-tangga";
    for (let step = 0; step < 6; step++) {
      const lon = 117.1 + step * 0.02;
      const lat = -0.5 + step * 0.005;
      const x = Math.floor(((lon + 180) / 360) * n);
      const rad = (lat * Math.PI) / 180;
      const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
      tiles.push(`/api/tiles/${layer}/${z}/${x}/${y}`);
    }
  }
  return tiles;
}

async function signIn(app: AppProcess, username: string): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.baseUrl },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!response.ok || !token) throw new Error(`login ${username}: HTTP ${response.status}`);
  return `${SESSION_COOKIE}=${token}`;
}

/**
 * `connections` connections for `seconds` seconds of mixed reads against a running app, signed in
 * as every demo role in turn: area summaries of random areas in the role's scope and random
 * windows (from a pool of eight, as people compare the same few periods), tiles along a pan,
 * household lists and name search (the roles that see persons), and the wall screen's one route.
 * Bounded and local: the app listens on 127.0.0.1 only.
 */
export async function loadTest(
  app: AppProcess,
  { latest, connections = 100, seconds = 60 }: { latest: string; connections?: number; seconds?: number },
): Promise<LoadFigures> {
  const cookies = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) cookies.set(account.username, await signIn(app, account.username));
  const windows = [
    "",
    ...[3, 6, 12, 24, 36, 1, 18].map((months, i) => {
      const to = addMonths(latest, -i);
      return `from=${addMonths(to, 1 - months)}&to=${to}`;
    }),
  ];
  const tiles = panTiles();
  const random = new Random(2026);
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const byKind: Record<ReadKind, number> = { ringkasan: 0, ubin: 0, daftar: 0, cari: 0, layar: 0 };

  const nextRequest = (request: autocannon.Request, context: ReadContext): autocannon.Request => {
    const next = nextRead(request);
    context.kind = next.kind;
    context.sentAt = performance.now();
    byKind[next.kind]++;
    return next.request;
  };
  const nextRead = (request: autocannon.Request): { kind: ReadKind; request: autocannon.Request } => {
    const account = pick(DEMO_ACCOUNTS);
    const headers = { cookie: cookies.get(account.username)!, origin: app.baseUrl };
    if (account.role === "layar")
      return { kind: "layar", request: { ...request, method: "GET", path: "/api/layar", headers } };
    const area = pick(AREAS[account.role]);
    const window = pick(windows);
    const seesPersons = account.role !== "pimpinan";
    const roll = random.int(0, 9);
    if (roll < 4) {
      return {
        kind: "ringkasan",
        request: { ...request, method: "GET", path: `/api/areas/${area}/summary?${window}`, headers },
      };
    }
    if (roll < 7)
      return { kind: "ubin", request: { ...request, method: "GET", path: `${pick(tiles)}?${window}`, headers } };
    if (roll < 9 || !seesPersons) {
      const list = pick(["stacked", "uncovered", "errors", "all"]);
      return {
        kind: "daftar",
        request: {
          ...request,
          method: "GET",
          path: `/api/areas/${area}/households?list=${list}&page=${random.int(1, 3)}&${window}`,
          headers,
        },
      };
    }
    return {
      kind: "cari",
      request: {
        ...request,
        method: "POST",
        path: "/api/search",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ by: "nama", q: pick(["siti", "ahmad", "budi", "nur", "rahmat"]), area }),
      },
    };
  };
  const non2xxBy: Record<string, number> = {};
  const kindLatencies: Record<ReadKind, number[]> = { ringkasan: [], ubin: [], daftar: [], cari: [], layar: [] };
  const onResponse = (status: number, _body: string, context: ReadContext) => {
    if (context.kind && context.sentAt !== undefined)
      kindLatencies[context.kind].push(performance.now() - context.sentAt);
    if (status >= 200 && status < 300) return;
    const key = `${context.kind ?? "?"} ${status}`;
    non2xxBy[key] = (non2xxBy[key] ?? 0) + 1;
  };

  const latencies: number[] = [];
  let serverErrors = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: app.baseUrl,
        connections,
        duration: seconds,
        timeout: 30,
        requests: [{ setupRequest: nextRequest, onResponse }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (statusCode >= 500) serverErrors++;
    });
  });
  const at = (p: number, values = latencies) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  };
  return {
    connections,
    seconds,
    requests: result.requests.total,
    perSecond: result.requests.average,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: result.errors,
    timeouts: result.timeouts,
    serverErrors,
    non2xx: result.non2xx,
    non2xxBy,
    byKind,
    p95ByKind: Object.fromEntries(
      Object.entries(kindLatencies).map(([kind, values]) => [kind, at(0.95, values)]),
    ) as Record<ReadKind, number>,
  };
}
