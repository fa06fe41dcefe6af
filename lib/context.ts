import type { CopyRows, Database, DatabaseHandle, Engine } from "@/db/engine";
import { database } from "@/lib/db";

/**
 * What every domain verb receives: the database (or the transaction it runs in) and the engine
 * behind it. Access scope joins here when accounts land, so verbs apply it in one place.
 */
export interface Context {
  db: Database;
  engine: Engine;
  /** Bulk load through COPY, on its own connection (see db/engine.ts). */
  copyRows: CopyRows;
}

export function contextOf(handle: DatabaseHandle): Context {
  return { db: handle.db, engine: handle.engine, copyRows: handle.copyRows };
}

/** The context of the running process: the app's server or a CLI command. */
export async function processContext(): Promise<Context> {
  return contextOf(await database());
}
