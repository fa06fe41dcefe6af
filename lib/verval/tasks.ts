import { sql, type SQL } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { can, placeScopeSql, type Actor } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";

import { listProposals, type ProposalSummary } from "./proposals";

/** The proposals that wait on this account: the lurah's to approve, Dinas Sosial's to verify or apply, the author's returned and drafts. */
function waitingOn(actor: Actor): SQL {
  const parts: SQL[] = [];
  if (can(actor, "approve_proposals")) parts.push(sql`p.state = 'diajukan'`);
  if (can(actor, "verify_proposals")) parts.push(sql`p.state IN ('disetujui_lurah', 'diverifikasi')`);
  if (can(actor, "propose") && actor.kind === "user")
    parts.push(sql`(p.state IN ('draf', 'dikembalikan') AND p.author_id = ${actor.userId})`);
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** How many proposals wait on the account (the navigation's count). */
export async function taskCount(ctx: Context): Promise<number> {
  if (!can(ctx.actor, "person_details")) return 0;
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<{ n: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS n FROM proposal p
        WHERE p.kabkota_code = ${kabkota} AND ${waitingOn(ctx.actor)}
          AND ${placeScopeSql(ctx.actor, sql`p.kelurahan_code`, sql`p.rt_code`)}`,
  );
  return row?.n ?? 0;
}

export interface Tasks {
  /** Waiting on me: to approve, verify or apply. */
  waiting: ProposalSummary[];
  /** Mine: drafts and those returned to me. */
  mine: ProposalSummary[];
  /** Everything still open in my areas that is past its SLA. */
  overdue: ProposalSummary[];
  /** Open proposals of my areas, waiting on someone else. */
  others: ProposalSummary[];
}

/** The account's to-do list over the open proposals of its areas. */
export async function myTasks(ctx: Context): Promise<Tasks> {
  const open = await listProposals({ ctx, input: { open: true } });
  const actor = ctx.actor;
  const mine = (p: ProposalSummary) =>
    can(actor, "propose") &&
    (p.state === "draf" || p.state === "dikembalikan") &&
    p.author_id === (actor.kind === "user" ? actor.userId : -1);
  const forMe = (p: ProposalSummary) =>
    (can(actor, "approve_proposals") && p.state === "diajukan") ||
    (can(actor, "verify_proposals") && (p.state === "disetujui_lurah" || p.state === "diverifikasi"));
  return {
    waiting: open.filter(forMe),
    mine: open.filter(mine),
    overdue: open.filter((p) => p.overdue),
    others: open.filter((p) => !forMe(p) && !mine(p) && p.state !== "draf"),
  };
}
