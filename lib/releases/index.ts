export {
  cityReleases,
  type RecordedRelease,
  recordedNote,
  recordPastRelease,
  recordRelease,
  releaseMode,
  releaseFields,
  type ReleaseInput,
} from "./record";
export {
  type DesilKey,
  type EligibilityChange,
  type ProgramTransition,
  RELEASE_LIST_PAGE_SIZE,
  RELEASE_LISTS,
  releaseComparisonParams,
  releaseHouseholds,
  type ReleaseList,
  type ReleaseListedHousehold,
  type ReleaseListPage,
  releaseListParams,
  releaseTransitions,
  type ReleaseTransitions,
  type TransitionCell,
} from "./transitions";
export { type HeldRelease, heldReleases } from "@/lib/analytics";
