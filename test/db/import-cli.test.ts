import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** `npm run import` as an operator types it, on an embedded database of its own. */
function importCli(dataDir: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, TEPAT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/import.ts", ...args], {
    env,
    encoding: "utf8",
  });
}

const INTERNALS = /\n\s+at |parse_args|ERR_|TypeError|Error:|Failed query|undefined/;

describe("npm run import refusals", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-import-cli-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("refuses an unknown option or one without its value with the usage, not Node's stack", () => {
    for (const [args, option] of [
      [["dtks", "f.csv", "--bogus"], "--bogus"],
      [["boundaries", "f.geojson", "--level"], "--level"],
    ] as const) {
      const run = importCli(dataDir, [...args]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(
          `^Gagal: Pilihan ${option} tidak dikenal atau tanpa nilai; gunakan salah satu bentuk berikut.\\nPemakaian:`,
        ),
      );
      expect(run.stderr).not.toMatch(INTERNALS);
    }
  });
  it("refuses a release without its date and an unknown column mapping, naming the option", async () => {
    const file = path.join(dataDir, "dtsen.csv");
    await writeFile(file, "id_dtks,nik,nama,kode_kelurahan\nX-1,6472051708850001,Uji,64.72.05.1004\n");
    const undated = importCli(dataDir, ["dtks", file, "--release", "2025-Q3"]);
    expect(undated.status).toBe(1);
    expect(undated.stderr).toMatch(/^Gagal: --release-date: tanggal rilis wajib diisi bila nama rilis diisi/);
    const misdated = importCli(dataDir, ["dtks", file, "--release", "2025-Q3", "--release-date", "2025-02-30"]);
    expect(misdated.stderr).toMatch(/--release-date: tanggal rilis bukan tanggal yang ada/);
    const unknown = importCli(dataDir, ["dtks", file, "--preset", "Tidak Ada"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Pemetaan kolom "Tidak Ada" tidak ada; belum ada pemetaan yang disimpan/);
    for (const run of [undated, misdated, unknown]) expect(run.stderr).not.toMatch(INTERNALS);
  });
});
