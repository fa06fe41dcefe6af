import { migrateDatabase, openPglite, openPostgres, type DatabaseHandle } from "@/db/engine";
import { analyzeChangedTables } from "@/db/statistics";
import { env } from "@/lib/env";

export type { Database, DatabaseHandle, Engine } from "@/db/engine";
export { migrateDatabase, openPglite, openPostgres, queryRows } from "@/db/engine";
export { analyzeChangedTables } from "@/db/statistics";
export { dropScratchDatabase } from "./admin";

/** Opens the configured engine: the server when DATABASE_URL is set, else embedded PGlite. */
export async function openConfiguredDatabase(): Promise<DatabaseHandle> {
  const { databaseUrl, dataDir } = env();
  return databaseUrl ? openPostgres(databaseUrl) : openPglite({ dataDir });
}

const holder = globalThis as typeof globalThis & { __tepatDatabase?: Promise<DatabaseHandle> };

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
