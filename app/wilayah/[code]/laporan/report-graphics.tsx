import { formatInteger, formatPeriod } from "@/lib/format";
import { scaleBar } from "@/lib/map";
import { REPORT_MAP_SIZE, type AreaReport, type ReportTrendPoint } from "@/lib/report";

/** The scale bar of the printed map: a round distance within a fifth of its width. */
function reportScaleBar(metresPerUnit: number): { units: number; label: string } | null {
  if (!metresPerUnit) return null;
  const { metres, units } = scaleBar(metresPerUnit, REPORT_MAP_SIZE.width / 5);
  return { units, label: metres >= 1000 ? `${formatInteger(metres / 1000)} km` : `${formatInteger(metres)} m` };
}

/** The children's choropleth as SVG, drawn on the server: prints sharp, needs no WebGL. */
export function ReportMap({ report, title }: { report: AreaReport; title: string }) {
  const { width, height } = REPORT_MAP_SIZE;
  const fill = new Map(report.children.map((c) => [c.code, c.fill]));
  const bar = reportScaleBar(report.metresPerUnit);
  const labelled = report.outlines.length <= 25;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      className="report-map"
      role="img"
      aria-label={title}
      data-testid="report-map"
    >
      <rect width={width} height={height} fill="#f4f7f5" />
      {report.backdrop && (
        <g data-testid="report-basemap">
          <path d={report.backdrop.water} fill="#9fd3e0" />
          <path d={report.backdrop.roads} fill="none" stroke="#8a8f94" strokeWidth={0.8} />
        </g>
      )}
      {report.outlines.map((o) => (
        <path
          key={o.code}
          d={o.d}
          fill={fill.get(o.code) ?? "#b8bcc0"}
          fillOpacity={report.backdrop ? 0.6 : 1}
          stroke="#ffffff"
          strokeWidth={1}
        >
          <title>{o.name}</title>
        </path>
      ))}
      {report.backdrop?.places.map((place) => (
        <text
          key={place.name}
          x={place.x}
          y={place.y}
          className="report-map-place"
          textAnchor="middle"
          data-testid="report-basemap-place"
        >
          {place.name}
        </text>
      ))}
      {labelled &&
        report.outlines.map((o) => (
          <text key={o.code} x={o.label[0]} y={o.label[1]} className="report-map-label" textAnchor="middle">
            {o.name}
          </text>
        ))}
      {bar && (
        <g transform={`translate(12 ${height - 18})`}>
          <rect width={bar.units} height={5} fill="#222" />
          <text y={-4} className="report-map-label">
            {bar.label}
          </text>
        </g>
      )}
      <g transform={`translate(${width - 24} 14)`} aria-label="Arah utara">
        <path d="M0 0 L7 18 L0 13 L-7 18 Z" fill="#222" />
        <text y={30} textAnchor="middle" className="report-map-label">
          U
        </text>
      </g>
    </svg>
  );
}

const SERIES = [
  { key: "eligible", label: "Layak", colour: "#1f6f8b" },
  { key: "receiving", label: "Menerima", colour: "#2e7d32" },
  { key: "uncovered", label: "Layak belum menerima", colour: "#c62828" },
  { key: "stacked", label: "Bertumpuk", colour: "#ef6c00" },
] as const satisfies ReadonlyArray<{ key: keyof ReportTrendPoint; label: string; colour: string }>;

/** The monthly trend as SVG lines; a month a count is suppressed in is a gap, never a zero. */
export function ReportTrend({ points }: { points: ReportTrendPoint[] }) {
  const width = 600;
  const height = 150;
  const pad = { left: 44, right: 8, top: 8, bottom: 18 };
  const max = Math.max(1, ...points.flatMap((p) => SERIES.map((s) => p[s.key] ?? 0)));
  const x = (i: number) =>
    pad.left + (points.length > 1 ? (i / (points.length - 1)) * (width - pad.left - pad.right) : 0);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const path = (key: (typeof SERIES)[number]["key"]) =>
    points
      .map((p, i) => {
        const v = p[key];
        if (v === null) return "";
        const previous = i > 0 ? points[i - 1]![key] : null;
        return `${previous === null || i === 0 ? "M" : "L"}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
      })
      .join("");
  return (
    <figure className="report-trend">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="Tren bulanan" data-testid="report-trend">
        <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke="#999" />
        <text x={pad.left - 4} y={y(max) + 4} textAnchor="end" className="report-map-label">
          {formatInteger(max)}
        </text>
        <text x={pad.left - 4} y={y(0)} textAnchor="end" className="report-map-label">
          0
        </text>
        {points.length > 0 && (
          <>
            <text x={x(0)} y={height - 4} className="report-map-label">
              {formatPeriod(points[0]!.period)}
            </text>
            <text x={x(points.length - 1)} y={height - 4} textAnchor="end" className="report-map-label">
              {formatPeriod(points.at(-1)!.period)}
            </text>
          </>
        )}
        {SERIES.map((s) => (
          <path key={s.key} d={path(s.key)} fill="none" stroke={s.colour} strokeWidth={2} />
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {SERIES.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.colour }} /> {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
