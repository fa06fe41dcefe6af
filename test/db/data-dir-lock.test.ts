import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { DataDirInUseError, openPglite } from "@/db/engine";

describe("PGlite data directory ownership", () => {
  const folders: string[] = [];
  afterAll(async () => {
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it("refuses a second process while the owner lives, and admits one after it is gone", async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-lock-"));
    folders.push(dataDir);
    const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    await writeFile(path.join(dataDir, "tepat.pid"), String(owner.pid));
    await expect(openPglite({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(openPglite({ dataDir })).rejects.toThrow(/sedang dipakai oleh proses lain \(PID \d+\)/);

    owner.kill();
    await new Promise((resolve) => owner.once("exit", resolve));
    const handle = await openPglite({ dataDir });
    await handle.close();
  });
});
