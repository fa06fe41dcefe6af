import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

/** A DTSEN release of a kabupaten/kota (lib/releases): its name and the date it was published. */
export interface HeldRelease {
  id: number;
  name: string;
  release_date: string;
  households: number;
}

/** The releases a kabupaten/kota holds, oldest first. */
export function heldReleases(ctx: Context, kabkotaCode: string): Promise<HeldRelease[]> {
  return queryRows<HeldRelease>(
    ctx.db,
    sql`SELECT id::int AS id, name, release_date::text AS release_date, households
        FROM dtks_release WHERE kabkota_code = ${kabkotaCode}
        ORDER BY release_date, id`,
  );
}

/** The release a month is counted against, and whether that release came out only after it. */
export interface ReleaseInForce {
  release: HeldRelease;
  /** No release covers the month: the earliest held is used in its place. */
  later_than_period: boolean;
}

/**
 * Each month with the release in force then: the latest published in or before that month;
 * for a month before every release, the earliest (marked). Empty when no release is held.
 */
export function releasesInForce(releases: HeldRelease[], periods: string[]): Map<string, ReleaseInForce> {
  const inForce = new Map<string, ReleaseInForce>();
  const [earliest] = releases;
  if (!earliest) return inForce;
  for (const period of periods) {
    const covering = releases.filter((release) => release.release_date.slice(0, 7) <= period).at(-1);
    inForce.set(period, { release: covering ?? earliest, later_than_period: !covering });
  }
  return inForce;
}
