import type { CopyRows, Database, DatabaseHandle, Engine } from "@/db/engine";
import type { Actor, UserActor } from "@/lib/access";
import { database } from "@/lib/db";

/**
 * What every domain verb receives: the database (or the transaction it runs in), the engine
 * behind it, and the actor it acts for. Verbs apply the actor's area scope themselves
 * (lib/access), so no route can forget it.
 */
export interface Context {
  db: Database;
  engine: Engine;
  /** Bulk load through COPY, on its own connection (see db/engine.ts). */
  copyRows: CopyRows;
  actor: Actor;
  /** The client address of the request served (lib/access/request.ts), for audit entries and login limits. */
  ip?: string | null;
  /** When the request served arrived (ms since the epoch), before any database read: on PGlite a read may wait long. */
  receivedAt?: number;
}

/** A context whose actor is a signed-in account: what route handlers and pages receive. */
export type SignedInContext = Context & { actor: UserActor };

/** The system itself (CLI, seed, background work): sees everything. */
export const SYSTEM_ACTOR: Actor = { kind: "system" };

export function contextOf(handle: DatabaseHandle, actor: Actor = SYSTEM_ACTOR): Context {
  return { db: handle.db, engine: handle.engine, copyRows: handle.copyRows, actor };
}

/** The system's context in the running process: the app's background work or a CLI command. */
export async function processContext(): Promise<Context> {
  return contextOf(await database());
}
