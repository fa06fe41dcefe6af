import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { PGlite, type Transaction } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { sql, type SQL } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { z } from "zod";

import { tepatPostgis } from "./pglite-postgis";
import * as schema from "./schema";

export type Engine = "pglite" | "postgres";
export type Schema = typeof schema;
/** The common drizzle surface of both engines; a transaction is one too. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/**
 * Bulk load through COPY … FROM, on either engine: rows are encoded as CSV and streamed in
 * large chunks (postgres.js `COPY … FROM STDIN`; PGlite, which has no STDIN, reads a blob
 * from `/dev/blob`). Runs on its own connection, outside any drizzle transaction: load into a
 * staging table, then move the rows in a transaction.
 */
export type CopyRows = (
  table: string,
  columns: readonly string[],
  rows: Iterable<ReadonlyArray<string | number | null>>,
) => Promise<number>;

export interface DatabaseHandle {
  engine: Engine;
  db: Database;
  copyRows: CopyRows;
  /** The embedded instance, for what only PGlite offers (dumpDataDir, COPY from a blob). */
  pglite?: PGlite;
  /** The server connection pool, for what only postgres.js offers (COPY … FROM STDIN). */
  sql?: postgres.Sql;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** One element of an array literal: a null as NULL, a number as it is, text quoted (escaped only where it must be). */
function arrayElement(value: string | number | null): string {
  if (value === null) return "NULL";
  if (typeof value === "number") return String(value);
  // Most text holds no quote or backslash: skip the replace's scan and copy (a list's columns are 21,000 values each).
  return value.includes('"') || value.includes("\\") ? `"${value.replace(/["\\]/g, "\\$&")}"` : `"${value}"`;
}

/**
 * A list of values as one SQL array parameter (`text[]`, `int[]`, …), for `= ANY (…)` and
 * `unnest`: one parameter whatever the length, on either engine.
 */
export function sqlArray(values: readonly (string | number | null)[], type: "text" | "int" | "bigint" | "date"): SQL {
  return sql`${`{${values.map(arrayElement).join(",")}}`}::${sql.raw(type)}[]`;
}

/** Whether a database error from either driver has this SQLSTATE (drizzle may wrap it as its cause). */
export function hasErrorCode(error: unknown, code: string): boolean {
  const codeOf = (e: unknown) =>
    e && typeof e === "object" && "code" in e ? (e as { code: unknown }).code : undefined;
  return codeOf(error) === code || codeOf((error as { cause?: unknown })?.cause) === code;
}

/** The rows one INSERT, UPDATE or DELETE (without its own RETURNING) wrote. */
export async function countWritten(db: Database, write: SQL): Promise<number> {
  const [written] = await queryRows<{ rows: number }>(
    db,
    sql`WITH written AS (${write} RETURNING 1) SELECT count(*)::int AS rows FROM written`,
  );
  return written?.rows ?? 0;
}

/**
 * Rows one statement of a long write takes on `engine`: `onPglite` there, every row on the server.
 * PGlite holds this thread through each statement; between statements the event loop serves what
 * needs no database (a job's progress; requests that do wait for the writing transaction). On the
 * server other connections go on meanwhile, and each run would read its temp tables again.
 */
export function rowsPerStatement(engine: Engine, onPglite: number): number {
  return engine === "pglite" ? onPglite : 2_147_483_647;
}

/**
 * A long write as statements over the places 1..`total`, `rowsPerStatement` at a time: `write`
 * is given each run's bounds (after, upto] and returns the rows it wrote; the sum is returned.
 */
export async function writeInRuns(
  { engine, onPglite, total }: { engine: Engine; onPglite: number; total: number },
  write: (after: number, upto: number) => Promise<number>,
): Promise<number> {
  const size = rowsPerStatement(engine, onPglite);
  let written = 0;
  for (let after = 0; after < total; after += size) written += await write(after, Math.min(after + size, total));
  return written;
}

/**
 * Runs `work` with settings changed for the rest of the transaction (`set_config(…, true)`), then
 * sets them back as they were. Run it in a savepoint when `work` may fail: rolled back, the
 * savepoint takes the settings back with it.
 */
export async function withLocalSettings<T>(
  db: Database,
  settings: Readonly<Record<string, string>>,
  work: () => Promise<T>,
): Promise<T> {
  const names = Object.keys(settings);
  const previous = await queryRows<{ setting: string }>(
    db,
    sql`SELECT current_setting(n) AS setting FROM unnest(${sqlArray(names, "text")}) WITH ORDINALITY AS s(n, i) ORDER BY i`,
  );
  const setAll = (values: string[]) =>
    db.execute(
      sql`SELECT set_config(n, v, true) FROM unnest(${sqlArray(names, "text")}, ${sqlArray(values, "text")}) AS s(n, v)`,
    );
  await setAll(names.map((name) => settings[name]!));
  const result = await work();
  await setAll(previous.map((row) => row.setting));
  return result;
}

/**
 * Runs a query and returns its rows, whichever engine answers. Given a zod schema, every row is
 * parsed by it (unknown columns dropped, a missing or mistyped one thrown): for the few small
 * results that leave as API JSON, so a column renamed or retyped in SQL fails here and not in a
 * client. Bulk and analytic reads name their row type only; parsing them would cost time for nothing.
 */
export async function queryRows<T extends object>(db: Database, query: SQL): Promise<T[]>;
export async function queryRows<S extends z.ZodType<object>>(
  db: Database,
  query: SQL,
  schema: S,
): Promise<Array<z.output<S>>>;
export async function queryRows(db: Database, query: SQL, schema?: z.ZodType<object>): Promise<object[]> {
  const result: unknown = await db.execute(query);
  const rows = Array.isArray(result) ? (result as object[]) : (result as { rows: object[] }).rows;
  return schema ? rows.map((row) => schema.parse(row)) : rows;
}

/** A migration is due but the connected role may not change the schema (an app role that owns nothing). */
export class MigrationRightsError extends Error {
  readonly userFacing = true;
  constructor(options: { cause: unknown }) {
    super(
      "Basis data memerlukan migrasi, tetapi peran yang tersambung tidak berhak mengubah skemanya. " +
        "Jalankan npm run db:migrate sebagai pemilik basis data (dengan --app-role untuk peran aplikasi), lalu mulai lagi.",
      options,
    );
    this.name = "MigrationRightsError";
  }
}

/**
 * Whether every migration in db/migrations is applied, by the rule drizzle's migrator applies
 * (a migration newer than the last recorded one is due). It only reads, so the app running as a
 * role that owns nothing can start on a migrated database.
 */
async function migrationsCurrent(db: Database): Promise<boolean> {
  const [table] = await queryRows<{ present: boolean }>(
    db,
    sql`SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = 'drizzle' AND c.relname = '__drizzle_migrations') AS present`,
  );
  if (!table?.present) return false;
  const [row] = await queryRows<{ last: string | null }>(
    db,
    sql`SELECT max(created_at)::text AS last FROM drizzle.__drizzle_migrations`,
  );
  const latest = Math.max(...readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((m) => m.folderMillis));
  return row?.last != null && Number(row.last) >= latest;
}

export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (await migrationsCurrent(handle.db)) return;
  try {
    if (handle.engine === "pglite") {
      await migratePglite(handle.db as Parameters<typeof migratePglite>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    } else {
      await migratePostgres(handle.db as Parameters<typeof migratePostgres>[0], {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    }
  } catch (error) {
    // 42501 insufficient_privilege, wherever drizzle wrapped it.
    let cause: unknown = error;
    while (cause instanceof Error && (cause as { code?: string }).code !== "42501" && cause.cause) cause = cause.cause;
    if ((cause as { code?: string }).code === "42501") throw new MigrationRightsError({ cause: error });
    throw error;
  }
}

/** One CSV field: NULL is an unquoted empty field; text is always quoted, so "" is an empty string. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  // Most fields hold no quote: skip the replace's scan and copy for them (millions per load).
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

const COPY_CHUNK_ROWS = 50_000;

function* csvChunks(
  rows: Iterable<ReadonlyArray<string | number | null>>,
  counter: { rows: number },
): Generator<string> {
  let lines: string[] = [];
  for (const row of rows) {
    lines.push(row.map(csvField).join(","));
    counter.rows++;
    if (lines.length === COPY_CHUNK_ROWS) {
      yield lines.join("\n") + "\n";
      lines = [];
    }
  }
  if (lines.length) yield lines.join("\n") + "\n";
}

function copyStatement(table: string, columns: readonly string[], source: string): string {
  const identifier = (name: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`COPY: bad identifier ${name}`);
    return `"${name}"`;
  };
  return `COPY ${identifier(table)} (${columns.map(identifier).join(", ")}) FROM ${source} WITH (FORMAT csv)`;
}

export class DataDirInUseError extends Error {
  /** Read by the CLIs and routes: the message is meant for the operator (see lib/errors.ts). */
  readonly userFacing = true;
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `Basis data tertanam di ${dataDir} sedang dipakai oleh proses lain (PID ${pid}). ` +
        `PGlite hanya dapat dibuka oleh satu proses: hentikan server (npm start) terlebih dahulu, ` +
        `atau gunakan halaman Impor di aplikasi.`,
    );
    this.name = "DataDirInUseError";
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite has no locking of its own and two processes writing one data directory corrupt it,
 * so the owning process leaves its PID beside the data and later openers refuse while it lives.
 */
function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "tepat.pid");
  try {
    writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number(readFileSync(lockFile, "utf8").trim());
    if (owner && processAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    // Left behind by a process that died without closing: take it over.
    writeFileSync(lockFile, String(process.pid));
  }
  return () => rmSync(lockFile, { force: true });
}

export interface PgliteOptions {
  /** Directory to persist to; omit for an in-memory database. */
  dataDir?: string;
  /** A tarball from dumpDataDir to start from (tests start from a migrated template). */
  loadDataDir?: Blob;
}

/**
 * Lets the process serve what waits (requests, timers) before going on. PGlite runs in this thread
 * and its answers resolve as microtasks, so a chain of steps would otherwise hold every request of
 * the app until the whole chain ends; a long check of rows holds it on either engine.
 */
export function eventLoopPass(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** How long PGlite may keep the thread, statement after statement, before the event loop takes a pass. */
const PGLITE_SLICE_MS = 50;
let lastPass = 0;

/**
 * Lets the event loop take a pass when the last one this module gave was more than a slice ago.
 * PGlite runs each statement on this thread and answers as microtasks, so a chain of statements
 * (an import's transaction, a COPY in chunks) would otherwise leave every socket unread until it
 * ended: not even a job's progress, which needs no database, could be asked for. A request's
 * few statements still run together, as its turn (lib/db/turns.ts) means them to.
 */
async function passWhenDue(): Promise<void> {
  if (performance.now() - lastPass < PGLITE_SLICE_MS) return;
  await eventLoopPass();
  lastPass = performance.now();
}

/** The PGlite client drizzle talks to: `passWhenDue` before each statement, its transactions' too. */
function clientPassingWhenDue<Client extends PGlite | Transaction>(client: Client): Client {
  return new Proxy(client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      if (key === "query" || key === "exec")
        return async (...args: unknown[]) => {
          await passWhenDue();
          return value.apply(target, args);
        };
      if (key === "transaction")
        return (callback: (tx: Transaction) => Promise<unknown>) =>
          value.call(target, (tx: Transaction) => callback(clientPassingWhenDue(tx)));
      return value.bind(target);
    },
  });
}

export async function openPglite(options: PgliteOptions = {}): Promise<DatabaseHandle> {
  const release = options.dataDir ? claimDataDir(options.dataDir) : () => undefined;
  try {
    const pglite = await PGlite.create({
      dataDir: options.dataDir ? path.join(options.dataDir, "pgdata") : undefined,
      loadDataDir: options.loadDataDir,
      extensions: { postgis: tepatPostgis, pg_trgm },
    });
    const db = drizzlePglite(clientPassingWhenDue(pglite), { schema }) as unknown as Database;
    return {
      engine: "pglite",
      db,
      pglite,
      async copyRows(table, columns, rows) {
        const counter = { rows: 0 };
        // One blob per chunk keeps memory bounded on large loads.
        for (const chunk of csvChunks(rows, counter)) {
          await passWhenDue();
          await pglite.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([chunk]) });
        }
        return counter.rows;
      },
      async close() {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => undefined,
    // PostGIS's cost estimates push ordinary joins over the JIT threshold, and compiling then
    // costs more than the query (350 ms on a 250 ms spatial join). PGlite has no JIT either, so
    // both engines run the same plans.
    connection: { jit: "off" },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Database;
  return {
    engine: "postgres",
    db,
    sql: client,
    async copyRows(table, columns, rows) {
      const counter = { rows: 0 };
      const reserved = await client.reserve();
      try {
        // pipeline ends the COPY on success and destroys it on any error, from either side.
        const stream = await reserved.unsafe(copyStatement(table, columns, "STDIN")).writable();
        await pipeline(Readable.from(csvChunks(rows, counter)), stream);
      } finally {
        reserved.release();
      }
      return counter.rows;
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
