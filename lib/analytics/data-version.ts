import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

export interface DataVersion {
  /** Moves forward once per writing statement to what analytics reads (db/schema/coverage-cache.ts), never back. */
  version: number;
  /** When it last moved; null before the first migration wrote the row. */
  changedAt: string | null;
}

/**
 * The data version: what every cache of computed answers keys on (coverage windows, tiles, the
 * wall screen's figures) and what a long read compares before and after (exports).
 */
export async function currentDataVersion(ctx: Context): Promise<DataVersion> {
  const [current] = await queryRows<DataVersion>(
    ctx.db,
    sql`SELECT version::float8 AS version, changed_at::text AS "changedAt" FROM data_version WHERE id = 1`,
  );
  return current ?? { version: 0, changedAt: null };
}
