import { sql } from "drizzle-orm";

import { queryRows, type Database } from "./engine";

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
