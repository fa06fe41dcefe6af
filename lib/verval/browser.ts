export {
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  type ProposalKind,
  type ProposalState,
} from "@/db/schema/vocabulary";
