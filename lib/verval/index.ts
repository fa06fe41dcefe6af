export {
  FAMILY_RELATIONS,
  NATIONAL_CHECK_LABELS,
  NATIONAL_CHECKS,
  NONAKTIF_REASONS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_KINDS,
  PROPOSAL_STATE_LABELS,
  PROPOSAL_STATES,
  type ProposalKind,
  type ProposalState,
} from "@/db/schema/vocabulary";
export { StaleProposal } from "./apply";
export { isoDate, type ProposalDraft, proposalDraft } from "./change";
export type { HouseholdState } from "./snapshot";
export { cleanPhoto, MAX_PHOTO_BYTES, PHOTO_KIND_LABELS, PHOTO_KINDS, type PhotoKind } from "./photo";
export { addProposalPhoto, MAX_PHOTOS_PER_PROPOSAL, photoKindParam, readProposalPhoto } from "./photos";
export {
  createProposal,
  FieldErrors,
  getProposal,
  listProposals,
  OPEN_STATES,
  overdueSql,
  proposalCounts,
  type ProposalCounts,
  type ProposalDetail,
  proposalIdParam,
  proposalListParams,
  type ProposalPoint,
  proposalPoints,
  type ProposalSummary,
  proposalTransition,
  proposalUpdate,
  slaLimits,
  transitionProposal,
  updateProposal,
} from "./proposals";
export {
  availableActions,
  PROPOSAL_ACTION_LABELS,
  PROPOSAL_ACTIONS,
  type ProposalAction,
  refusal,
  transitionOf,
  TRANSITIONS,
} from "./states";
export {
  canSeeSuggestions,
  dismissSuggestion,
  listSuggestions,
  openSuggestionsByKelurahan,
  type Suggestion,
  SUGGESTION_KIND_LABELS,
  SUGGESTION_KINDS,
  suggestionDismissal,
  type SuggestionKind,
  suggestionListParams,
} from "./suggestions";
export { myTasks, taskCount, type Tasks } from "./tasks";
export { describeChange, householdForProposal, type HouseholdForProposal } from "./describe";
export {
  createMuskel,
  listMuskel,
  MAX_MINUTES_BYTES,
  muskelIdParam,
  muskelInput,
  muskelListParams,
  type MuskelSummary,
  proposalsAwaitingMuskel,
  readMuskelMinutes,
} from "./muskel";
export { checkAppliedProposals, type NationalFile } from "./national";
