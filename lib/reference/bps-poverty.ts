/**
 * Official poverty figures of BPS (Susenas, March of each year) for the cities Tepat knows,
 * copied from ../shared/data/bps-poverty.csv, where each figure names its release. Years BPS
 * figures were not found for are absent, never zero: charts show them as gaps.
 */
export interface BpsPovertyYear {
  year: number;
  /** Share of the population below the poverty line, %. */
  poorPct: number;
  /** Poor people, thousands; absent where the release gives none. */
  poorThousands?: number;
}

export interface BpsPovertySeries {
  areaCode: string;
  areaName: string;
  source: string;
  years: BpsPovertyYear[];
}

export const BPS_POVERTY: readonly BpsPovertySeries[] = [
  {
    areaCode: "64.72",
    areaName: "Kota Samarinda",
    source: "BPS (Susenas Maret), dikutip BPS Kota Samarinda, BPS Kaltim, ANTARA Kaltim dan databoks",
    years: [
      { year: 2015, poorPct: 4.82, poorThousands: 39.25 },
      { year: 2016, poorPct: 4.72, poorThousands: 38.95 },
      { year: 2020, poorPct: 4.76, poorThousands: 41.92 },
      { year: 2021, poorPct: 4.99, poorThousands: 42.84 },
      { year: 2022, poorPct: 4.85, poorThousands: 41.95 },
      { year: 2023, poorPct: 4.81, poorThousands: 41.89 },
      { year: 2024, poorPct: 4.3, poorThousands: 37.8 },
    ],
  },
  {
    areaCode: "64.74",
    areaName: "Kota Bontang",
    source: "BPS Kota Bontang dan BPS Kaltim, dikutip rilis BPS, ANTARA Kaltim, Tribun Kaltim dan databoks",
    years: [
      { year: 2015, poorPct: 5.06 },
      { year: 2016, poorPct: 5.18, poorThousands: 8.78 },
      { year: 2017, poorPct: 5.16, poorThousands: 8.75 },
      { year: 2018, poorPct: 4.67 },
      { year: 2019, poorPct: 4.22 },
      { year: 2020, poorPct: 4.38, poorThousands: 7.91 },
      { year: 2021, poorPct: 4.62, poorThousands: 8.41 },
      { year: 2022, poorPct: 4.54, poorThousands: 8.39 },
      { year: 2023, poorPct: 4.11, poorThousands: 7.71 },
      { year: 2024, poorPct: 3.74, poorThousands: 7.11 },
    ],
  },
];

/** The BPS series of a kabupaten/kota, or null when none is held. */
export function bpsPovertyOf(areaCode: string): BpsPovertySeries | null {
  return BPS_POVERTY.find((series) => series.areaCode === areaCode) ?? null;
}

/** Every year from the first to the last held, with null where BPS has no figure (a gap). */
export function yearsWithGaps(
  series: BpsPovertySeries,
): Array<{ year: number; poorPct: number | null; poorThousands: number | null }> {
  const first = series.years[0]!.year;
  const last = series.years[series.years.length - 1]!.year;
  const byYear = new Map(series.years.map((y) => [y.year, y]));
  const out = [];
  for (let year = first; year <= last; year++) {
    const held = byYear.get(year);
    out.push({ year, poorPct: held?.poorPct ?? null, poorThousands: held?.poorThousands ?? null });
  }
  return out;
}
