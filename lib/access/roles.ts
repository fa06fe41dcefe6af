import { USER_ROLES, type UserRole } from "@/db/schema/vocabulary";

export { USER_ROLES, type UserRole };

export const ROLE_LABELS: Record<UserRole, string> = {
  admin: "Admin (Dinas Sosial / Diskominfo)",
  pimpinan: "Pimpinan (Wali Kota, Bappeda)",
  camat: "Camat",
  lurah: "Lurah",
  operator: "Operator kelurahan",
};

/** What a role may do beyond reading the aggregates and masked lists of its areas. */
export const CAPABILITIES = [
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
] as const;
export type Capability = (typeof CAPABILITIES)[number];

const ROLE_CAPABILITIES: Record<UserRole, readonly Capability[]> = {
  admin: CAPABILITIES,
  pimpinan: ["command_screen"],
  camat: ["person_details", "household_points"],
  lurah: ["person_details", "household_points"],
  operator: ["person_details", "household_points", "reveal_nik"],
};

export function roleCan(role: UserRole, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** Roles whose accounts answer for named areas; an admin answers for everything. */
export function roleNeedsAreas(role: UserRole): boolean {
  return role !== "admin";
}
