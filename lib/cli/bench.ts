import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env } from "@/lib/env";
import { formatInteger } from "@/lib/format";
import { type AppProcess, spawnApp, waitForOk } from "./app-process";
import { runCli } from "./run";

// npm run bench – start-up and boundary latency on the embedded engine, and on the server when
// DATABASE_URL is set. Prints figures; asserts nothing. Needs `npm run build` first.

const REQUESTS = 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function latency(app: AppProcess, urlPath: string): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${app.baseUrl}${urlPath}`);
    await response.arrayBuffer();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

function seed(processEnv: NodeJS.ProcessEnv): number {
  const started = Date.now();
  const result = spawnSync(path.join("node_modules", ".bin", "tsx"), ["lib/cli/seed.ts"], { env: processEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`seed failed:\n${result.stdout}${result.stderr}`);
  return Date.now() - started;
}

async function timedStart(processEnv: NodeJS.ProcessEnv): Promise<{ app: AppProcess; healthMs: number; firstPageMs: number }> {
  const app = await spawnApp(processEnv);
  const healthMs = await waitForOk(app, "/api/health");
  const firstPageMs = healthMs + (await waitForOk(app, "/peta"));
  return { app, healthMs, firstPageMs };
}

const ms = (value: number) => `${formatInteger(value)} ms`;

runCli(async () => {
  if (!existsSync(path.join(".next", "BUILD_ID"))) throw new Error("Jalankan npm run build dahulu.");
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.DATABASE_URL;

  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-bench-"));
  try {
    const embedded = { ...base, TEPAT_DATA_DIR: dataDir };
    const cold = await timedStart(embedded);
    await cold.app.stop();
    const seedMs = seed(embedded);
    const warm = await timedStart(embedded);
    const boundaries = await latency(warm.app, "/api/boundaries/kelurahan");
    const page = await latency(warm.app, "/peta");
    await warm.app.stop();
    console.log("PGlite (tertanam)");
    console.log(`  start dingin (.data baru, migrasi saat start): sehat ${ms(cold.healthMs)}, halaman pertama ${ms(cold.firstPageMs)}`);
    console.log(`  seed kota contoh: ${ms(seedMs)}`);
    console.log(`  start hangat (data ada): sehat ${ms(warm.healthMs)}, halaman pertama ${ms(warm.firstPageMs)}`);
    console.log(`  GET /api/boundaries/kelurahan ×${REQUESTS}: p50 ${boundaries.p50.toFixed(1)} ms, p95 ${boundaries.p95.toFixed(1)} ms`);
    console.log(`  GET /peta ×${REQUESTS}: p50 ${page.p50.toFixed(1)} ms, p95 ${page.p95.toFixed(1)} ms`);

    const databaseUrl = env().databaseUrl;
    if (databaseUrl) {
      const server = { ...base, DATABASE_URL: databaseUrl };
      const started = await timedStart(server);
      const serverBoundaries = await latency(started.app, "/api/boundaries/kelurahan");
      const serverPage = await latency(started.app, "/peta");
      await started.app.stop();
      console.log("PostgreSQL (server, data yang sudah ada)");
      console.log(`  start: sehat ${ms(started.healthMs)}, halaman pertama ${ms(started.firstPageMs)}`);
      console.log(`  GET /api/boundaries/kelurahan ×${REQUESTS}: p50 ${serverBoundaries.p50.toFixed(1)} ms, p95 ${serverBoundaries.p95.toFixed(1)} ms` +
        ` (PGlite/server p50 ${(boundaries.p50 / serverBoundaries.p50).toFixed(1)}×)`);
      console.log(`  GET /peta ×${REQUESTS}: p50 ${serverPage.p50.toFixed(1)} ms, p95 ${serverPage.p95.toFixed(1)} ms`);
    } else {
      console.log("DATABASE_URL tidak diisi: server PostgreSQL tidak diukur.");
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
