export { householdFacts, receiptFacts } from "./facts";
export { type AnalysisArea, analysisArea, eligibleMaxDesil, UNKNOWN_RT } from "./scope";
export { type AreaCounts, type AreaSummary, areaSummary, type CoverageCounts, type InclusionErrors } from "./summary";
export { type AnalysisWindow, addMonths, monthsOf, PERIOD_PATTERN, resolveWindow } from "./window";
