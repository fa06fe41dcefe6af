"use client";

import { useEffect, useState } from "react";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import type { AnalysisWindow, AreaTrend } from "@/lib/analytics";
import { formatInteger, formatPeriod, formatRupiah } from "@/lib/format";

const SERIES = [
  { key: "receiving_households", label: "Rumah tangga penerima", colour: "#0f5132" },
  { key: "stacked_households", label: "Bertumpuk", colour: "#b02a37" },
  { key: "uncovered_eligible_households", label: "Layak belum menerima", colour: "#b35c00" },
] as const;

const PROGRAM_COLOURS = ["#0f5132", "#1f6feb", "#b02a37", "#b35c00", "#6f42c1", "#20c997", "#6c757d"];

/** Month by month in the window: receiving, stacked and uncovered households (the trend API). */
export function TrendChart({ code, window }: { code: string; window: AnalysisWindow }) {
  const [trend, setTrend] = useState<AreaTrend | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetch(`/api/areas/${code}/trend?from=${window.from}&to=${window.to}`, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(String(response.status)))))
      .then((body: AreaTrend) => setTrend(body))
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setFailed(Boolean(error));
      });
    return () => controller.abort();
  }, [code, window.from, window.to]);

  if (failed) return <p className="map-error">Tren tidak dapat dimuat. Muat ulang halaman untuk mencoba lagi.</p>;
  if (!trend)
    return (
      <p className="map-status" role="status">
        Memuat tren per bulan …
      </p>
    );
  const data = trend.points.map((point) => ({ ...point, label: formatPeriod(point.period) }));
  const programs = [...new Set(trend.points.flatMap((point) => Object.keys(point.programs)))].sort();
  const gaps = programs.map((program) => listedMonths(data, program)).filter((gap) => gap.listed < data.length);
  // Months before every release, counted against the earliest: shaded on the chart and named below.
  const beforeReleases = data.filter((point) => point.release_later_than_period);
  return (
    <figure className="chart" data-testid="trend-chart">
      <div
        className="chart-box"
        role="img"
        aria-label={`Grafik tren ${data.length} bulan: penerima, bertumpuk dan layak belum menerima`}
      >
        <MonthlyLines
          data={data}
          height={280}
          shaded={
            beforeReleases.length
              ? { from: beforeReleases[0]!.label, to: beforeReleases.at(-1)!.label, label: "sebelum rilis pertama" }
              : undefined
          }
          lines={SERIES.map((series) => ({
            name: series.label,
            colour: series.colour,
            value: (point) => point[series.key],
          }))}
        />
      </div>
      <details>
        <summary>Tabel data tren</summary>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Bulan</th>
                {SERIES.map((series) => (
                  <th key={series.key} scope="col" className="num">
                    {series.label}
                  </th>
                ))}
                {trend.eligible_basis === "rilis" && <th scope="col">Rilis DTSEN</th>}
              </tr>
            </thead>
            <tbody>
              {data.map((point) => (
                <tr key={point.period}>
                  <td>{point.label}</td>
                  {SERIES.map((series) => (
                    <td key={series.key} className="num">
                      {formatInteger(point[series.key])}
                    </td>
                  ))}
                  {trend.eligible_basis === "rilis" && (
                    <td>
                      {point.release}
                      {point.release_later_than_period && " (terbit sesudah bulan ini)"}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <figcaption className="map-status" data-testid="trend-basis">
        Setiap bulan dihitung sebagai jendela tersendiri.{" "}
        {trend.eligible_basis === "rilis" ? (
          <>
            Layak belum menerima dihitung terhadap rilis DTSEN yang berlaku di bulan itu (rilis terakhir yang terbit
            pada atau sebelum bulan itu), bukan register hari ini.
            {beforeReleases.length > 0 && (
              <>
                {" "}
                {formatPeriod(beforeReleases[0]!.period)} sampai {formatPeriod(beforeReleases.at(-1)!.period)} belum
                tercakup rilis mana pun dan memakai rilis {beforeReleases[0]!.release} yang terbit sesudahnya (bidang
                berarsir).
              </>
            )}
          </>
        ) : (
          "Layak belum menerima memakai status DTKS saat ini: belum ada rilis DTSEN yang diimpor dengan nama dan tanggalnya."
        )}
      </figcaption>
      {gaps.length > 0 && (
        <div className="notice-gap" data-testid="trend-gaps">
          <strong>Belum ada data</strong> (bukan nol: daftar penerimanya belum ada untuk bulan itu, garisnya terputus;
          jumlah penerima di bulan itu belum lengkap):
          <ul>
            {gaps.map((gap) => (
              <li key={gap.program}>
                {gap.program}: daftar ada di {formatInteger(gap.listed)} dari {formatInteger(data.length)} bulan
                {gap.first && gap.last && ` (pertama ${formatPeriod(gap.first)}, terakhir ${formatPeriod(gap.last)})`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {programs.length > 0 && (
        <div
          className="chart-box"
          role="img"
          aria-label={`Rumah tangga penerima per program per bulan: ${programs.join(", ")}`}
          data-testid="program-chart"
        >
          <h3 className="chart-title">Rumah tangga penerima per program</h3>
          <MonthlyLines
            data={data}
            height={260}
            gapped
            lines={programs.map((program, i) => ({
              name: program,
              colour: PROGRAM_COLOURS[i % PROGRAM_COLOURS.length]!,
              value: (point) => point.programs[program] ?? null,
            }))}
          />
        </div>
      )}
      <div
        className="chart-box"
        role="img"
        aria-label="Rupiah per rumah tangga penerima per bulan"
        data-testid="aid-chart"
      >
        <h3 className="chart-title">Rupiah per rumah tangga penerima per bulan</h3>
        <MonthlyLines
          data={data}
          height={220}
          format={formatRupiah}
          lines={[
            {
              name: "Rupiah per rumah tangga penerima",
              colour: "#1f6feb",
              value: (point) => point.aid_per_receiving_household_month,
            },
          ]}
        />
      </div>
    </figure>
  );
}

/** In how many months of the trend a program has a list, and its first and last such month. */
function listedMonths(points: TrendPoint[], program: string) {
  const listed = points.filter((point) => point.programs[program] !== null);
  return { program, listed: listed.length, first: listed[0]?.period, last: listed.at(-1)?.period };
}

type TrendPoint = AreaTrend["points"][number] & { label: string };

/** Lines over the window's months, with the axes and tooltips every trend chart shares. */
function MonthlyLines({
  data,
  height,
  lines,
  format = formatInteger,
  gapped = false,
  shaded,
}: {
  data: TrendPoint[];
  height: number;
  /** Months to shade, by label (the months before every release). */
  shaded?: { from: string; to: string; label: string };
  /** A month without data is null: a gap in the line. */
  lines: Array<{ name: string; colour: string; value: (point: TrendPoint) => number | null }>;
  format?: (value: number) => string;
  /** Lines with gaps: dots, so a month between two gaps still shows. */
  gapped?: boolean;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#e3e7ea" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => format(value)} tick={{ fontSize: 12 }} width={88} />
        <Tooltip
          formatter={(value) => (value === null || value === undefined ? "belum ada data" : format(Number(value)))}
        />
        <Legend />
        {shaded && (
          <ReferenceArea
            x1={shaded.from}
            x2={shaded.to}
            fill="#6c757d"
            fillOpacity={0.12}
            label={{ value: shaded.label, position: "insideTop", fontSize: 11 }}
          />
        )}
        {lines.map((line) => (
          <Line
            key={line.name}
            type="monotone"
            dataKey={line.value}
            name={line.name}
            stroke={line.colour}
            strokeWidth={2}
            dot={gapped ? { r: 2 } : false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
