import { migrateDatabase, openPglite, openPostgres, type DatabaseHandle } from "@/db/engine";
import { analyzeChangedTables } from "@/db/statistics";
import { env } from "@/lib/env";

import { inTurns, type Turns } from "./turns";

export type { Database, DatabaseHandle, Engine } from "@/db/engine";
export { migrateDatabase, openPglite, openPostgres, queryRows } from "@/db/engine";
export {
  analyzeAfterWrite,
  analyzeChangedTables,
  analyzeNewKeys,
  keysUnknownToStatistics,
  vacuumAfterRewrite,
} from "@/db/statistics";
export { dropScratchDatabase } from "./admin";
export { inTurns, type Turns } from "./turns";

/** Opens the configured engine: the server when DATABASE_URL is set, else embedded PGlite. */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const { databaseUrl, dataDir } = env();
  return databaseUrl ? openPostgres(databaseUrl) : openPglite({ dataDir });
}

const holder = globalThis as typeof globalThis & {
  __tepatDatabase?: Promise<DatabaseHandle>;
  __tepatRequestTurns?: Turns;
};

/**
 * The process's one database handle, opened and migrated on first use, with the statistics of
 * tables changed since they were last taken (a restart after a seed or import). Kept on globalThis so
 * dev-mode module reloads share it: a PGlite data directory must have a single owner.
 */
export function database(): Promise<DatabaseHandle> {
  holder.__tepatDatabase ??= (async () => {
    const handle = await openConfiguredDatabase();
    try {
      await migrateDatabase(handle);
      await analyzeChangedTables(handle.db);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  })().catch((error: unknown) => {
    holder.__tepatDatabase = undefined;
    throw error;
  });
  return holder.__tepatDatabase;
}

/**
 * Runs a request in its turn on the embedded database (`inTurns`); on the server at once. PGlite
 * runs one statement at a time in this thread, and each statement queues behind every other
 * request's: a request of many statements then waits for the whole queue many times over, and
 * under 100 connections some waited past 30 s while most were answered in 2 s. In turns, each
 * request waits for the queue once. The queue is kept on globalThis with the handle.
 */
export async function inRequestTurn<T>(work: () => Promise<T>): Promise<T> {
  if ((await database()).engine !== "pglite") return work();
  holder.__tepatRequestTurns ??= inTurns();
  return holder.__tepatRequestTurns(work);
}
