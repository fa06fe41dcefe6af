"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { formatDecimal } from "@/lib/format";

export interface PovertyChartProps {
  areaName: string;
  /** Every year from the first to the last BPS figure; null where BPS has none (drawn as a gap). */
  years: Array<{ year: number; poorPct: number | null }>;
  source: string;
  /** Poor persons in the DTKS register now, as % of the population (null without a population). */
  dtksRate: number | null;
}

/** The official BPS poverty rate year by year, beside today's DTKS-derived rate. */
export function PovertyChart({ areaName, years, source, dtksRate }: PovertyChartProps) {
  // Room for both the BPS line and the DTKS rate, which is often far above it.
  const top = Math.ceil(Math.max(dtksRate ?? 0, ...years.map((y) => y.poorPct ?? 0)) + 1);
  return (
    <figure className="chart" data-testid="poverty-chart">
      <div
        className="chart-box"
        role="img"
        aria-label={`Persentase penduduk miskin ${areaName} menurut BPS, ${years[0]?.year} sampai ${years[years.length - 1]?.year}`}
      >
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={years} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#e3e7ea" />
            <XAxis dataKey="year" tick={{ fontSize: 12 }} />
            <YAxis
              domain={[0, top]}
              tickFormatter={(value: number) => `${formatDecimal(value, 1)}%`}
              tick={{ fontSize: 12 }}
              width={56}
            />
            <Tooltip
              formatter={(value) => (value === null ? "tidak ada data" : `${formatDecimal(Number(value), 2)}%`)}
            />
            <Legend />
            <Line
              type="linear"
              dataKey="poorPct"
              name="Penduduk miskin (BPS)"
              stroke="#0f5132"
              strokeWidth={2}
              connectNulls={false}
              isAnimationActive={false}
            />
            {dtksRate !== null && (
              <ReferenceLine
                y={dtksRate}
                stroke="#b35c00"
                strokeDasharray="6 4"
                label={{
                  value: `DTKS saat ini ${formatDecimal(dtksRate, 1)}%`,
                  position: "insideTopRight",
                  fontSize: 12,
                }}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details>
        <summary>Tabel data BPS</summary>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Tahun</th>
              <th scope="col" className="num">
                Penduduk miskin (%)
              </th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <td>{y.year}</td>
                <td className="num">{y.poorPct === null ? "tidak ada data" : formatDecimal(y.poorPct, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <figcaption className="map-status">
        Sumber: {source}. Tahun tanpa angka BPS dibiarkan kosong. Garis putus-putus: anggota rumah tangga DTKS aktif
        berdesil layak, dibagi jumlah penduduk.
      </figcaption>
    </figure>
  );
}
