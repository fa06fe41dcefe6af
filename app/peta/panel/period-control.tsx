import { formatPeriod } from "@/lib/format";

import type { Span } from "../types";

/** The months shown, the monthly timeline's play/pause, and the way back to the whole window. */
export function PeriodControl({
  span,
  playing,
  onToggle,
  onReset,
}: {
  span: Span;
  playing: boolean;
  onToggle: () => void;
  onReset: () => void;
}) {
  return (
    <fieldset className="period-control">
      <legend>Periode</legend>
      <p className="map-status" aria-live="polite" data-testid="map-window">
        {span.from === span.to ? formatPeriod(span.from) : `${formatPeriod(span.from)} – ${formatPeriod(span.to)}`}
      </p>
      <button type="button" className="button" onClick={onToggle} aria-pressed={playing}>
        {playing ? "Jeda" : "Putar per bulan"}
      </button>{" "}
      <button type="button" className="button secondary" onClick={onReset}>
        12 bulan
      </button>
    </fieldset>
  );
}
