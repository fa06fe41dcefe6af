/** What client components may import from the scorecard: the figures' definitions, no database. */
export { SCORECARD_FIGURE_KEYS, SCORECARD_FIGURES, type ScorecardFigureKey, type ScorecardValue } from "./figures";
