"use client";

import dynamic from "next/dynamic";
import { useMemo, useState } from "react";

import { COMPARISON_COLOURS } from "@/app/components/map/area-fill-style";
import { formatDecimal, formatInteger } from "@/lib/format";
import { CLASS_COLOURS, classBreaks, classOf, NO_DATA_COLOUR } from "@/lib/map";

// MapLibre only in the browser, and only once a result is there to draw.
const TargetMap = dynamic(() => import("@/app/components/map/area-fill-map"), {
  ssr: false,
  loading: () => <p className="map-status">Memuat peta…</p>,
});

/** The level a result's area codes are of: kelurahan codes have four parts. */
const levelOf = (codes: string[]): "kelurahan" | "kecamatan" =>
  codes.some((code) => code.split(".").length === 4) ? "kelurahan" : "kecamatan";

const INDICATORS = {
  selected: "Rumah tangga terpilih",
  reached: "Kandidat yang terjangkau (%)",
} as const;

/** A scenario's areas on the map: the selected count or the share of candidates reached, in quantile classes. */
export function ResultMap({
  kabkota,
  areas,
}: {
  kabkota: string;
  areas: Array<{ code: string | null; candidates: number; selected: number }>;
}) {
  const [indicator, setIndicator] = useState<keyof typeof INDICATORS>("selected");
  const { fills, legend, level } = useMemo(() => {
    const values = new Map(
      areas.flatMap((a) =>
        a.code && a.candidates > 0
          ? [[a.code, indicator === "selected" ? a.selected : (100 * a.selected) / a.candidates] as const]
          : [],
      ),
    );
    const breaks = classBreaks([...values.values()], "kuantil");
    const format = (n: number) => (indicator === "selected" ? formatInteger(n) : `${formatDecimal(n, 1)} %`);
    return {
      level: levelOf(areas.flatMap((a) => (a.code ? [a.code] : []))),
      fills: Object.fromEntries([...values].map(([code, v]) => [code, CLASS_COLOURS[classOf(v, breaks)]!])),
      legend: [
        ...breaks.map((bound, i) => ({
          colour: CLASS_COLOURS[i]!,
          label: `${i === 0 ? "≤ " : `${format(breaks[i - 1]!)} – `}${format(bound)}`,
        })),
        { colour: NO_DATA_COLOUR, label: "tanpa kandidat" },
      ],
    };
  }, [areas, indicator]);
  return (
    <div data-testid="result-map">
      <label>
        Peta
        <select value={indicator} onChange={(e) => setIndicator(e.target.value as keyof typeof INDICATORS)}>
          {Object.entries(INDICATORS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <TargetMap
        kabkota={kabkota}
        level={level}
        fills={fills}
        otherColour={NO_DATA_COLOUR}
        legend={legend}
        title={INDICATORS[indicator]}
      />
    </div>
  );
}

/** Two scenarios compared per kelurahan: where B loses households against A, gains, or changes nothing. */
export function ComparisonMap({
  kabkota,
  areas,
}: {
  kabkota: string;
  areas: Array<{ code: string | null; lost: number; gained: number }>;
}) {
  const fills = useMemo(
    () =>
      Object.fromEntries(
        areas.flatMap((a) =>
          a.code
            ? [
                [
                  a.code,
                  a.gained > a.lost
                    ? COMPARISON_COLOURS.gained
                    : a.lost > a.gained
                      ? COMPARISON_COLOURS.lost
                      : COMPARISON_COLOURS.even,
                ],
              ]
            : [],
        ),
      ),
    [areas],
  );
  return (
    <TargetMap
      kabkota={kabkota}
      level="kelurahan"
      fills={fills}
      otherColour={NO_DATA_COLOUR}
      title="Bertambah dan hilang per kelurahan (B dibanding A)"
      legend={[
        { colour: COMPARISON_COLOURS.gained, label: "lebih banyak bertambah" },
        { colour: COMPARISON_COLOURS.lost, label: "lebih banyak hilang" },
        { colour: COMPARISON_COLOURS.even, label: "seimbang" },
        { colour: NO_DATA_COLOUR, label: "tidak ada di kedua daftar" },
      ]}
    />
  );
}
