import { randomBytes } from "node:crypto";

import { sql, type SQLWrapper } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

const STAGE_PREFIX = "import_stage_";
/** A stage older than this belongs to an import that died without cleaning up. */
const STALE_AFTER_SECONDS = 24 * 60 * 60;

export interface StageColumn {
  name: string;
  type: string;
  /**
   * The import's statements join or filter on it. When a stage marks some, the planner's
   * statistics are taken of those only: of every column they cost a large file's import a
   * quarter of a second the plans never use.
   */
  joined?: boolean;
}

export interface Stage {
  /** The table, for drizzle `sql` templates. */
  table: SQLWrapper;
  /** Bulk-loads rows (in the order of the stage's columns) through COPY. */
  load(rows: Iterable<ReadonlyArray<string | number | null>>): Promise<number>;
  drop(): Promise<void>;
}

/**
 * An unindexed table an import fills through COPY before its transaction starts. COPY runs on a
 * connection of its own (db/engine.ts), which cannot see a temporary table of the transaction's
 * connection, so the stage is a plain table with a name of its own; the import drops it when
 * done, and the next import drops any left by a process that was killed.
 */
export async function openStage(ctx: Context, purpose: string, columns: readonly StageColumn[]): Promise<Stage> {
  await dropStaleStages(ctx);
  const name = `${STAGE_PREFIX}${Math.floor(Date.now() / 1000)}_${purpose}_${randomBytes(4).toString("hex")}`;
  const table = sql.identifier(name);
  const definition = columns.map((column) => sql`${sql.identifier(column.name)} ${sql.raw(column.type)}`);
  await ctx.db.execute(sql`CREATE UNLOGGED TABLE ${table} (${sql.join(definition, sql`, `)})`);
  const joined = columns.filter((column) => column.joined).map((column) => sql.identifier(column.name));
  const analyzed = joined.length ? sql`(${sql.join(joined, sql`, `)})` : sql``;
  return {
    table,
    async load(rows) {
      const count = await ctx.copyRows(
        name,
        columns.map((column) => column.name),
        rows,
      );
      // Fresh tables have no statistics; without them the planner guesses badly on large files.
      await ctx.db.execute(sql`ANALYZE ${table} ${analyzed}`);
      return count;
    },
    async drop() {
      await ctx.db.execute(sql`DROP TABLE IF EXISTS ${table}`);
    },
  };
}

async function dropStaleStages(ctx: Context): Promise<void> {
  const stages = await queryRows<{ name: string }>(
    ctx.db,
    sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ${`${STAGE_PREFIX}%`}`,
  );
  const now = Date.now() / 1000;
  for (const { name } of stages) {
    const createdAt = Number(name.slice(STAGE_PREFIX.length).split("_")[0]);
    if (now - createdAt > STALE_AFTER_SECONDS) await ctx.db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(name)}`);
  }
}
