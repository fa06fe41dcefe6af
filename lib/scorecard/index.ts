export {
  type OperatorScorecard,
  operatorScorecards,
  readScorecard,
  type Scorecard,
  type ScorecardArea,
} from "./compute";
export {
  daysBetween,
  percentOf,
  ranksOf,
  SCORECARD_FIGURE_KEYS,
  SCORECARD_FIGURES,
  SCORECARD_GROUPS,
  type ScorecardCounts,
  type ScorecardFigure,
  type ScorecardGroup,
  type ScorecardFigureKey,
  type ScorecardValue,
  sumCounts,
} from "./figures";
