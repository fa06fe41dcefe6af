import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { placeScopeSql } from "@/lib/access";
import type { Context } from "@/lib/context";

export interface LocationCounts {
  households: number;
  /** No geotag: placed by the RT and kelurahan the register declares. */
  withoutGeotag: number;
  /** A geotag in another kelurahan than the declared one. */
  mismatched: number;
  /** A geotag inside the city's outline but in no kelurahan polygon. */
  outsideAreas: number;
  /** A geotag outside the kabupaten/kota itself: a place that cannot be the household's. */
  outsideKabkota: number;
}

/** How the households of a kabupaten/kota in the actor's scope were placed by the spatial join (for the map's footnote). */
export async function locationCounts({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string };
}): Promise<LocationCounts> {
  const [row] = await queryRows<LocationCounts>(
    ctx.db,
    sql`SELECT count(*)::int AS households,
               count(*) FILTER (WHERE location_status = 'tanpa_geotag')::int AS "withoutGeotag",
               count(*) FILTER (WHERE location_status = 'tidak_sesuai')::int AS "mismatched",
               count(*) FILTER (WHERE location_status = 'di_luar_wilayah')::int AS "outsideAreas",
               count(*) FILTER (WHERE location_status = 'di_luar_kabkota')::int AS "outsideKabkota"
        FROM household
        WHERE kabkota_code = ${input.kabkotaCode} AND ${placeScopeSql(ctx.actor, sql`effective_kelurahan_code`, sql`effective_rt_code`)}`,
  );
  return row ?? { households: 0, withoutGeotag: 0, mismatched: 0, outsideAreas: 0, outsideKabkota: 0 };
}
