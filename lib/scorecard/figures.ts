import { todayInWita } from "@/lib/format";

/**
 * The scorecard's (rapor data) figures: what each counts, how it reads, and which way is better.
 * Every figure is worked out from additive counts (ScorecardCounts), so a kecamatan's or the
 * city's is that of the sums of its kelurahan.
 */

/** The counts of an area the figures are made of: sums over kelurahan, dates as the latest. */
export interface ScorecardCounts {
  households: number;
  persons: number;
  /** The last finished import with a household or a receipt of the area (ISO timestamp). */
  last_import_at: string | null;
  /** The last verval: a household verified or a proposal applied (YYYY-MM-DD, WITA). */
  last_verval_on: string | null;
  /** Program code → the latest month a list of it named the area. */
  latest_periods: Record<string, string>;
  proposals_diajukan: number;
  proposals_disetujui_lurah: number;
  proposals_diverifikasi: number;
  proposals_overdue: number;
  suggestions_open: number;
  applied_30_days: number;
  nik_invalid: number;
  kk_invalid: number;
  without_geotag: number;
  geotagged: number;
  location_mismatch: number;
  refused_rows_90_days: number;
  no_birth_date: number;
}

/** A figure of an area: its value, its rank among its siblings, and its change since a month earlier. */
export interface ScorecardValue {
  value: number | null;
  rank: number | null;
  /** Value now minus the value a month earlier; null without a snapshot of then. */
  change: number | null;
}

export const SCORECARD_GROUPS = {
  kesegaran: "Kesegaran data",
  tindak_lanjut: "Tindak lanjut",
  mutu: "Mutu data",
} as const;
export type ScorecardGroup = keyof typeof SCORECARD_GROUPS;

export interface ScorecardFigure {
  label: string;
  group: ScorecardGroup;
  unit: "hari" | "jumlah" | "persen";
  /** Which way is better: the rank puts the best first. */
  better: "lower" | "higher";
  /** How the figure is counted, for the hint beside it. */
  description: string;
  value: (counts: ScorecardCounts, today: string) => number | null;
}

const DAY_MS = 86_400_000;

/** Whole days from a timestamp or a `YYYY-MM-DD` day to `today` (`YYYY-MM-DD`, WITA). */
export function daysBetween(from: string | null, today: string): number | null {
  if (!from) return null;
  const day = from.length === 10 ? from : todayInWita(new Date(from));
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
}

/** A share in percent, rounded to 0.1; null when there is nothing to divide by. */
export function percentOf(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((1000 * part) / whole) / 10 : null;
}

export const SCORECARD_FIGURES = {
  days_since_import: {
    label: "Hari sejak impor terakhir",
    group: "kesegaran",
    unit: "hari",
    better: "lower",
    description:
      "Hari sejak impor DTKS atau daftar penerima terakhir yang memuat rumah tangga atau penerima wilayah ini.",
    value: (c, today) => daysBetween(c.last_import_at, today),
  },
  days_since_verval: {
    label: "Hari sejak verval terakhir",
    group: "kesegaran",
    unit: "hari",
    better: "lower",
    description: "Hari sejak rumah tangga terakhir diverifikasi atau usulan terakhir diterapkan di wilayah ini.",
    value: (c, today) => daysBetween(c.last_verval_on, today),
  },
  proposals_waiting: {
    label: "Usulan menunggu",
    group: "tindak_lanjut",
    unit: "jumlah",
    better: "lower",
    description:
      "Usulan yang diajukan dan belum diterapkan, dikembalikan atau ditolak: di lurah, di verifikasi atau siap diterapkan.",
    value: (c) => c.proposals_diajukan + c.proposals_disetujui_lurah + c.proposals_diverifikasi,
  },
  proposals_overdue: {
    label: "Usulan lewat batas waktu",
    group: "tindak_lanjut",
    unit: "jumlah",
    better: "lower",
    description: "Usulan yang menunggu di satu tahap lebih lama dari batas waktu (SLA) di halaman aturan.",
    value: (c) => c.proposals_overdue,
  },
  suggestions_open: {
    label: "Saran verval terbuka",
    group: "tindak_lanjut",
    unit: "jumlah",
    better: "lower",
    description:
      "Temuan data (meninggal masih dibayar, NIK ganda, NIK/KK tidak sah, lokasi tidak sesuai, laporan Dukcapil) yang belum diusulkan atau diabaikan.",
    value: (c) => c.suggestions_open,
  },
  applied_30_days: {
    label: "Usulan diterapkan (30 hari)",
    group: "tindak_lanjut",
    unit: "jumlah",
    better: "higher",
    description: "Usulan yang diterapkan ke register dalam 30 hari terakhir.",
    value: (c) => c.applied_30_days,
  },
  nik_invalid_rate: {
    label: "NIK tidak sah",
    group: "mutu",
    unit: "persen",
    better: "lower",
    description:
      "Anggota rumah tangga dengan NIK kosong, salah bentuk, kode wilayah tidak dikenal, tidak cocok atau rusak, dari semua anggota.",
    value: (c) => percentOf(c.nik_invalid, c.persons),
  },
  kk_invalid_rate: {
    label: "No. KK tidak sah",
    group: "mutu",
    unit: "persen",
    better: "lower",
    description: "Rumah tangga dengan No. KK yang tidak lolos pemeriksaan, dari semua rumah tangga.",
    value: (c) => percentOf(c.kk_invalid, c.households),
  },
  without_geotag_rate: {
    label: "Tanpa titik lokasi",
    group: "mutu",
    unit: "persen",
    better: "lower",
    description: "Rumah tangga tanpa geotag, dari semua rumah tangga.",
    value: (c) => percentOf(c.without_geotag, c.households),
  },
  location_mismatch_rate: {
    label: "Lokasi tidak sesuai",
    group: "mutu",
    unit: "persen",
    better: "lower",
    description: "Rumah tangga yang titiknya jatuh di luar kelurahan atau kota yang tercatat, dari yang bertitik.",
    value: (c) => percentOf(c.location_mismatch, c.geotagged),
  },
  refused_rows_90_days: {
    label: "Baris ditolak saat impor (90 hari)",
    group: "mutu",
    unit: "jumlah",
    better: "lower",
    description:
      "Baris berkas impor 90 hari terakhir yang ditolak dan menyebut kelurahan ini (kode atau nama) di salah satu kolomnya.",
    value: (c) => c.refused_rows_90_days,
  },
  no_birth_date_rate: {
    label: "Anggota tanpa tanggal lahir",
    group: "mutu",
    unit: "persen",
    better: "lower",
    description: "Anggota rumah tangga tanpa tanggal lahir, dari semua anggota.",
    value: (c) => percentOf(c.no_birth_date, c.persons),
  },
} as const satisfies Record<string, ScorecardFigure>;
export type ScorecardFigureKey = keyof typeof SCORECARD_FIGURES;
export const SCORECARD_FIGURE_KEYS = Object.keys(SCORECARD_FIGURES) as [ScorecardFigureKey, ...ScorecardFigureKey[]];

/** Every figure of an area's counts, as a snapshot keeps them. */
export function figuresOf(counts: ScorecardCounts, today: string): Record<ScorecardFigureKey, number | null> {
  return Object.fromEntries(
    SCORECARD_FIGURE_KEYS.map((key) => [key, SCORECARD_FIGURES[key].value(counts, today)]),
  ) as Record<ScorecardFigureKey, number | null>;
}

/** Counts of areas added up: the roll-up of kelurahan to a kecamatan, of kecamatan to the city. */
export function sumCounts(parts: ScorecardCounts[]): ScorecardCounts {
  const latest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
  const total = emptyCounts();
  for (const c of parts) {
    for (const key of ADDITIVE) total[key] += c[key];
    total.last_import_at = latest(total.last_import_at, c.last_import_at);
    total.last_verval_on = latest(total.last_verval_on, c.last_verval_on);
    for (const [program, period] of Object.entries(c.latest_periods))
      total.latest_periods[program] = latest(total.latest_periods[program] ?? null, period)!;
  }
  return total;
}

const ADDITIVE = [
  "households",
  "persons",
  "proposals_diajukan",
  "proposals_disetujui_lurah",
  "proposals_diverifikasi",
  "proposals_overdue",
  "suggestions_open",
  "applied_30_days",
  "nik_invalid",
  "kk_invalid",
  "without_geotag",
  "geotagged",
  "location_mismatch",
  "refused_rows_90_days",
  "no_birth_date",
] as const satisfies ReadonlyArray<keyof ScorecardCounts>;

export function emptyCounts(): ScorecardCounts {
  return {
    ...(Object.fromEntries(ADDITIVE.map((key) => [key, 0])) as Record<(typeof ADDITIVE)[number], number>),
    last_import_at: null,
    last_verval_on: null,
    latest_periods: {},
  };
}

/**
 * Competition ranks (1 best; ties share a rank, the next skips) of each area's value of a figure
 * among its siblings; an area without a value ranks after all that have one.
 */
export function ranksOf(
  values: ReadonlyArray<{ code: string; value: number | null }>,
  better: "lower" | "higher",
): Map<string, number> {
  const sign = better === "lower" ? 1 : -1;
  const sorted = [...values].sort((a, b) =>
    a.value === null ? (b.value === null ? 0 : 1) : b.value === null ? -1 : sign * (a.value - b.value),
  );
  const ranks = new Map<string, number>();
  sorted.forEach((entry, i) => {
    const previous = sorted[i - 1];
    ranks.set(entry.code, previous && previous.value === entry.value ? ranks.get(previous.code)! : i + 1);
  });
  return ranks;
}
