export { householdFacts, receiptFacts } from "./facts";
export { type AnalysisArea, analysisArea, eligibleMaxDesil, UNKNOWN_RT } from "./scope";
export { type AreaCounts, type AreaSummary, areaSummary, type CoverageCounts, type InclusionErrors } from "./summary";
export { type AnalysisWindow, addMonths, type AreaQuery, monthsOf, PERIOD_PATTERN, resolveWindow } from "./window";
export { explainHousehold, type HouseholdExplanation } from "./explain";
export { HOUSEHOLD_LISTS, HOUSEHOLD_SORTS, type HouseholdList, type HouseholdListQuery, type HouseholdPage, type HouseholdSort, listHouseholds, type ListedHousehold, PAGE_SIZE } from "./households";
export { areaOverlap, type AreaOverlap, type ProgramCombination } from "./overlap";
export { areaTrend, type AreaTrend, type TrendPoint } from "./trend";
export { areaCodeParam, householdIdParam, householdListParams, windowParams } from "./params";
