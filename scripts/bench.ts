import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import postgres from "postgres";
import { z } from "zod";

import { DEMO_PASSWORD, SESSION_COOKIE } from "@/lib/access";
import type { HouseholdList } from "@/lib/analytics";
import { contextOf } from "@/lib/context";
import {
  dropScratchDatabase,
  migrateDatabase,
  openPglite,
  openPostgres,
  type DatabaseHandle,
  type Engine,
} from "@/lib/db";
import { SAMARINDA_CODE, seedDemoCity } from "@/lib/demo";
import { env } from "@/lib/env";
import { rootMessage, UserError } from "@/lib/errors";
import { formatDecimal, formatInteger } from "@/lib/format";
import { IMPORT_STEP_LABELS } from "@/lib/imports";

import { spawnApp, waitForOk, type AppProcess } from "./app-process";
import { benchData, DATA_BENCH_STEPS, type DataBenchResult, type DataBenchStep } from "./bench/data";
import { measureLinkage, printLinkage, timeLinkage, timeWholeLinkage } from "./bench/linkage";
import { loadTest } from "./bench/load";
import { pageWeights } from "./bench/page-weight";
import { runCli } from "./run";

// npm run bench -- [--households 42124,1000000,5000000] [--engines pglite,postgres] [--runs N] [--skip-start]
// npm run bench -- --load 60 [--engines …]: the built app under 100 connections for 60 s of mixed
// reads as every role (autocannon, 127.0.0.1), on a fresh demo city per engine.
// npm run bench -- --linkage [--households 42124] [--engines …]: record linkage alone (precision and
// recall on 10,000 list rows with known truth; on the server, a 100,000-row list timed).
// Data figures (seed, imports against plain COPY, spatial join against its floor) per engine and
// register size, then start-up and request latency of the built app. Prints; asserts nothing.
// The server runs need BENCH_DATABASE_URL (or DATABASE_URL): a PostGIS database to clone.

const REQUESTS = 100;
/** Registers larger than this get three months of recipient lists instead of seven years. */
const FULL_HISTORY_LIMIT = 100_000;

const benchArgs = z.object({
  households: z
    .string()
    .default("42124")
    .transform((text) => text.split(",").map(Number))
    .refine(
      (sizes) => sizes.every((n) => Number.isInteger(n) && n > 0 && n <= 5_000_000),
      "--households: daftar bilangan 1 s.d. 5.000.000, dipisah koma",
    ),
  engines: z
    .string()
    .default("pglite,postgres")
    .transform((text) => text.split(","))
    .pipe(z.array(z.enum(["pglite", "postgres"]), { error: "--engines: pglite dan/atau postgres" })),
  runs: z.coerce.number().int().min(1).max(10).default(3),
  skipStart: z.boolean().default(false),
  linkage: z.boolean().default(false),
  steps: z
    .string()
    .optional()
    .transform((text) => text?.split(","))
    .pipe(
      z
        .array(z.enum(DATA_BENCH_STEPS.filter((step) => step !== "seed") as [DataBenchStep, ...DataBenchStep[]]), {
          error: `--steps: satu atau lebih dari ${DATA_BENCH_STEPS.filter((step) => step !== "seed").join(", ")}, dipisah koma`,
        })
        .optional(),
    ),
  load: z.coerce.number().int().min(5).max(600).optional(),
});

const STEP_LABELS: Record<DataBenchStep, string> = {
  seed: "seed data contoh",
  summary: "ringkasan cakupan",
  afterWrite: "ringkasan sesudah tulisan kecil (daftar satu bulan, DTKS satu kelurahan)",
  lists: "daftar rumah tangga",
  targeting: "skenario sasaran",
  tiles: "ubin vektor",
  join: "gabung spasial",
  dtks: "impor DTKS dan COPY polos",
  during: "ringkasan dan ubin selama impor DTKS kedua",
  recipients: "impor penerima dan COPY polos",
};

const LIST_NAMES: Record<HouseholdList, string> = {
  stacked: "bertumpuk",
  conflicting: "melanggar aturan",
  uncovered: "layak belum menerima",
  errors: "kesalahan inklusi",
  all: "semua rumah tangga",
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(app: AppProcess, urlPath: string, cookie: string): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}${urlPath}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`GET ${urlPath}: HTTP ${response.status}`);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/**
 * The first page a person gets, the login page, asked from the start as a browser would; then
 * healthy, whose check is the first call of PostGIS (its library loads then, not at the start).
 */
async function timedStart(
  processEnv: NodeJS.ProcessEnv,
): Promise<{ app: AppProcess; healthMs: number; firstPageMs: number }> {
  const app = await spawnApp(processEnv);
  const firstPageMs = await waitForOk(app, "/masuk");
  const healthMs = firstPageMs + (await waitForOk(app, "/api/health"));
  return { app, healthMs, firstPageMs };
}

/** The session cookie of a demo account (the seed made them), for the timed requests. */
async function demoSession(app: AppProcess): Promise<string> {
  const response = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.baseUrl },
    body: JSON.stringify({ username: "admin", password: DEMO_PASSWORD }),
  });
  const token = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(response.headers.get("set-cookie") ?? "")?.[1];
  if (!response.ok || !token) throw new Error(`login admin: HTTP ${response.status}`);
  return `${SESSION_COOKIE}=${token}`;
}

const ms = (value: number) => `${formatInteger(value)} ms`;
const perSecond = (rows: number, millis: number) => `${formatInteger(rows / (millis / 1000))} baris/detik`;
const ratio = (value: number) =>
  `${value.toLocaleString("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}×`;

/** A scratch database for one server run, cloned from a PostGIS database without Tepat data: its URL and how to drop it. */
async function serverScratch(sourceUrl: string): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const source = new URL(sourceUrl);
  const sourceName = source.pathname.slice(1);
  const probe = postgres(sourceUrl, { max: 1, onnotice: () => undefined });
  const [held] = await probe<{ held: boolean }[]>`SELECT to_regclass('household') IS NOT NULL AS held`;
  await probe.end();
  if (held?.held)
    throw new UserError(
      `Basis data ${sourceName} sudah berisi tabel Tepat; bench perlu basis data PostGIS yang kosong (BENCH_DATABASE_URL).`,
    );
  const adminUrl = new URL(sourceUrl);
  adminUrl.pathname = "/postgres";
  const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => undefined });
  const name = `tepat_bench_${process.pid}`;
  await dropScratchDatabase(admin, name);
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${sourceName}"`);
  const scratchUrl = new URL(sourceUrl);
  scratchUrl.pathname = `/${name}`;
  return {
    name,
    url: scratchUrl.toString(),
    async drop() {
      await dropScratchDatabase(admin, name);
      await admin.end();
    },
  };
}

async function openServerScratch(sourceUrl: string): Promise<DatabaseHandle> {
  const scratch = await serverScratch(sourceUrl);
  const handle = await openPostgres(scratch.url, { max: 4 });
  return {
    ...handle,
    async close() {
      await handle.close();
      // A million-household run can leave an autovacuum worker that outlasts the drop's wait: say
      // so rather than hide the run's own error behind it.
      await scratch
        .drop()
        .catch((error: unknown) =>
          console.error(
            `Basis data sementara ${scratch.name} belum bisa dihapus (${rootMessage(error)}); hapus nanti: DROP DATABASE "${scratch.name}" WITH (FORCE).`,
          ),
        );
    },
  };
}

async function openScratch(engine: Engine, serverUrl: string | undefined): Promise<DatabaseHandle> {
  if (engine === "postgres") return openServerScratch(serverUrl!);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-bench-data-"));
  const handle = await openPglite({ dataDir });
  return {
    ...handle,
    async close() {
      await handle.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function printFigures(engine: Engine, households: number, figures: Partial<DataBenchResult>): void {
  const { dtks, recipients, join, summary, lists, tiles, targeting } = figures;
  // Issue 21: a cold window within 1 s at city scale, 3 s at a million households.
  const coldGoalMs = households > 100_000 ? 3000 : 1000;
  if (figures.seedMs !== undefined) {
    console.log(
      `${engine === "pglite" ? "PGlite (tertanam)" : "PostgreSQL (server)"} — ${formatInteger(figures.households!)} rumah tangga, penerimaan sejak ${figures.receiptsFrom}`,
    );
    console.log(`  seed data contoh: ${ms(figures.seedMs)}`);
  }
  if (summary) {
    console.log(`  ringkasan cakupan: cache jendela bawaan diisi dalam ${ms(summary.fillMs)}`);
    for (const figure of summary.cached) {
      console.log(`    ${figure.area} (jendela bawaan, dari cache): p50 ${ms(figure.p50)}, p95 ${ms(figure.p95)}`);
    }
    console.log(
      `    ${SAMARINDA_CODE} untuk jendela yang belum pernah diminta (dihitung saat itu): ${ms(summary.firstAskMs)}`,
    );
    const cold = summary.coldWindows;
    console.log(
      `    ${formatInteger(cold.count)} ringkasan jendela acak 1–36 bulan (kota, kecamatan, kelurahan), pertama kali diminta: p50 ${ms(cold.p50)}, p95 ${ms(cold.p95)} (sasaran ≤ ${formatInteger(coldGoalMs / 1000)} dtk: ${ratio(cold.p95 / coldGoalMs)} sasaran), paling lama ${ms(cold.max)}`,
    );
    const { timeline } = summary;
    console.log(
      `    linimasa /peta, ${timeline.steps} langkah bulan demi bulan (ringkasan kota + 9 ubin kelurahan z12, belum pernah diminta): p50 ${ms(timeline.p50)}, p95 ${ms(timeline.p95)} per langkah (sasaran ≤ 300 ms: ${ratio(timeline.p95 / 300)} sasaran), paling lama ${ms(timeline.max)}`,
    );
  }
  for (const write of figures.afterWrite ?? []) {
    console.log(
      `  sesudah ${write.write === "penerima" ? `daftar penerima satu bulan baru (${formatInteger(write.rows)} baris)` : `berkas DTKS satu kelurahan, desil berubah (${formatInteger(write.rows)} baris)`}: impor ${ms(write.importMs)}; ringkasan kota jendela bawaan berikutnya ${ms(write.nextSummaryMs)} (sasaran ≤ 1 dtk: ${ratio(write.nextSummaryMs / 1000)} sasaran); penyegaran angka sesudahnya ${ms(write.refreshMs)}`,
    );
  }
  if (targeting) {
    const goal = targeting.households > 100_000 ? 5000 : 1000;
    console.log(
      `  skenario sasaran kota, kuota ${formatInteger(1242)} dibagi per kelurahan (${formatInteger(targeting.candidates)} kandidat, ${formatInteger(targeting.selected)} terpilih), ${formatInteger(targeting.runs)} kali: p50 ${ms(targeting.p50)}, p95 ${ms(targeting.p95)} (sasaran ≤ ${formatInteger(goal / 1000)} dtk: ${ratio(targeting.p95 / goal)} sasaran)`,
    );
  }
  if (lists) {
    const slowest = Math.max(...lists.pages.flatMap((p) => p.sorts.flatMap((s) => [s.firstMs, s.laterMs])));
    console.log(
      `  daftar rumah tangga (jendela bawaan, dari cache; halaman 1 / halaman tengah per urutan), paling lama ${ms(slowest)}:`,
    );
    for (const page of lists.pages) {
      const sorts = page.sorts
        .map((s) => `${s.sort} ${formatInteger(s.firstMs)}/${formatInteger(s.laterMs)}`)
        .join(", ");
      console.log(
        `    ${page.area} ${LIST_NAMES[page.list]} (${formatInteger(page.total)} rumah tangga; halaman 1/${formatInteger(page.laterPage)}): ${sorts} ms`,
      );
    }
    for (const file of lists.exports) {
      console.log(
        `    ekspor ${file.format.toUpperCase()} seluruh daftar ${LIST_NAMES[file.list]} ${SAMARINDA_CODE} (${formatInteger(file.rows)} baris): ${ms(file.ms)}`,
      );
    }
  }
  if (tiles) {
    console.log(
      `  ubin vektor (${tiles.count} ubin, zoom 11–16, tanpa cache): p50 ${ms(tiles.p50)}, p95 ${ms(tiles.p95)}`,
    );
    if (tiles.bare) {
      console.log(
        `    ST_AsMVT polos (geometri saja) ubin yang sama: p50 ${ms(tiles.bare.p50)}, p95 ${ms(tiles.bare.p95)}; rasio p95 ${ratio(tiles.p95 / tiles.bare.p95)}`,
      );
    }
  }
  if (join) {
    console.log(
      `  gabung spasial, semua rumah tangga ditulis: ${ms(join.fullMs)} (${ratio(join.fullMs / join.floorMs)} lantai)`,
    );
    console.log(
      `  gabung spasial diulang, tidak ada yang berubah: ${ms(join.rerunMs)} (${ratio(join.rerunMs / join.floorMs)} lantai)`,
    );
    console.log(`  lantai: kueri titik-dalam-poligon dari poligon (LATERAL … OFFSET 0): ${ms(join.floorMs)}`);
    console.log(
      `  rencana bawaan planner (JOIN biasa): ${ms(join.defaultPlanMs)} (${ratio(join.defaultPlanMs / join.floorMs)} lantai)`,
    );
  }
  if (dtks) {
    const copied = dtks.rows / (dtks.copyMs / 1000);
    const imported = dtks.rows / (dtks.importMs / 1000);
    console.log(
      `  impor DTKS (${formatInteger(dtks.rows)} baris, ${formatInteger(dtks.households)} rumah tangga baru): ${ms(dtks.importMs)} = ${perSecond(dtks.rows, dtks.importMs)}`,
    );
    console.log(
      `    COPY polos berkas yang sama: ${ms(dtks.copyMs)} = ${perSecond(dtks.rows, dtks.copyMs)}; rasio impor/COPY ${ratio(imported / copied)}`,
    );
    console.log(
      `    lantai jujur — baris yang ditulis impor, ditulis lagi ke household dan person itu sendiri (indeks sebesar register, batasan dan kunci asing; tanpa pemicu Tepat), lalu dibatalkan: ${ms(dtks.floorMs)}; rasio lantai/impor ${ratio(dtks.floorMs / dtks.importMs)} (sasaran ≥ 0,50×)`,
    );
    console.log(
      `    permintaan tanpa basis data (kemajuan pekerjaan impor, tiap 100 ms) menunggu selama impor itu: p50 ${ms(dtks.unanswered.p50)}, p95 ${ms(dtks.unanswered.p95)}, paling lama ${ms(dtks.unanswered.max)} (langkah ${IMPORT_STEP_LABELS[dtks.unanswered.longestIn].toLowerCase()})${engine === "pglite" ? "; PGlite menjalankan pernyataan di utas proses" : ""}`,
    );
  }
  if (figures.duringImport) {
    const { idle, importing, importMs } = figures.duringImport;
    console.log(
      `  ringkasan (jendela bawaan, wilayah acak) dan ubin bergantian: diam p50 ${ms(idle.p50)}, p95 ${ms(idle.p95)} (${formatInteger(idle.count)} permintaan)`,
    );
    console.log(
      `    selama impor DTKS kedua (${ms(importMs)}): p50 ${ms(importing.p50)}, p95 ${ms(importing.p95)}, paling lama ${ms(importing.max)} (${formatInteger(importing.count)} permintaan); p95 ${ratio(importing.p95 / idle.p95)} diam (sasaran di server ≤ 2,00×${engine === "pglite" ? "; PGlite satu koneksi: permintaan menunggu selama transaksi impor" : ""})`,
    );
  }
  if (recipients) {
    const copied = recipients.rows / (recipients.copyMs / 1000);
    const imported = recipients.rows / (recipients.importMs / 1000);
    console.log(
      `  impor penerima (${formatInteger(recipients.rows)} baris): ${ms(recipients.importMs)} = ${perSecond(recipients.rows, recipients.importMs)}`,
    );
    console.log(
      `    COPY polos berkas yang sama: ${ms(recipients.copyMs)}; rasio impor/COPY ${ratio(imported / copied)}`,
    );
    const landed = (phases: { stagingMs: number; writingMs: number }) => phases.stagingMs + phases.writingMs;
    const { stagingMs, writingMs, linkingMs } = recipients.phases;
    console.log(
      `    lantai jujur — penerimaan yang ditulis, ditulis lagi ke aid_receipt itu sendiri (indeks, batasan dan kunci asing; tanpa pemicu Tepat), lalu dibatalkan: ${ms(recipients.floorMs)}`,
    );
    console.log(
      `    daftar mendarat (dibaca, diperiksa, ditulis dengan pencocokan NIK/No. KK, commit: terlihat di setiap halaman; daftar pertama sesudah seed: halaman indeks yang ditulisnya belum di memori, lantai sesudahnya sudah): ${ms(landed(recipients.phases))}; rasio lantai/impor ${ratio(recipients.floorMs / landed(recipients.phases))} (sasaran ≥ 0,50×)`,
    );
    console.log(
      `      bagiannya: membaca dan memeriksa berkas ${ms(stagingMs)}; menulis dan commit ${ms(writingMs)} (rasio lantai/menulis ${ratio(recipients.floorMs / writingMs)})`,
    );
    console.log(
      `      sesudah mendarat, dalam pekerjaan yang sama: statistik, tautan rekaman dan laporan ${ms(linkingMs)}; rasio lantai/seluruh pekerjaan ${ratio(recipients.floorMs / recipients.importMs)}`,
    );
    const { nextMonth } = recipients;
    console.log(
      `    daftar yang sama sebulan kemudian (nama-namanya sudah dikenal tautan rekaman; halaman indeksnya sudah di memori, seperti bagi lantai): mendarat ${ms(landed(nextMonth.phases))}; lantainya sendiri ${ms(nextMonth.floorMs)}, rasio lantai/impor ${ratio(nextMonth.floorMs / landed(nextMonth.phases))} (sasaran ≥ 0,50×); seluruh pekerjaan ${ms(nextMonth.importMs)} (rasio ${ratio(nextMonth.floorMs / nextMonth.importMs)}), tautan rekaman dan laporan ${ms(nextMonth.phases.linkingMs)}`,
    );
  }
}

function seedInto(processEnv: NodeJS.ProcessEnv, args: string[] = []): number {
  const started = Date.now();
  const result = spawnSync(path.join("node_modules", ".bin", "tsx"), ["scripts/seed.ts", ...args], {
    env: processEnv,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}${result.stderr}`);
  return Date.now() - started;
}

async function benchStart(): Promise<void> {
  if (!existsSync(path.join(".next", "BUILD_ID")))
    throw new UserError("Jalankan npm run build dahulu (atau --skip-start).");
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-bench-"));
  try {
    const embedded = { ...base, TEPAT_DATA_DIR: dataDir };
    const cold = await timedStart(embedded);
    await cold.app.stop();
    const seedMs = seedInto(embedded);
    const warm = await timedStart(embedded);
    const cookie = await demoSession(warm.app);
    const boundaries = await latency(warm.app, "/api/boundaries/kelurahan", cookie);
    const page = await latency(warm.app, "/peta", cookie);
    const weights = await pageWeights(warm.app.baseUrl, cookie, ["/peta", "/wilayah/64.72", "/layar"]);
    await warm.app.stop();
    console.log("Aplikasi di PGlite (tertanam)");
    console.log(
      `  start dingin (.data baru, migrasi saat start), halaman pertama = /masuk: halaman pertama ${ms(cold.firstPageMs)}, lalu sehat ${ms(cold.healthMs)}`,
    );
    console.log(`  npm run seed (kota contoh lengkap): ${ms(seedMs)}`);
    console.log(
      `  start hangat (data ada): halaman pertama ${ms(warm.firstPageMs)} (sasaran ≤ 3.000 ms), lalu sehat (PostGIS pertama kali dipanggil) ${ms(warm.healthMs)}`,
    );
    console.log(
      `  GET /api/boundaries/kelurahan ×${REQUESTS}: p50 ${boundaries.p50.toFixed(1)} ms, p95 ${boundaries.p95.toFixed(1)} ms`,
    );
    console.log(`  GET /peta ×${REQUESTS}: p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms`);
    for (const w of weights) {
      console.log(
        `  JavaScript ${w.path} (gzip): first load ${formatDecimal(w.firstLoadKb, 1)} KB; setelah tenang ${formatDecimal(w.settledKb, 1)} KB dari ${w.scripts} skrip`,
      );
    }

    const databaseUrl = env().databaseUrl;
    if (databaseUrl) {
      const started = await timedStart({ ...base, DATABASE_URL: databaseUrl });
      // Requests need a session: only a server seeded with the demo has the demo accounts.
      const session = await demoSession(started.app).catch(() => null);
      const serverBoundaries = session ? await latency(started.app, "/api/boundaries/kelurahan", session) : null;
      await started.app.stop();
      console.log("Aplikasi di PostgreSQL (server, data yang sudah ada di DATABASE_URL)");
      console.log(`  start: halaman pertama ${ms(started.firstPageMs)}, lalu sehat ${ms(started.healthMs)}`);
      console.log(
        serverBoundaries
          ? `  GET /api/boundaries/kelurahan ×${REQUESTS}: p50 ${serverBoundaries.p50.toFixed(1)} ms, p95 ${serverBoundaries.p95.toFixed(1)} ms`
          : "  GET /api/boundaries/kelurahan: dilewati (server tanpa akun contoh)",
      );
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The built app under load on each engine: a fresh demo city (42,124 households) seeded by
 * `npm run seed`, `next start` on 127.0.0.1, then `loadTest` (100 connections, 60 s, every role).
 */
async function benchLoad(engines: Engine[], serverUrl: string | undefined, seconds: number): Promise<void> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new UserError("Jalankan npm run build dahulu.");
  for (const engine of engines) {
    const base: NodeJS.ProcessEnv = { ...process.env };
    delete base.DATABASE_URL;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-load-"));
    const scratch = engine === "postgres" ? await serverScratch(serverUrl!) : null;
    const appEnv = scratch ? { ...base, DATABASE_URL: scratch.url } : { ...base, TEPAT_DATA_DIR: dataDir };
    try {
      console.log(`  [${engine}] seed kota contoh …`);
      // A server gets the demo accounts only when asked; the embedded database always has them.
      seedInto(appEnv, scratch ? ["--demo-accounts"] : []);
      const app = await spawnApp(appEnv);
      try {
        await waitForOk(app, "/api/health");
        const latest = await latestPeriod(app);
        console.log(`  [${engine}] beban ${seconds} detik …`);
        const figures = await loadTest(app, { latest, seconds });
        console.log(
          `Beban ${engine === "pglite" ? "PGlite (tertanam)" : "PostgreSQL (server)"}: ${figures.connections} koneksi × ${figures.seconds} detik, semua peran (127.0.0.1)`,
        );
        console.log(
          `  ${formatInteger(figures.requests)} permintaan = ${formatDecimal(figures.perSecond, 1)}/detik; p50 ${ms(figures.p50)}, p95 ${ms(figures.p95)}, p99 ${ms(figures.p99)}`,
        );
        console.log(
          `  galat koneksi ${figures.errors}, timeout ${figures.timeouts}, 5xx ${figures.serverErrors} (sasaran 0); bukan 2xx ${figures.non2xx}${
            figures.non2xx
              ? ` (${Object.entries(figures.non2xxBy)
                  .map(([answer, count]) => `${answer}: ${count}`)
                  .join(", ")})`
              : ""
          }`,
        );
        console.log(
          `  campuran: ${Object.entries(figures.byKind)
            .map(
              ([kind, count]) =>
                `${kind} ${formatInteger(count)} (p95 ${ms(figures.p95ByKind[kind as keyof typeof figures.p95ByKind])})`,
            )
            .join(", ")}`,
        );
      } finally {
        await app.stop();
      }
    } finally {
      await scratch?.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}

/** The latest period with receipts, as the summary's default window ends. */
async function latestPeriod(app: AppProcess): Promise<string> {
  const cookie = await demoSession(app);
  const response = await fetch(`${app.baseUrl}/api/areas/64.72/summary`, { headers: { cookie } });
  const body = (await response.json()) as { window: { to: string } };
  return body.window.to;
}

/** Record linkage on a seeded register: precision and recall by threshold, a whole-city run timed, and on the server a 100,000-row list before it. */
async function benchLinkage(engine: Engine, households: number, serverUrl: string | undefined): Promise<void> {
  const handle = await openScratch(engine, serverUrl);
  try {
    await migrateDatabase(handle);
    const ctx = contextOf(handle);
    console.log(`  [${engine}, ${formatInteger(households)}] seed data contoh …`);
    await seedDemoCity({ ctx, input: { seed: 1, households, receiptsFrom: "2025-10" } });
    printLinkage(`${engine}, ${formatInteger(households)} rumah tangga`, await measureLinkage(ctx, 10_000));
    if (engine === "postgres") {
      const timed = await timeLinkage(ctx, 100_000);
      console.log(
        `  daftar ${formatInteger(timed.rows)} baris: impor termasuk tautan ${ms(timed.importMs)}; tautan daftar itu saja ${ms(timed.listLinkMs)} (sasaran ≤ 30 dtk: ${ratio(timed.listLinkMs / 30_000)} sasaran); tautan seluruh kota sesudahnya ${ms(timed.wholeRunMs)}`,
      );
    } else {
      console.log(`  tautan seluruh kota (Jalankan tautan) ${ms(await timeWholeLinkage(ctx))}`);
    }
  } finally {
    await handle.close();
  }
}

runCli(async () => {
  const { values } = parseArgs({
    options: {
      households: { type: "string" },
      engines: { type: "string" },
      runs: { type: "string" },
      "skip-start": { type: "boolean" },
      linkage: { type: "boolean" },
      load: { type: "string" },
      steps: { type: "string" },
    },
  });
  const parsed = benchArgs.safeParse({ ...values, skipStart: values["skip-start"] });
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join("; "));
  const args = parsed.data;
  const serverUrl = env().benchDatabaseUrl ?? env().databaseUrl;
  const engines = args.engines.filter((engine) => {
    if (engine === "postgres" && !serverUrl)
      console.log("BENCH_DATABASE_URL/DATABASE_URL tidak diisi: server PostgreSQL tidak diukur.");
    return engine === "pglite" || serverUrl;
  });

  if (args.load) {
    await benchLoad(engines, serverUrl, args.load);
    return;
  }

  if (args.linkage) {
    for (const households of args.households) {
      for (const engine of engines) await benchLinkage(engine, households, serverUrl);
    }
    return;
  }

  for (const households of args.households) {
    for (const engine of engines) {
      const handle = await openScratch(engine, serverUrl);
      try {
        await migrateDatabase(handle);
        const receiptsFrom = households > FULL_HISTORY_LIMIT ? "2025-10" : "2019-01";
        const started = Date.now();
        await benchData({
          handle,
          input: { households, receiptsFrom, runs: args.runs, steps: args.steps },
          onStep: (step) =>
            console.log(
              `  [${engine}, ${formatInteger(households)}] ${STEP_LABELS[step]} … (${formatInteger((Date.now() - started) / 1000)} s)`,
            ),
          onFigures: (figures) => printFigures(engine, households, figures),
        });
      } finally {
        await handle.close();
      }
    }
  }
  if (!args.skipStart) await benchStart();
});
