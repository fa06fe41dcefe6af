import { USER_ROLES, type UserRole } from "@/db/schema/vocabulary";

export { USER_ROLES, type UserRole };

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: "Admin (Dinas Sosial / Diskominfo)",
  pimpinan: "Pimpinan (Wali Kota, Bappeda)",
  camat: "Camat",
  lurah: "Lurah",
  operator: "Operator kelurahan",
  layar: "Layar komando (PC dinding)",
  dinsos: "Verifikator Dinas Sosial",
};

/** What a role may do; every page and route names the capability it needs (lib/http.ts, request.ts). */
export const CAPABILITIES = [
  /**
   * The app itself for its areas: map, area pages, lists, exports, search, one's own account.
   * A page or route that names no other capability needs this one, so the wall screen's account,
   * which lacks it, is refused everything but the screen, including what is added later.
   */
  "read_areas",
  /** DTKS, recipient and boundary imports. */
  "import",
  /** Accounts, roles and their areas. */
  "manage_users",
  /** Exclusivity rules and analysis settings. */
  "manage_rules",
  /** The audit log. */
  "read_audit",
  /** Show a member's full NIK and No. KK (an explicit, logged action). */
  "reveal_nik",
  /**
   * Single persons and households: names, masked NIK and No. KK, birth dates, relations, address
   * and geotag on lists and household pages, and search by name or NIK. Pimpinan works with
   * aggregates and lacks it (UU 27/2022: the least the task needs).
   */
  "person_details",
  /** Single households on the map at street level (zoom ≥ 15). */
  "household_points",
  /** The command-center screen. */
  "command_screen",
  /**
   * Verval: take part in it for one's areas — see the suggestions, dismiss one, open the to-do —
   * each step of a proposal needing its own capability below besides.
   */
  "verval",
  /** Verval: draft, submit and withdraw proposals for one's kelurahan, and dismiss its suggestions. */
  "propose",
  /** Verval: approve a proposal of one's kelurahan or return it to its author. */
  "approve_proposals",
  /** Verval: verify and apply a proposal to the register, return or reject it (Dinas Sosial). */
  "verify_proposals",
  /** Tidak double: compute, save and compare scenarios of a city program's recipients (figures only). */
  "plan_targeting",
  /** Tidak double: see a scenario's households, adopt a scenario and export its recipient list. */
  "target_lists",
  /** Record linkage: review the queue of likely pairs (a receipt and a person, or two persons) of one's areas, and decide them. */
  "link_records",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<UserRole, readonly Capability[]> = {
  admin: CAPABILITIES,
  pimpinan: ["read_areas", "command_screen", "plan_targeting"],
  camat: ["read_areas", "person_details", "household_points"],
  lurah: ["read_areas", "person_details", "household_points", "verval", "approve_proposals"],
  operator: ["read_areas", "person_details", "household_points", "reveal_nik", "verval", "propose", "link_records"],
  layar: ["command_screen"],
  // City-wide verifier: imports and verval, no accounts, rules or audit log.
  dinsos: [
    "read_areas",
    "person_details",
    "household_points",
    "import",
    "verval",
    "verify_proposals",
    "plan_targeting",
    "target_lists",
    "link_records",
  ],
};

export function roleCan(role: UserRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** The one page an account of the role may start on, when it may open nothing else (the wall screen); else null. */
export function fixedLanding(role: UserRole): string | null {
  return roleCan(role, "read_areas") ? null : "/layar";
}

/** Where an account lands after signing in: the page it asked for, unless its role has a fixed one. */
export function landingPath(role: UserRole, requested: string): string {
  return fixedLanding(role) ?? requested;
}

/** Roles whose accounts answer for named areas; an admin answers for everything. */
export function roleNeedsAreas(role: UserRole): boolean {
  return role !== "admin";
}
