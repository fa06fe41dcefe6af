import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";

import postgres from "postgres";
import { inject } from "vitest";

import { openPglite, openPostgres, type DatabaseHandle, type Engine } from "@/db/engine";
import { dropScratchDatabase } from "@/lib/db/admin";

export const ENGINES = ["pglite", "postgres"] as const satisfies readonly Engine[];

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a PGlite dumpDataDir tarball of a freshly migrated database. */
    pgliteTemplate: string;
    /** Maintenance URL on the test server (database `postgres`) and the migrated template's name. */
    postgresAdminUrl: string;
    postgresTemplate: string;
  }
}

/** Drops a test database, waiting out an autovacuum worker (see lib/db/admin.ts). */
export const dropTestDatabase = dropScratchDatabase;

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database cloned from the migrated template of one engine. Closing drops it. */
export async function openTestDatabase(engine: Engine): Promise<DatabaseHandle & { url?: string }> {
  if (engine === "pglite") {
    const tarball = await readFile(inject("pgliteTemplate"));
    return openPglite({ loadDataDir: new Blob([tarball]) });
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `${inject("postgresTemplate")}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${inject("postgresTemplate")}"`);
  const url = withDatabase(adminUrl, name);
  const handle = await openPostgres(url, { max: 4 });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await dropTestDatabase(admin, name);
      await admin.end();
    },
  };
}
