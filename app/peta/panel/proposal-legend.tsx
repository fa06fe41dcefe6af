import { formatInteger } from "@/lib/format";
import { PROPOSAL_STATE_LABELS, type ProposalState } from "@/lib/verval/browser";

import { PROPOSAL_STATE_COLOURS } from "../layers/use-proposals-layer.client";

/** The verval proposals on the map, per state, with their colours. */
export function ProposalLegend({ counts }: { counts: Record<string, number> | null }) {
  if (!counts) return null;
  return (
    <ul className="legend" aria-label="Usulan verval" data-testid="proposal-legend">
      <li className="map-status">Usulan verval (lingkaran bergaris):</li>
      {(Object.keys(PROPOSAL_STATE_COLOURS) as Array<keyof typeof PROPOSAL_STATE_COLOURS>).map((state) => (
        <li key={state} data-state={state}>
          <span className="swatch round" style={{ background: PROPOSAL_STATE_COLOURS[state] }} />{" "}
          {PROPOSAL_STATE_LABELS[state as ProposalState]}: {formatInteger(counts[state] ?? 0)}
        </li>
      ))}
    </ul>
  );
}
