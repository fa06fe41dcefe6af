import { sql } from "drizzle-orm";

import { hasErrorCode, queryRows, sqlArray, withLocalSettings, type Database } from "./engine";

/** Pages a table may grow or shrink by before its statistics are taken again: autovacuum's 10 %, plus a floor for small tables. */
const CHANGED_SHARE = 0.1;
const CHANGED_PAGES_FLOOR = 8;

/**
 * Takes the planner's statistics again for every table of the schema that never had any while
 * holding rows, or whose size moved by more than a tenth since they were taken: what the server's
 * autovacuum does, and PGlite has none. Without them the planner takes a table of millions of rows
 * for a few and loops over it (the city's monthly trend ran for minutes on the 42k demo). Cheap
 * when nothing changed: one read of pg_class. Only tables the connected role owns: ANALYZE skips
 * the others, and on a server whose app role owns none, autovacuum keeps them. Returns the tables
 * analyzed.
 */
export async function analyzeChangedTables(db: Database): Promise<string[]> {
  const changed = await queryRows<{ name: string }>(
    db,
    sql`
      SELECT c.relname AS name
      FROM pg_class c, LATERAL (SELECT pg_relation_size(c.oid) / current_setting('block_size')::int AS pages) s
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND s.pages > 0
        AND pg_has_role(current_user, c.relowner, 'MEMBER')
        AND (c.reltuples < 0 OR abs(s.pages - c.relpages) > ${CHANGED_SHARE}::float8 * c.relpages + ${CHANGED_PAGES_FLOOR}::int)
      ORDER BY c.relname`,
  );
  for (const { name } of changed) await db.execute(sql`ANALYZE ${sql.identifier(name)}`);
  return changed.map(({ name }) => name);
}

/**
 * The planner's row count of `table` (-1 when never counted), or null when the connected role
 * does not own it: ANALYZE and VACUUM skip such a table with a warning, and on a server whose app
 * role owns none, autovacuum keeps them.
 */
async function ownedTableRows(db: Database, table: string): Promise<number | null> {
  const [stats] = await queryRows<{ rows: number }>(
    db,
    sql`SELECT reltuples::float8 AS rows FROM pg_class
        WHERE oid = ${table}::regclass AND pg_has_role(current_user, relowner, 'MEMBER')`,
  );
  return stats ? stats.rows : null;
}

/** The share of a table one write must reach before its statistics are taken again: autovacuum's default. */
const ANALYZE_SCALE_FACTOR = 0.1;

/**
 * Takes the planner's statistics of a table one write filled much of (a batch, the demo's
 * register), as the server's autovacuum would later (PGlite has none): the lookups that follow,
 * and every later plan, depend on them. Without them an equality on kabkota_code looks selective,
 * and a lookup per row scans a whole index. A table never analyzed always is.
 */
export async function analyzeAfterWrite(
  db: Database,
  table: "household" | "person" | "aid_receipt" | "linkage_pair" | "linkage_register_name" | "linkage_name_pair",
  rowsWritten: number,
): Promise<void> {
  const rows = await ownedTableRows(db, table);
  if (rows === null || (rows >= 0 && rowsWritten <= ANALYZE_SCALE_FACTOR * rows)) return;
  await db.execute(sql`ANALYZE ${sql.identifier(table)}`);
}

/**
 * The tables whose statistics are taken again when a write brings a value of a key they do not
 * know: receipts of a new month, and the coverage cache's rows of a base, month, quarter/year or
 * window stored anew. A cache id (`growing`) is given past every earlier one: an id at or below
 * the greatest the statistics know was there when they were taken, with its rows or with none
 * (a month without receipts), so only a greater one is new. A month of receipts may arrive
 * between months already held (a list of an earlier month), so a period is known only as a
 * common value or within the histogram.
 */
const KEYED_TABLES = {
  aid_receipt: { key: "period", type: "text", growing: false },
  coverage_base_household: { key: "base_id", type: "bigint", growing: true },
  coverage_base_rt: { key: "base_id", type: "bigint", growing: true },
  coverage_month_household: { key: "month_id", type: "bigint", growing: true },
  coverage_month_rt: { key: "month_id", type: "bigint", growing: true },
  coverage_span_household: { key: "span_id", type: "bigint", growing: true },
  coverage_span_rt: { key: "span_id", type: "bigint", growing: true },
  coverage_household: { key: "window_id", type: "bigint", growing: true },
} as const;
export type KeyedTable = keyof typeof KEYED_TABLES;

/** How long `analyzeKeyedTable` waits for another transaction's lock on the table before leaving it. */
const ANALYZE_LOCK_WAIT = "1s";

/**
 * How many of `values` the statistics of `table` do not know (KEYED_TABLES): planned from them,
 * an equality on such a value looks like one row. 0 for a table the role does not own (it is
 * never analyzed here).
 */
export async function keysUnknownToStatistics(
  db: Database,
  table: KeyedTable,
  values: readonly string[] | readonly number[],
): Promise<number> {
  if (values.length === 0 || (await ownedTableRows(db, table)) === null) return 0;
  const { key, type, growing } = KEYED_TABLES[table];
  const cast = sql.raw(type);
  const known = growing
    ? sql`v <= (SELECT max(k) FROM unnest(coalesce(s.most_common_vals::text::${cast}[], '{}') || coalesce(x.h, '{}')) k)`
    : sql`(v = ANY (s.most_common_vals::text::${cast}[]) OR v BETWEEN x.h[1] AND x.h[array_upper(x.h, 1)])`;
  const [unknown] = await queryRows<{ values: number }>(
    db,
    sql`SELECT count(*)::int AS values FROM unnest(${sqlArray(values, type)}) v
        WHERE NOT EXISTS (
          SELECT 1 FROM pg_stats s CROSS JOIN LATERAL (SELECT s.histogram_bounds::text::${cast}[] AS h) x
          WHERE s.schemaname = 'public' AND s.tablename = ${table} AND s.attname = ${key} AND ${known})`,
  );
  return unknown?.values ?? 0;
}

/** Whether the statistics of `table` do not know more than `unknownShare` of `values` (by default: any of them). */
export async function statisticsLagBehind(
  db: Database,
  table: KeyedTable,
  values: readonly string[] | readonly number[],
  { unknownShare = 0 }: { unknownShare?: number } = {},
): Promise<boolean> {
  return (await keysUnknownToStatistics(db, table, values)) > unknownShare * values.length;
}

/**
 * Takes the statistics of `table` again when a write brought a value of its key that they do not
 * know (`keysUnknownToStatistics`), or, given `unknownShare`, when more than that share of
 * `values` is unknown: a query reading them all is then planned from the rest. Planned from
 * statistics that know no such value, an equality on it looks like one row: a recipient list of a
 * new month (far below autovacuum's tenth of the table) had its tens of thousands of receipts
 * looked up one by one, and a window filled right after a DTKS import, from a base and months
 * stored moments before, ran for minutes at a million households instead of 4 s (the server's
 * autovacuum comes too late; PGlite has none). Only a table the role owns. Inside a caller's
 * transaction ANALYZE's lock is held until it commits: another transaction analyzing the same
 * table meanwhile waits at most ANALYZE_LOCK_WAIT, then leaves it to that one. Returns whether it analyzed.
 */
export async function analyzeNewKeys(
  db: Database,
  table: KeyedTable,
  values: readonly string[] | readonly number[],
  options: { unknownShare?: number } = {},
): Promise<boolean> {
  if (!(await statisticsLagBehind(db, table, values, options))) return false;
  return analyzeKeyedTable(db, table);
}

/**
 * Takes the statistics of a keyed table (see `analyzeNewKeys`), waiting at most
 * ANALYZE_LOCK_WAIT for another transaction analyzing it; whether it analyzed.
 */
export async function analyzeKeyedTable(db: Database, table: KeyedTable): Promise<boolean> {
  try {
    await db.transaction((savepoint) =>
      withLocalSettings(savepoint, { lock_timeout: ANALYZE_LOCK_WAIT }, () =>
        savepoint.execute(sql`ANALYZE ${sql.identifier(table)}`),
      ),
    );
    return true;
  } catch (error) {
    if (hasErrorCode(error, "55P03")) return false;
    throw error;
  }
}

/** Share of a table's rows rewritten at once past which its dead row versions are cleared at once. */
const REWRITTEN_SHARE = 0.05;

/**
 * Vacuums and analyzes `table` when one write left dead row versions for more than a twentieth
 * of its rows: each rewritten row leaves a dead version in the heap and every index, and lookups
 * through an index visit them until a vacuum clears them; the rewritten columns (a relink's
 * matches) are planned from statistics taken anew, which analyzeChangedTables would not take (the
 * vacuum leaves the page count it compares unchanged). The server's autovacuum waits for a fifth of the
 * table (about 580,000 receipts at the 42k demo) and PGlite has none; a city's first list through
 * record linkage rewrites the matches of its recipients' earlier receipts (about 195,000 at 42k).
 * Only a table the role owns, and outside any transaction (the callers run it after theirs). A vacuum that fails is an
 * optimisation missed, logged and never the caller's failure. Returns whether it vacuumed.
 */
export async function vacuumAfterRewrite(
  db: Database,
  table: "aid_receipt",
  deadVersions: number,
  onVacuum: () => void = () => undefined,
): Promise<boolean> {
  if (deadVersions === 0) return false;
  const rows = await ownedTableRows(db, table);
  if (rows === null || deadVersions <= REWRITTEN_SHARE * Math.max(rows, 0)) return false;
  onVacuum();
  try {
    await db.execute(sql`VACUUM (ANALYZE) ${sql.identifier(table)}`);
    return true;
  } catch (error) {
    console.error(`vacuumAfterRewrite ${table}:`, error);
    return false;
  }
}
