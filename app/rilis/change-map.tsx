"use client";

import dynamic from "next/dynamic";
import { useMemo, useState } from "react";

import { formatInteger } from "@/lib/format";
import { CLASS_COLOURS, classBreaks, classOf, NO_DATA_COLOUR } from "@/lib/map";

// MapLibre only in the browser.
const AreaFillMap = dynamic(() => import("@/app/components/map/area-fill-map"), {
  ssr: false,
  loading: () => <p className="map-status">Memuat peta…</p>,
});

const MEASURES = {
  lost: "Kehilangan kelayakan",
  gained: "Menjadi layak",
  lost_still_paid: "Kehilangan kelayakan tetapi masih dibayar",
  gained_unreached: "Menjadi layak tetapi belum menerima",
} as const;
type Measure = keyof typeof MEASURES;

/**
 * Eligibility lost and gained per child area (kecamatan of the city, kelurahan of a kecamatan)
 * between two releases, one measure at a time in quantile classes.
 */
export function ReleaseChangeMap({
  kabkota,
  level,
  areas,
}: {
  kabkota: string;
  level: "kecamatan" | "kelurahan";
  areas: Array<{ code: string | null } & Record<Measure, number | null>>;
}) {
  const [measure, setMeasure] = useState<Measure>("lost");
  const { fills, legend } = useMemo(() => {
    const values = new Map(
      areas.flatMap((a) => {
        const value = a[measure];
        return a.code && value !== null ? [[a.code, value] as const] : [];
      }),
    );
    const breaks = classBreaks([...values.values()], "kuantil");
    return {
      fills: Object.fromEntries([...values].map(([code, v]) => [code, CLASS_COLOURS[classOf(v, breaks)]!])),
      legend: [
        ...breaks.map((bound, i) => ({
          colour: CLASS_COLOURS[i]!,
          label: `${i === 0 ? "≤ " : `${formatInteger(breaks[i - 1]!)} – `}${formatInteger(bound)} rumah tangga`,
        })),
        { colour: NO_DATA_COLOUR, label: "di luar wilayah ini atau tanpa data" },
      ],
    };
  }, [areas, measure]);
  return (
    <div data-testid="release-map">
      <label>
        Peta
        <select value={measure} onChange={(event) => setMeasure(event.target.value as Measure)}>
          {Object.entries(MEASURES).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <AreaFillMap
        kabkota={kabkota}
        level={level}
        fills={fills}
        otherColour={NO_DATA_COLOUR}
        legend={legend}
        title={`${MEASURES[measure]} per ${level}`}
      />
    </div>
  );
}
