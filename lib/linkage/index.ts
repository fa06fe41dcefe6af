export {
  BLOCKING_SIMILARITY,
  LINK_STEPS,
  type LinkOutcome,
  linkageOutcomes,
  linkRecords,
  type LinkReport,
  type LinkStep,
  type LinkThresholds,
  linkThresholds,
} from "./link";
export {
  decideLinkagePair,
  linkageDecision,
  type LinkagePairView,
  linkageQueue,
  linkageQueueParams,
  type LinkedRecord,
  type LinkRunAnswer,
  matchLabel,
  runLinkage,
} from "./queue";
export { LINK_MARGIN, LINK_WEIGHTS, UNKNOWN_EVIDENCE } from "./score";
