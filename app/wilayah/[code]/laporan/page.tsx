import type { Metadata } from "next";
import Link from "next/link";

import { PrintButton } from "@/app/components/print-button";
import { countText } from "@/app/layar/figures";
import { ScorecardCard } from "@/app/rapor/scorecard-card";
import { notFoundInScope, pageContext } from "@/lib/access";
import { INDICATOR_KEYS, INDICATORS, type Indicator, type IndicatorKey } from "@/lib/analytics";
import { formatDateTime, formatDecimal, formatInteger, formatPeriod, formatRupiah } from "@/lib/format";
import { readAreaReport } from "@/lib/report";

import { parseAreaViewParams, withParams } from "../view-params";
import { ReportMap, ReportTrend } from "./report-graphics";

export const metadata: Metadata = { title: "Laporan wilayah" };

type PageProps = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const LEVEL_TITLES: Record<string, string> = { kecamatan: "Kecamatan ", kelurahan: "Kelurahan ", rt: "" };
const CHILD_TITLES: Record<string, string> = {
  kabkota: "kecamatan",
  kecamatan: "kelurahan",
  kelurahan: "RT",
  rt: "",
};

function formatValue(indicator: Indicator, value: number | null): string {
  if (value === null) return "–";
  if (indicator.unit === "persen") return `${formatDecimal(value)}%`;
  if (indicator.unit === "rupiah") return formatRupiah(value);
  return formatInteger(value);
}

/**
 * The one-page area report: key figures, the children's choropleth of a chosen indicator, the
 * five children most in need of attention, the monthly trend and the scorecard, laid out for A4
 * portrait and printed by the browser (Cetak / PDF): nothing leaves the machine.
 */
export default async function AreaReportPage({ params, searchParams }: PageProps) {
  const { code } = await params;
  const path = `/wilayah/${code}/laporan`;
  const ctx = await pageContext(path);
  const raw = await searchParams;
  const view = parseAreaViewParams(raw);
  const asked = typeof raw.indikator === "string" ? raw.indikator : "";
  const indicatorKey: IndicatorKey = (INDICATOR_KEYS as string[]).includes(asked)
    ? (asked as IndicatorKey)
    : "uncovered_rate";
  const report = await readAreaReport({ ctx, input: { code, from: view.from, to: view.to, indicator: indicatorKey } });
  if (!report) return notFoundInScope(ctx, path);
  const indicator = INDICATORS[indicatorKey];
  const title = `${LEVEL_TITLES[report.level] ?? ""}${report.name}`;
  const period = `${formatPeriod(report.window.from)}–${formatPeriod(report.window.to)}`;
  const childTitle = CHILD_TITLES[report.level] ?? "";
  const printedBy = ctx.actor.kind === "user" ? ctx.actor.username : "sistem";

  return (
    <div className="page area-report">
      {/* One sheet: the whole page's type scaled down while printing, only while this page is shown. */}
      <style>{"@media print { html { font-size: 9px; } }"}</style>
      <div className="screen-only">
        <p>
          <Link href={withParams(`/wilayah/${code}`, { from: view.from, to: view.to })}>‹ {title}</Link>
        </p>
        <form className="window-form" method="get" action={path} aria-label="Pilihan laporan">
          <label>
            Indikator peta
            <select name="indikator" defaultValue={indicatorKey}>
              {INDICATOR_KEYS.map((key) => (
                <option key={key} value={key}>
                  {INDICATORS[key].label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Dari
            <input name="from" defaultValue={report.window.from} pattern="\d{4}-\d{2}" size={8} />
          </label>
          <label>
            Sampai
            <input name="to" defaultValue={report.window.to} pattern="\d{4}-\d{2}" size={8} />
          </label>
          <button className="button" type="submit">
            Tampilkan
          </button>
          <PrintButton />
        </form>
        {view.problem && <p className="notice-error">Periode tidak dipakai: {view.problem}.</p>}
      </div>

      <header className="report-head">
        <h1>Laporan wilayah · {title}</h1>
        <p>
          {report.ancestors.length > 0 && `${report.ancestors.join(" › ")} · `}Periode {period} · dicetak{" "}
          {formatDateTime(new Date())} oleh {printedBy}
        </p>
        {report.suppressedBelow !== null && (
          <p className="report-note">
            Angka di bawah {report.suppressedBelow} rumah tangga disembunyikan (“&lt; {report.suppressedBelow}”) dan
            wilayahnya tidak diarsir, agar tidak ada keluarga yang dapat dikenali.
          </p>
        )}
      </header>

      <dl className="report-figures" aria-label="Angka utama" data-testid="report-figures">
        {report.figures.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{countText(f.value)}</dd>
          </div>
        ))}
        <div>
          <dt>Bantuan tersalur</dt>
          <dd>{formatRupiah(report.aidAmount)}</dd>
        </div>
      </dl>

      {report.outlines.length > 0 && (
        <section className="report-row">
          <div className="report-map-box">
            <h2>
              {indicator.label} per {childTitle}
            </h2>
            <ReportMap report={report} title={`${indicator.label} per ${childTitle}, ${period}`} />
            <ul className="legend" data-testid="report-legend">
              {report.legend.map((entry) => (
                <li key={entry.to}>
                  <span className="swatch" style={{ background: entry.colour }} />{" "}
                  {entry.from === null ? "≤ " : `${formatValue(indicator, entry.from)} – `}
                  {formatValue(indicator, entry.to)}
                </li>
              ))}
              <li>
                <span className="swatch" style={{ background: "#b8bcc0" }} /> tanpa data
                {report.suppressedBelow !== null ? " atau disembunyikan" : ""}
              </li>
            </ul>
          </div>
          <div className="report-attention" data-testid="report-attention">
            <h2>Lima {childTitle} paling perlu perhatian</h2>
            {report.attention.length ? (
              <ol>
                {report.attention.map((c) => (
                  <li key={c.code}>
                    {c.name}: <strong>{formatValue(indicator, c.value)}</strong>
                  </li>
                ))}
              </ol>
            ) : (
              <p>Tidak ada {childTitle} dengan nilai di atas nol.</p>
            )}
            <p className="report-note">Diurutkan menurut {indicator.label.toLowerCase()}, tertinggi dahulu.</p>
          </div>
        </section>
      )}

      <section className="report-row">
        <div className="report-trend-box">
          <h2>Tren bulanan (rumah tangga)</h2>
          <ReportTrend points={report.trend} />
        </div>
      </section>

      {report.scorecard && (
        <ScorecardCard scorecard={report.scorecard} title={`Rapor data ${report.scorecard.area.name}`} />
      )}

      <footer className="report-foot">
        <p className="source-note">
          Sumber: register DTKS/DTSEN dan daftar penerima bantuan yang diimpor ke Tepat; batas wilayah dari berkas batas
          yang diimpor Dinas Sosial. Periode {period}. Layak = aktif, terverifikasi dan desil sampai batas di halaman
          aturan. Dicetak {formatDateTime(new Date())}.
        </p>
      </footer>
    </div>
  );
}
