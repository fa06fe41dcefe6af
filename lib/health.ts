import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

export interface Health {
  ok: true;
  engine: Context["engine"];
  postgis: string;
}

/** Proves the database answers and PostGIS is installed in it. */
export async function checkHealth({ ctx }: { ctx: Context }): Promise<Health> {
  const [row] = await queryRows<{ version: string }>(ctx.db, sql`SELECT postgis_lib_version() AS version`);
  return { ok: true, engine: ctx.engine, postgis: row!.version };
}
