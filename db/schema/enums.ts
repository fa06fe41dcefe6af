import { pgEnum } from "drizzle-orm/pg-core";

import {
  AREA_LEVELS,
  CIVIL_EVENTS,
  FAMILY_RELATIONS,
  HOUSEHOLD_STATUSES,
  IMPORT_KINDS,
  IMPORT_STATUSES,
  LINKAGE_KINDS,
  LINKAGE_STATES,
  LOCATION_STATUSES,
  NATIONAL_CHECKS,
  NIK_CHECKS,
  NONAKTIF_REASONS,
  PROGRAM_LEVELS,
  PROGRAM_UNITS,
  PROPOSAL_KINDS,
  PROPOSAL_STATES,
  RECEIPT_MATCH_METHODS,
  SEXES,
  USER_ROLES,
  VERVAL_STATUSES,
} from "./vocabulary";

export const areaLevel = pgEnum("area_level", AREA_LEVELS);
export const householdStatus = pgEnum("household_status", HOUSEHOLD_STATUSES);
export const nonaktifReason = pgEnum("nonaktif_reason", NONAKTIF_REASONS);
export const vervalStatus = pgEnum("verval_status", VERVAL_STATUSES);
export const sex = pgEnum("sex", SEXES);
export const familyRelation = pgEnum("family_relation", FAMILY_RELATIONS);
export const nikCheck = pgEnum("nik_check", NIK_CHECKS);
export const locationStatus = pgEnum("location_status", LOCATION_STATUSES);
export const programLevel = pgEnum("program_level", PROGRAM_LEVELS);
export const programUnit = pgEnum("program_unit", PROGRAM_UNITS);
export const receiptMatchMethod = pgEnum("receipt_match_method", RECEIPT_MATCH_METHODS);
export const importKind = pgEnum("import_kind", IMPORT_KINDS);
export const importStatus = pgEnum("import_status", IMPORT_STATUSES);
export const userRole = pgEnum("user_role", USER_ROLES);
export const proposalKind = pgEnum("proposal_kind", PROPOSAL_KINDS);
export const proposalState = pgEnum("proposal_state", PROPOSAL_STATES);
export const civilEvent = pgEnum("civil_event", CIVIL_EVENTS);
export const nationalCheck = pgEnum("national_check", NATIONAL_CHECKS);
export const linkageKind = pgEnum("linkage_kind", LINKAGE_KINDS);
export const linkageState = pgEnum("linkage_state", LINKAGE_STATES);
