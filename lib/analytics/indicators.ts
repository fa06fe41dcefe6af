import type { TermKey } from "@/lib/glossary";

import type { AreaCounts } from "./summary";

/** What a choropleth, a ranking or a table column can show of an area's counts. */
export interface Indicator {
  label: string;
  /** What the value is a share of, or what it counts, for legends and tooltips. */
  unit: "persen" | "rumah tangga" | "penerimaan" | "rupiah";
  /** The glossary entry that explains it (/istilah). */
  term: TermKey;
  /** Null when its base is zero or unknown: "no data", never 0. */
  value(counts: AreaCounts): number | null;
}

const share = (part: number, whole: number | null) => (whole ? (100 * part) / whole : null);

/**
 * Receipts with an inclusion error (penerimaan bermasalah), summed over the kinds: a receipt with
 * two counts twice, as in the API. An invalid NIK is data quality, counted apart.
 */
export function inclusionErrorTotal(counts: Pick<AreaCounts, "inclusion_errors">): number {
  const e = counts.inclusion_errors;
  return e.deceased + e.nonaktif + e.not_in_register + e.paid_twice;
}

export const INDICATORS = {
  stacked_rate: {
    term: "bertumpuk",
    label: "Bantuan bertumpuk (% rumah tangga penerima)",
    unit: "persen",
    value: (c) => share(c.stacked_households, c.receiving_households),
  },
  uncovered_rate: {
    term: "belum_menerima",
    label: "Layak tapi belum menerima (% rumah tangga layak)",
    unit: "persen",
    value: (c) => share(c.uncovered_eligible_households, c.eligible_households),
  },
  conflicting: {
    term: "melanggar_aturan",
    label: "Melanggar aturan program eksklusif",
    unit: "rumah tangga",
    value: (c) => (c.households ? c.conflicting_households : null),
  },
  aid_per_household_month: {
    term: "rupiah_per_rumah_tangga",
    label: "Rupiah per rumah tangga per bulan",
    unit: "rupiah",
    value: (c) => c.aid_per_receiving_household_month,
  },
  aid_top10_percent: {
    term: "bagian_10_persen",
    label: "Bagian 10 % penerima teratas",
    unit: "persen",
    value: (c) => (c.aid_top10_share === null ? null : 100 * c.aid_top10_share),
  },
  inclusion_errors: {
    term: "penerimaan_bermasalah",
    label: "Penerimaan bermasalah",
    unit: "penerimaan",
    value: (c) => (c.households || c.receipts ? inclusionErrorTotal(c) : null),
  },
  poverty_rate: {
    term: "penduduk_miskin",
    label: "Penduduk miskin menurut DTKS (% penduduk)",
    unit: "persen",
    value: (c) => share(c.poor_persons, c.population),
  },
  invalid_nik_rate: {
    term: "nik_tidak_sah",
    label: "NIK tidak sah (% penerimaan)",
    unit: "persen",
    value: (c) => share(c.inclusion_errors.invalid_nik, c.receipts),
  },
} satisfies Record<string, Indicator>;

export type IndicatorKey = keyof typeof INDICATORS;
export const INDICATOR_KEYS = Object.keys(INDICATORS) as IndicatorKey[];
