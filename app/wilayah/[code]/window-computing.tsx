import { PERIOD_PATTERN } from "@/lib/analytics";
import { formatPeriod } from "@/lib/format";

/** A requested month as people read it (`Feb 2025`); what is not a month is shown as typed. */
const monthText = (period: string | undefined) =>
  period === undefined ? "…" : PERIOD_PATTERN.test(period) ? formatPeriod(period) : period;

/**
 * What a page shows while its figures stream in: a window nobody asked for before is counted from
 * every receipt of its months first (seconds at a city's size), then kept for everyone.
 */
export function WindowComputing({ window }: { window: { from?: string; to?: string } }) {
  const which =
    window.from || window.to ? `jendela ${monthText(window.from)} s.d. ${monthText(window.to)}` : "jendela bawaan";
  return (
    <p className="notice-busy" role="status" aria-live="polite">
      {`Menghitung angka ${which} … Jendela yang belum pernah diminta dihitung dari semua penerimaan dan memerlukan beberapa detik; sesudahnya tersimpan dan tampil seketika.`}
    </p>
  );
}
