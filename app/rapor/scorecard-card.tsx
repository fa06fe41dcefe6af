import { formatDate, formatDateTime, formatInteger, formatPeriod } from "@/lib/format";
import {
  SCORECARD_FIGURE_KEYS,
  SCORECARD_FIGURES,
  SCORECARD_GROUPS,
  type Scorecard,
  type ScorecardGroup,
} from "@/lib/scorecard";

import { changeOf, formatFigure } from "./format";

/**
 * An area's scorecard: each figure with its rank among its siblings and its change since a month
 * earlier, by group, and what stands behind them (proposals per stage, the latest list per program).
 */
export function ScorecardCard({ scorecard, title }: { scorecard: Scorecard; title: string }) {
  const { area, siblings } = scorecard;
  const counts = area.counts;
  const programs = Object.entries(counts.latest_periods).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="scorecard" aria-label={title} data-testid="scorecard-card">
      <h2>{title}</h2>
      <p className="source-note">
        Per {formatDate(scorecard.today)}
        {area.level !== "kabkota" && ` · peringkat di antara ${formatInteger(siblings)} wilayah setingkat (1 terbaik)`}
        {" · "}
        {scorecard.compared_with
          ? `perubahan dibanding ${formatDate(scorecard.compared_with)}`
          : "perubahan tampil setelah rapor tersimpan sebulan (disimpan harian)"}
      </p>
      <div className="scorecard-groups">
        {(Object.keys(SCORECARD_GROUPS) as ScorecardGroup[]).map((group) => (
          <div key={group} className="scorecard-group">
            <h3>{SCORECARD_GROUPS[group]}</h3>
            <dl>
              {SCORECARD_FIGURE_KEYS.filter((key) => SCORECARD_FIGURES[key].group === group).map((key) => {
                const figure = area.figures[key];
                const change = changeOf(key, figure);
                return (
                  <div key={key} data-figure={key}>
                    <dt title={SCORECARD_FIGURES[key].description}>{SCORECARD_FIGURES[key].label}</dt>
                    <dd>
                      <strong>{formatFigure(key, figure.value)}</strong>
                      {figure.rank !== null && area.level !== "kabkota" && (
                        <span className="scorecard-rank"> · ke-{formatInteger(figure.rank)}</span>
                      )}
                      {change && <span className={`scorecard-change ${change.tone}`}> {change.text}</span>}
                    </dd>
                  </div>
                );
              })}
            </dl>
          </div>
        ))}
      </div>
      <p className="scorecard-detail">
        Usulan menunggu lurah {formatInteger(counts.proposals_diajukan)}, menunggu verifikasi Dinas Sosial{" "}
        {formatInteger(counts.proposals_disetujui_lurah)}, siap diterapkan{" "}
        {formatInteger(counts.proposals_diverifikasi)}. Impor terakhir: {formatDateTime(counts.last_import_at)}. Verval
        terakhir: {formatDate(counts.last_verval_on)}.
      </p>
      <p className="scorecard-detail" data-testid="scorecard-periods">
        Daftar penerima terbaru:{" "}
        {programs.length
          ? programs.map(([program, period]) => `${program} ${formatPeriod(period)}`).join(", ")
          : "belum ada"}
        .
      </p>
    </section>
  );
}
