import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";

import postgres from "postgres";
import { inject } from "vitest";

import { openPglite, openPostgres, type DatabaseHandle, type Engine } from "@/db/engine";
import { dropScratchDatabase } from "@/lib/db/admin";

const ALL_ENGINES = ["pglite", "postgres"] as const satisfies readonly Engine[];

/**
 * The engines the database and browser tests run on: both, unless `TEST_ENGINES` names fewer
 * (comma-separated). `TEST_ENGINES=pglite` needs no PostgreSQL server; the tests of server-only
 * behaviour are then skipped, and reported so.
 */
export const ENGINES: readonly Engine[] = parseEngines(process.env.TEST_ENGINES);
export const SERVER_ENGINE = ENGINES.includes("postgres");

function parseEngines(value: string | undefined): readonly Engine[] {
  const named = (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (named.length === 0) return ALL_ENGINES;
  const unknown = named.filter((name) => !(ALL_ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`TEST_ENGINES: ${unknown.join(", ")} unknown; use ${ALL_ENGINES.join(",")}`);
  return ALL_ENGINES.filter((engine) => named.includes(engine));
}

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
