import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { openPglite } from "@/db/engine";
import { logIn } from "@/lib/access/login";
import { contextOf } from "@/lib/context";

/** `npm run user` as an operator types it, with the password on standard input (as a script would pipe it). */
function userCli(dataDir: string, args: string[], input: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, TEPAT_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(path.join(process.cwd(), "node_modules", ".bin", "tsx"), ["scripts/user.ts", ...args], {
    env,
    input,
    encoding: "utf8",
  });
}

describe("npm run user", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "tepat-user-cli-"));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it("creates the first admin from a password on standard input, refuses a weak one, and the admin can log in", async () => {
    const weak = userCli(dataDir, ["add", "siti.admin", "--role", "admin"], "pendek\n");
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain("Kata sandi minimal 8 karakter.");
    const added = userCli(
      dataDir,
      ["add", "siti.admin", "--role", "admin", "--name", "Siti (Dinsos)"],
      "Rahasia-Dinsos-1\n",
    );
    expect(added.stderr).toBe("");
    expect(added.stdout).toContain("Akun siti.admin dibuat");
    const listed = userCli(dataDir, ["list"], "");
    expect(listed.stdout).toMatch(/siti\.admin\tadmin\tsemua wilayah\taktif/);

    const handle = await openPglite({ dataDir });
    try {
      const ctx = contextOf(handle);
      expect(
        (
          await logIn({
            ctx,
            input: { username: "siti.admin", password: "Rahasia-Dinsos-1", ip: null, userAgent: null },
          })
        ).ok,
      ).toBe(true);
      expect((await logIn({ ctx, input: { username: "admin", password: "demo", ip: null, userAgent: null } })).ok).toBe(
        false,
      );
    } finally {
      await handle.close();
    }
  });
});
