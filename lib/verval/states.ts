import { PROPOSAL_STATE_LABELS, type ProposalState } from "@/db/schema/vocabulary";
import { can, type Actor, type Capability } from "@/lib/access";

/** What a person may do to a proposal; each moves it from one state to another (TRANSITIONS). */
export const PROPOSAL_ACTIONS = [
  "ajukan",
  "tarik",
  "setujui",
  "kembalikan",
  "verifikasi",
  "terapkan",
  "tolak",
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

export const PROPOSAL_ACTION_LABELS: Record<ProposalAction, string> = {
  ajukan: "Ajukan ke lurah",
  tarik: "Tarik kembali",
  setujui: "Setujui",
  kembalikan: "Kembalikan ke pengusul",
  verifikasi: "Verifikasi",
  terapkan: "Terapkan ke data",
  tolak: "Tolak",
};

export interface Transition {
  action: ProposalAction;
  from: ProposalState;
  to: ProposalState;
  capability: Capability;
  /** Only the account that drafted it (submitting and withdrawing are the author's). */
  authorOnly?: boolean;
  /** A note is required (returning and rejecting say why). */
  needsNote?: boolean;
}

/**
 * The one state machine of a verval proposal: draf → diajukan → disetujui_lurah → diverifikasi →
 * diterapkan; the lurah or Dinas Sosial may return it to its author (dikembalikan, who resubmits),
 * Dinas Sosial may reject it (ditolak, final), and the author may withdraw it before the lurah
 * approves. Every pair of (state, action) not listed is refused.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: "ajukan", from: "draf", to: "diajukan", capability: "propose", authorOnly: true },
  { action: "ajukan", from: "dikembalikan", to: "diajukan", capability: "propose", authorOnly: true },
  { action: "tarik", from: "diajukan", to: "draf", capability: "propose", authorOnly: true },
  { action: "setujui", from: "diajukan", to: "disetujui_lurah", capability: "approve_proposals" },
  { action: "kembalikan", from: "diajukan", to: "dikembalikan", capability: "approve_proposals", needsNote: true },
  {
    action: "kembalikan",
    from: "disetujui_lurah",
    to: "dikembalikan",
    capability: "verify_proposals",
    needsNote: true,
  },
  { action: "kembalikan", from: "diverifikasi", to: "dikembalikan", capability: "verify_proposals", needsNote: true },
  { action: "verifikasi", from: "disetujui_lurah", to: "diverifikasi", capability: "verify_proposals" },
  { action: "terapkan", from: "diverifikasi", to: "diterapkan", capability: "verify_proposals" },
  { action: "tolak", from: "diajukan", to: "ditolak", capability: "verify_proposals", needsNote: true },
  { action: "tolak", from: "disetujui_lurah", to: "ditolak", capability: "verify_proposals", needsNote: true },
  { action: "tolak", from: "diverifikasi", to: "ditolak", capability: "verify_proposals", needsNote: true },
];

/** States a proposal is still moving through (not applied, not rejected). */
export const OPEN_STATES: readonly ProposalState[] = [
  "draf",
  "diajukan",
  "disetujui_lurah",
  "diverifikasi",
  "dikembalikan",
];

/** The transition an action takes from a state, or null when the state machine has none. */
export function transitionOf(state: ProposalState, action: ProposalAction): Transition | null {
  return TRANSITIONS.find((t) => t.from === state && t.action === action) ?? null;
}

/** Why `actor` may not take `action` on a proposal in `state` drafted by `authorId`, or null when it may. */
export function refusal(
  actor: Actor,
  proposal: { state: ProposalState; authorId: number },
  action: ProposalAction,
): { status: 403 | 409; message: string } | null {
  const transition = transitionOf(proposal.state, action);
  if (!transition)
    return {
      status: 409,
      message: `Usulan berstatus "${PROPOSAL_STATE_LABELS[proposal.state]}" tidak dapat: ${PROPOSAL_ACTION_LABELS[action].toLowerCase()}.`,
    };
  if (!can(actor, transition.capability))
    return { status: 403, message: "Peran Anda tidak berwenang untuk tindakan ini." };
  if (transition.authorOnly && !(actor.kind === "user" && actor.userId === proposal.authorId))
    return { status: 403, message: "Hanya pengusul yang dapat melakukan ini." };
  return null;
}

/** The actions `actor` may take now (for the buttons a page shows). */
export function availableActions(actor: Actor, proposal: { state: ProposalState; authorId: number }): ProposalAction[] {
  return PROPOSAL_ACTIONS.filter((action) => refusal(actor, proposal, action) === null);
}
