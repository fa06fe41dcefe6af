import { formatDecimal, formatInteger, formatPercent } from "@/lib/format";
import { SCORECARD_FIGURES, type ScorecardFigureKey, type ScorecardValue } from "@/lib/scorecard/browser";

/** A figure's value as the scorecard reads it: days, a count or a percentage; "–" without one. */
export function formatFigure(key: ScorecardFigureKey, value: number | null): string {
  if (value === null) return "–";
  switch (SCORECARD_FIGURES[key].unit) {
    case "hari":
      return `${formatInteger(value)} hari`;
    case "persen":
      return formatPercent(value);
    case "jumlah":
      return formatInteger(value);
  }
}

/** The change since a month earlier, signed, and whether it is for the better. */
export function changeOf(
  key: ScorecardFigureKey,
  figure: ScorecardValue,
): { text: string; tone: "better" | "worse" | "same" } | null {
  if (figure.change === null) return null;
  if (figure.change === 0) return { text: "tetap", tone: "same" };
  const up = figure.change > 0;
  const better = up === (SCORECARD_FIGURES[key].better === "higher");
  const amount =
    SCORECARD_FIGURES[key].unit === "persen"
      ? `${formatDecimal(Math.abs(figure.change))} poin`
      : formatInteger(Math.abs(figure.change));
  return { text: `${up ? "▲" : "▼"} ${amount}`, tone: better ? "better" : "worse" };
}
