"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from "recharts";

import { formatDecimal, formatInteger, formatPeriod } from "@/lib/format";
import type { CommandScreen } from "@/lib/screen";

const AXIS = { fill: "#c9d3df", fontSize: 18 };

/** BPS's yearly poverty rate of the city, gaps left open, beside the DTKS rate of today. */
export function BpsPovertyChart({ poverty }: { poverty: CommandScreen["poverty"] }) {
  if (!poverty.bps) return <p className="screen-note">Belum ada deret BPS untuk wilayah ini.</p>;
  const top = Math.ceil(Math.max(poverty.dtks_rate ?? 0, ...poverty.bps.years.map((y) => y.poorPct ?? 0)) + 1);
  return (
    <figure className="screen-chart" data-testid="screen-bps-chart">
      <figcaption>Penduduk miskin (% penduduk)</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={poverty.bps.years} margin={{ top: 12, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#2b3648" />
          <XAxis dataKey="year" tick={AXIS} stroke="#5b6b7f" />
          <YAxis
            domain={[0, top]}
            tick={AXIS}
            stroke="#5b6b7f"
            width={70}
            tickFormatter={(v: number) => `${formatDecimal(v, 0)}%`}
          />
          <Legend wrapperStyle={{ fontSize: 18, color: "#e6edf5" }} />
          <Line
            dataKey="poorPct"
            name="BPS (Susenas Maret)"
            stroke="#7fd1a3"
            strokeWidth={4}
            dot={{ r: 5 }}
            connectNulls={false}
            isAnimationActive={false}
          />
          {poverty.dtks_rate !== null && (
            <ReferenceLine
              y={poverty.dtks_rate}
              stroke="#ffa94d"
              strokeWidth={3}
              strokeDasharray="10 6"
              label={{
                value: `DTKS kini ${formatDecimal(poverty.dtks_rate, 1)}%`,
                fill: "#ffa94d",
                fontSize: 20,
                position: "insideTopRight",
              }}
            />
          )}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Households receiving aid and eligible households left out, month by month. */
export function MonthlyCoverageChart({ months }: { months: CommandScreen["poverty"]["months"] }) {
  // A suppressed month is drawn as a gap, never as a number it is not.
  const data = months.map((m) => ({
    period: formatPeriod(m.period),
    receiving: typeof m.receiving_households === "number" ? m.receiving_households : null,
    uncovered: typeof m.uncovered_eligible_households === "number" ? m.uncovered_eligible_households : null,
  }));
  return (
    <figure className="screen-chart" data-testid="screen-monthly-chart">
      <figcaption>Rumah tangga per bulan, 24 bulan terakhir</figcaption>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 12, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#2b3648" />
          <XAxis dataKey="period" tick={AXIS} stroke="#5b6b7f" interval={5} />
          <YAxis tick={AXIS} stroke="#5b6b7f" width={90} tickFormatter={(v: number) => formatInteger(v)} />
          <Legend wrapperStyle={{ fontSize: 18, color: "#e6edf5" }} />
          <Line
            dataKey="receiving"
            name="Menerima bantuan"
            stroke="#74c0fc"
            strokeWidth={4}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="uncovered"
            name="Layak belum menerima"
            stroke="#ff8787"
            strokeWidth={4}
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
