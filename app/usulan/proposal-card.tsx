import Link from "next/link";

import { formatDate, formatInteger } from "@/lib/format";
import { PROPOSAL_KIND_LABELS, PROPOSAL_STATE_LABELS, type ProposalSummary } from "@/lib/verval";

/** One proposal in a list: what, where, its state and how long it has waited. */
export function ProposalCard({ proposal }: { proposal: ProposalSummary }) {
  return (
    <li className="task-card" data-testid="proposal-card" data-state={proposal.state}>
      <Link href={`/usulan/${proposal.id}`} className="task-link">
        <span className="task-title">
          #{proposal.id} · {proposal.title}
        </span>
        <span className="task-meta">
          {PROPOSAL_KIND_LABELS[proposal.kind]} · {proposal.kelurahan_name ?? proposal.kelurahan_code} ·{" "}
          {proposal.dtks_id}
        </span>
        <span className="task-meta">
          <span className={`state state-${proposal.state}`}>{PROPOSAL_STATE_LABELS[proposal.state]}</span> sejak{" "}
          {formatDate(proposal.state_changed_at)} ({formatInteger(proposal.days_in_state)} hari)
          {proposal.overdue && <span className="tag">Lewat batas waktu</span>}
        </span>
      </Link>
    </li>
  );
}
