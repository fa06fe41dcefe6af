import type { AnalysisWindow } from "@/lib/analytics";
import { formatPeriod } from "@/lib/format";

/** The analysis window as a plain GET form: works without JavaScript, and the URL can be shared. */
export function WindowForm({
  window,
  action,
  keep = {},
}: {
  window: AnalysisWindow;
  action: string;
  keep?: Record<string, string>;
}) {
  return (
    <form className="window-form" method="get" action={action} aria-label="Periode analisis">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label>
        Dari bulan
        <input type="month" name="from" defaultValue={window.from} required />
      </label>
      <label>
        Sampai bulan
        <input type="month" name="to" defaultValue={window.to} required />
      </label>
      <button className="button" type="submit">
        Terapkan
      </button>
      <span className="map-status">
        Jendela: {formatPeriod(window.from)} – {formatPeriod(window.to)}
      </span>
    </form>
  );
}
