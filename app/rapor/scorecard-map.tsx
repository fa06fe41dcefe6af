"use client";

import dynamic from "next/dynamic";
import { useMemo, useState } from "react";

import { CLASS_COLOURS, classBreaks, classOf, NO_DATA_COLOUR } from "@/lib/map";
import { SCORECARD_FIGURE_KEYS, SCORECARD_FIGURES, type ScorecardFigureKey } from "@/lib/scorecard/browser";

import { formatFigure } from "./format";

// MapLibre only in the browser.
const AreaFillMap = dynamic(() => import("@/app/components/map/area-fill-map"), {
  ssr: false,
  loading: () => <p className="map-status">Memuat peta…</p>,
});

/**
 * The kelurahan of the scorecard's table filled by one figure in quantile classes, the darkest
 * the worst: for a figure where more is better, the classes run the other way.
 */
export function ScorecardMap({
  kabkota,
  areas,
  initial,
}: {
  kabkota: string;
  areas: Array<{ code: string; values: Record<ScorecardFigureKey, number | null> }>;
  initial: ScorecardFigureKey;
}) {
  const [figure, setFigure] = useState<ScorecardFigureKey>(initial);
  // Sorting the table by another figure shows that figure (the page stays mounted across sorts).
  const [sortedBy, setSortedBy] = useState(initial);
  if (initial !== sortedBy) {
    setSortedBy(initial);
    setFigure(initial);
  }
  const { fills, legend } = useMemo(() => {
    const values = new Map(
      areas.flatMap((a) => (a.values[figure] === null ? [] : [[a.code, a.values[figure]!] as const])),
    );
    const breaks = classBreaks([...values.values()], "kuantil");
    const worstDark = SCORECARD_FIGURES[figure].better === "lower";
    const colour = (i: number) => CLASS_COLOURS[worstDark ? i : breaks.length - 1 - i]!;
    return {
      fills: Object.fromEntries([...values].map(([code, v]) => [code, colour(classOf(v, breaks))])),
      legend: [
        ...breaks.map((bound, i) => ({
          colour: colour(i),
          label: `${i === 0 ? "≤ " : `${formatFigure(figure, breaks[i - 1]!)} – `}${formatFigure(figure, bound)}`,
        })),
        { colour: NO_DATA_COLOUR, label: "di luar tabel atau tanpa data" },
      ],
    };
  }, [areas, figure]);
  return (
    <div data-testid="scorecard-map">
      <label>
        Peta
        <select value={figure} onChange={(event) => setFigure(event.target.value as ScorecardFigureKey)}>
          {SCORECARD_FIGURE_KEYS.map((key) => (
            <option key={key} value={key}>
              {SCORECARD_FIGURES[key].label}
            </option>
          ))}
        </select>
      </label>
      <AreaFillMap
        kabkota={kabkota}
        level="kelurahan"
        fills={fills}
        otherColour={NO_DATA_COLOUR}
        legend={legend}
        title={`${SCORECARD_FIGURES[figure].label} per kelurahan (gelap = perlu perhatian)`}
      />
    </div>
  );
}
