import type { UserRole } from "./roles";

/** Who a verb acts for: a signed-in account, or the system itself (CLI, seed, background work). */
export type Actor =
  | { kind: "system" }
  | {
      kind: "user";
      userId: number;
      username: string;
      displayName: string | null;
      role: UserRole;
      /** The areas the account answers for; everything below them is in scope. Empty for admin. */
      areaCodes: string[];
      /** SHA-256 of the session token the request came with. */
      sessionHash: string;
    };

export type UserActor = Extract<Actor, { kind: "user" }>;

/** The signed-in account's id, null for the system (a CLI, the seed). */
export function actorUserId(actor: Actor): number | null {
  return actor.kind === "user" ? actor.userId : null;
}
