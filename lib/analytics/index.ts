export { eligible, householdFacts, programPairs, receiptFacts } from "./facts";
export { type AnalysisArea, analysisArea, analysisVerb, childOf, eligibleMaxDesil, inArea, UNKNOWN_RT } from "./scope";
export {
  type AreaCounts,
  type AreaSummary,
  areaSummary,
  kelurahanCounts,
  type CoverageCounts,
  type InclusionErrors,
  sumCoverage,
} from "./summary";
export {
  type AnalysisWindow,
  addMonths,
  type AreaQuery,
  MAX_WINDOW_MONTHS,
  monthsBetween,
  monthsOf,
  PERIOD_PATTERN,
  resolveWindow,
  WindowOutsideData,
} from "./window";
export { explainHousehold, type HouseholdExplanation } from "./explain";
export {
  HOUSEHOLD_LISTS,
  HOUSEHOLD_SORTS,
  type HouseholdList,
  type HouseholdListQuery,
  type HouseholdPage,
  type HouseholdSort,
  listHouseholds,
  type ListedHousehold,
  PAGE_SIZE,
} from "./households";
export { areaOverlap, type AreaOverlap, type ProgramCombination } from "./overlap";
export {
  areaMonthlyCoverage,
  areaTrend,
  type AreaTrend,
  type EligibleBasis,
  type MonthlyCoverage,
  type TrendPoint,
} from "./trend";
export { type HeldRelease, heldReleases } from "./releases-in-force";
export { householdIdParam, householdListParams, pageParam, windowParams } from "./params";
export {
  coverageMonths,
  type CoverageSource,
  coverageSource,
  maskPrograms,
  monthRows,
  mostPressingClass,
  warmCoverage,
} from "./coverage-cache";
export { currentDataVersion, type DataVersion } from "./data-version";
export { EXPORT_FORMATS, exportHouseholdList, exportLimitNote } from "./household-export";
export { readVisitSheet, type VisitHousehold, type VisitSheet, VISIT_SHEET_LEVELS, visitChecks } from "./visit-sheet";
export { AREA_EXPORT_FORMATS, type AreaExportFormat, exportAreaChildren } from "./area-export";
export { INDICATOR_KEYS, INDICATORS, type Indicator, type IndicatorKey, inclusionErrorTotal } from "./indicators";
export { areaRanking, type AreaRanking, RANKED_COUNTS, type RankedArea, type RankedCount } from "./ranking";
export {
  CONDITIONAL_HOUSEHOLD_CLASSES,
  type ConditionalHouseholdClass,
  HOUSEHOLD_CLASSES,
  type HouseholdClass,
  OTHER_HOUSEHOLD_CLASS,
} from "./household-classes";
