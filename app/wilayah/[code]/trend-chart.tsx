"use client";

import { useEffect, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import type { AnalysisWindow, AreaTrend } from "@/lib/analytics";
import { formatInteger, formatPeriod } from "@/lib/format";

const SERIES = [
  { key: "receiving_households", label: "Rumah tangga penerima", colour: "#0f5132" },
  { key: "stacked_households", label: "Bertumpuk (≥ 2 program)", colour: "#b02a37" },
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <figcaption className="map-status">
        Setiap bulan dihitung sebagai jendela tersendiri. Layak belum menerima memakai status DTKS saat ini.
      </figcaption>
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
            lines={programs.map((program, i) => ({
              name: program,
              colour: PROGRAM_COLOURS[i % PROGRAM_COLOURS.length]!,
              value: (point) => point.programs[program] ?? 0,
            }))}
          />
        </div>
      )}
    </figure>
  );
}

type TrendPoint = AreaTrend["points"][number] & { label: string };

/** Lines over the window's months, with the axes and tooltips every trend chart shares. */
function MonthlyLines({
  data,
  height,
  lines,
}: {
  data: TrendPoint[];
  height: number;
  lines: Array<{ name: string; colour: string; value: (point: TrendPoint) => number }>;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#e3e7ea" />
        <XAxis dataKey="label" tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis tickFormatter={(value: number) => formatInteger(value)} tick={{ fontSize: 12 }} width={64} />
        <Tooltip formatter={(value) => formatInteger(Number(value))} />
        <Legend />
        {lines.map((line) => (
          <Line
            key={line.name}
            type="monotone"
            dataKey={line.value}
            name={line.name}
            stroke={line.colour}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
