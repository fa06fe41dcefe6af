import { sql, type SQL } from "drizzle-orm";

import { areaLevelOfCode } from "@/lib/area-codes";

import type { Actor } from "./actor";
import { AccessDenied } from "./errors";
import { roleCan, type Capability } from "./roles";

/**
 * The area codes an actor may see, everything below each included; null for no limit (the
 * system and admins). A non-admin account without areas sees nothing.
 */
export function scopeCodes(actor: Actor): string[] | null {
  if (actor.kind === "system" || actor.role === "admin") return null;
  return actor.areaCodes;
}

export function can(actor: Actor, capability: Capability): boolean {
  return actor.kind === "system" || roleCan(actor.role, capability);
}

/** Whether `code` lies in the actor's scope: one of its areas or below one. */
export function inScope(actor: Actor, code: string | null): boolean {
  const codes = scopeCodes(actor);
  if (codes === null) return true;
  if (code === null) return false;
  return codes.some((scope) => code === scope || code.startsWith(`${scope}.`));
}

/** SQL: an area code column lies in the actor's scope. */
export function areaScopeSql(actor: Actor, code: SQL): SQL {
  const codes = scopeCodes(actor);
  if (codes === null) return sql`true`;
  if (codes.length === 0) return sql`false`;
  return sql`(${sql.join(
    codes.map((scope) => sql`(${code} = ${scope} OR ${code} LIKE ${`${scope}.%`})`),
    sql` OR `,
  )})`;
}

/**
 * SQL: a household (or a receipt attributed like one) lies in the actor's scope, given its
 * effective kelurahan and RT. Scope codes above a kelurahan match by prefix, an RT scope exactly.
 */
export function placeScopeSql(actor: Actor, kelurahan: SQL, rt: SQL): SQL {
  const codes = scopeCodes(actor);
  if (codes === null) return sql`true`;
  if (codes.length === 0) return sql`false`;
  return sql`(${sql.join(
    codes.map((scope) => {
      switch (areaLevelOfCode(scope)) {
        case "rt":
          return sql`${rt} = ${scope}`;
        case "kelurahan":
          return sql`${kelurahan} = ${scope}`;
        default:
          return sql`${kelurahan} LIKE ${`${scope}.%`}`;
      }
    }),
    sql` OR `,
  )})`;
}

/** Whether a household placed in `kelurahan`/`rt` lies in the actor's scope (the JS twin of placeScopeSql). */
export function placeInScope(actor: Actor, kelurahan: string | null, rt: string | null): boolean {
  const codes = scopeCodes(actor);
  if (codes === null) return true;
  return codes.some((scope) => {
    if (areaLevelOfCode(scope) === "rt") return rt === scope;
    return kelurahan !== null && (kelurahan === scope || kelurahan.startsWith(`${scope}.`));
  });
}

/** A key that differs whenever two actors may see different things (for caches of built answers). */
export function scopeKey(actor: Actor): string {
  const codes = scopeCodes(actor);
  const points = can(actor, "household_points") ? "p" : "-";
  return `${codes === null ? "*" : [...codes].sort().join(",")}|${points}`;
}

/** Where an actor starts: its first area, or null to start at the home kabupaten/kota. */
export function homeAreaOf(actor: Actor): string | null {
  const codes = scopeCodes(actor);
  return codes && codes.length > 0 ? [...codes].sort()[0]! : null;
}

/** Throws AccessDenied unless the actor's role has `capability`: verbs guard themselves too. */
export function assertCan(actor: Actor, capability: Capability): void {
  if (!can(actor, capability)) throw new AccessDenied(capability);
}
