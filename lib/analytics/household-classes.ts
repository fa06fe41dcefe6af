/**
 * What a household is in a window, most pressing first: nonaktif yet paid (an inclusion error),
 * stacked (two programs or more), eligible and uncovered, one program, anything else. A household
 * is of the first class whose condition it meets (`mostPressingClass`, coverage-cache.ts), and
 * `lainnya` when it meets none; a map cluster takes the most pressing class among its households.
 * Imports nothing, so the map's client code may read it too.
 */
export const HOUSEHOLD_CLASSES = ["kesalahan", "bertumpuk", "belum_menerima", "menerima", "lainnya"] as const;
export type HouseholdClass = (typeof HOUSEHOLD_CLASSES)[number];

/** The class of a household that meets no condition: the last. */
export const OTHER_HOUSEHOLD_CLASS = "lainnya" satisfies HouseholdClass;
export type ConditionalHouseholdClass = Exclude<HouseholdClass, typeof OTHER_HOUSEHOLD_CLASS>;
/** The classes a household earns by a condition, most pressing first. */
export const CONDITIONAL_HOUSEHOLD_CLASSES = HOUSEHOLD_CLASSES.filter(
  (kelas): kelas is ConditionalHouseholdClass => kelas !== OTHER_HOUSEHOLD_CLASS,
);
