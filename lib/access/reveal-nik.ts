import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { recordAudit } from "./audit";
import { assertCan, placeInScope } from "./scope";

export interface RevealedIds {
  household_id: number;
  no_kk: string | null;
  members: Array<{ name: string; nik: string | null }>;
}

/**
 * The full No. KK and members' NIKs of one household, for a role that may see them (admin, and
 * the kelurahan operator within its area), written to the audit log before they are returned.
 * Null when there is no such household in the actor's scope.
 */
export async function revealHouseholdIds({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number; ip?: string | null };
}): Promise<RevealedIds | null> {
  assertCan(ctx.actor, "reveal_nik");
  const [household] = await queryRows<{
    kelurahan_code: string | null;
    rt_code: string | null;
    no_kk: string | null;
    dtks_id: string;
  }>(
    ctx.db,
    sql`SELECT effective_kelurahan_code AS kelurahan_code, effective_rt_code AS rt_code, no_kk, dtks_id FROM household WHERE id = ${input.id}`,
  );
  if (!household || !placeInScope(ctx.actor, household.kelurahan_code, household.rt_code)) return null;
  const members = await queryRows<{ name: string; nik: string | null }>(
    ctx.db,
    sql`SELECT p.name, p.nik FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE h.id = ${input.id} ORDER BY p.id`,
  );
  await recordAudit(ctx, {
    action: "nik_reveal",
    entity: "household",
    entityId: input.id,
    areaCode: household.kelurahan_code,
    ip: input.ip,
    detail: { dtks_id: household.dtks_id, members: members.length },
  });
  return { household_id: input.id, no_kk: household.no_kk, members };
}
