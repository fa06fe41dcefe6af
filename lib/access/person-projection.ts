import { maskIdNumber } from "@/lib/nik";

import type { Actor } from "./actor";
import { can } from "./scope";

/** A member as stored: a `person` row, or one of the members a `household_history` snapshot keeps. */
export interface PersonRecord {
  nik: string | null;
  name: string;
  sex: string | null;
  relation: string | null;
  birth_date: string | null;
  death_date: string | null;
  /** The stored NIK check; a snapshot's members carry none. */
  nik_check?: string | null;
}

/** A household's register fields as stored, live or in a history snapshot, with its members. */
export interface HouseholdRecord {
  no_kk: string | null;
  desil: number | null;
  status: string;
  nonaktif_reason: string | null;
  verval_status: string;
  members: PersonRecord[];
}

export interface MemberView {
  /** Masked (`6472**********03`): the full number only through the logged reveal. */
  nik: string | null;
  nik_check: string | null;
  name: string;
  sex: string | null;
  relation: string | null;
  birth_date: string | null;
  death_date: string | null;
}

/**
 * A household as a role sees it: the register fields and the number of members for everyone in
 * scope; the masked No. KK and the members only for a role with `person_details` (absent, not
 * empty, for the others).
 */
export interface HouseholdView {
  desil: number | null;
  status: string;
  nonaktif_reason: string | null;
  verval_status: string;
  member_count: number;
  no_kk?: string | null;
  members?: MemberView[];
}

/**
 * The one projection of a household and its members, for the live record and every snapshot of
 * its history alike: columns picked one by one, NIK and No. KK masked, and nothing of a person
 * (name, NIK, No. KK, birth date, relation) for a role without `person_details`. Address and
 * geotag are never part of it.
 */
export function householdForRole(record: HouseholdRecord, actor: Actor): HouseholdView {
  const view: HouseholdView = {
    desil: record.desil,
    status: record.status,
    nonaktif_reason: record.nonaktif_reason,
    verval_status: record.verval_status,
    member_count: record.members.length,
  };
  if (!can(actor, "person_details")) return view;
  return {
    ...view,
    no_kk: maskIdNumber(record.no_kk),
    members: record.members.map((person) => ({
      nik: maskIdNumber(person.nik),
      nik_check: person.nik_check ?? null,
      name: person.name,
      sex: person.sex,
      relation: person.relation,
      birth_date: person.birth_date,
      death_date: person.death_date,
    })),
  };
}
