import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";

import { homeAreaOf, notFoundInScope, pageContext } from "@/lib/access";
import { areaCodeParam } from "@/lib/area-codes";
import { areaTitle, homeKabkotaCode } from "@/lib/areas";
import { formatDateTime, formatInteger } from "@/lib/format";
import {
  operatorScorecards,
  readScorecard,
  SCORECARD_FIGURE_KEYS,
  SCORECARD_FIGURES,
  type ScorecardArea,
  type ScorecardFigureKey,
} from "@/lib/scorecard";

import { changeOf, formatFigure } from "./format";
import { ScorecardCard } from "./scorecard-card";
import { ScorecardMap } from "./scorecard-map";

export const metadata: Metadata = { title: "Rapor data" };

const SORTS = ["nama", ...SCORECARD_FIGURE_KEYS] as const;
type Sort = (typeof SORTS)[number];

const searchParams = z.object({
  wilayah: areaCodeParam.optional().catch(undefined),
  urut: z.enum(SORTS).catch("proposals_overdue"),
  arah: z.enum(["naik", "turun"]).optional().catch(undefined),
});

type Direction = "naik" | "turun";

/** A column's order unless the address names one: names A to Z, figures worst first (who needs attention on top). */
const defaultDirection = (sort: Sort): Direction =>
  sort === "nama" || SCORECARD_FIGURES[sort].better === "higher" ? "naik" : "turun";

function sortRows(rows: ScorecardArea[], sort: Sort, direction: Direction): ScorecardArea[] {
  if (sort === "nama") {
    const sorted = [...rows].sort((a, b) => a.name.localeCompare(b.name, "id"));
    return direction === "turun" ? sorted.reverse() : sorted;
  }
  const descending = direction === "turun";
  return [...rows].sort((a, b) => {
    const x = a.figures[sort].value;
    const y = b.figures[sort].value;
    if (x === y) return a.name.localeCompare(b.name, "id");
    if (x === null) return 1;
    if (y === null) return -1;
    return descending ? y - x : x - y;
  });
}

export default async function ScorecardPage({ searchParams: raw }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await pageContext("/rapor");
  const query = searchParams.parse(await raw);
  const kabkota = await homeKabkotaCode(ctx);
  const code = query.wilayah ?? homeAreaOf(ctx.actor) ?? kabkota;
  const scorecard = await readScorecard({
    ctx,
    input: { code: code.split(".").length > 4 ? code.slice(0, 13) : code },
  });
  if (!scorecard) return notFoundInScope(ctx, `/rapor?wilayah=${code}`);
  const { area } = scorecard;
  const operators = await operatorScorecards({ ctx, input: { code: area.code } });
  const direction = query.arah ?? defaultDirection(query.urut);
  const rows = sortRows(scorecard.kelurahan, query.urut, direction);
  const kecamatanName = new Map(scorecard.kecamatan.map((k) => [k.code, k.name]));
  const sortHref = (sort: Sort) => {
    const params = new URLSearchParams({ wilayah: area.code, urut: sort });
    // The sorted column's heading turns the order round.
    if (sort === query.urut) params.set("arah", direction === "turun" ? "naik" : "turun");
    return `/rapor?${params}`;
  };
  const title = `Rapor data · ${areaTitle(area)}`;

  return (
    <div className="page">
      <h1>{title}</h1>
      <p className="lead">
        Kesegaran, tindak lanjut dan mutu data wilayah: camat dan lurah ikut bertanggung jawab atas data wilayahnya.
        Angka kecamatan dan kota adalah jumlah dari kelurahannya.
      </p>
      {area.level !== "kabkota" && (
        <p>
          <Link href={`/wilayah/${area.code}`}>Buka halaman wilayah {area.name}</Link>
        </p>
      )}
      <ScorecardCard scorecard={scorecard} title={`Rapor ${area.name}`} />

      {scorecard.kecamatan.length > 0 && (
        <section aria-labelledby="kecamatan-title">
          <h2 id="kecamatan-title">Per kecamatan</h2>
          <ScorecardTable testId="kecamatan-table" rows={scorecard.kecamatan} kecamatanName={null} sortHref={null} />
        </section>
      )}

      {rows.length > 0 && (
        <section aria-labelledby="kelurahan-title">
          <h2 id="kelurahan-title">Per kelurahan</h2>
          <p className="source-note">
            Peringkat di antara kelurahan sekecamatan (1 terbaik). Klik judul kolom untuk mengurutkan; urutan awal
            menaruh yang paling perlu perhatian di atas.
          </p>
          <ScorecardMap
            kabkota={kabkota}
            initial={query.urut === "nama" ? "proposals_overdue" : query.urut}
            areas={rows.map((r) => ({
              code: r.code,
              values: Object.fromEntries(SCORECARD_FIGURE_KEYS.map((key) => [key, r.figures[key].value])) as Record<
                ScorecardFigureKey,
                number | null
              >,
            }))}
          />
          <ScorecardTable
            testId="scorecard-table"
            rows={rows}
            kecamatanName={area.level === "kabkota" ? kecamatanName : null}
            sortHref={sortHref}
          />
        </section>
      )}

      <section aria-labelledby="operator-title">
        <h2 id="operator-title">Per akun operator</h2>
        {operators.length === 0 ? (
          <p>Belum ada akun operator di wilayah ini.</p>
        ) : (
          <div className="table-wrap">
            <table className="data" data-testid="operator-table">
              <thead>
                <tr>
                  <th scope="col">Akun</th>
                  <th scope="col">Wilayah</th>
                  <th scope="col" className="num">
                    Draf dan dikembalikan
                  </th>
                  <th scope="col" className="num">
                    Diajukan (30 hari)
                  </th>
                  <th scope="col" className="num">
                    Diterapkan (30 hari)
                  </th>
                  <th scope="col" className="num">
                    Dikembalikan (30 hari)
                  </th>
                  <th scope="col" className="num">
                    Lewat batas waktu
                  </th>
                  <th scope="col">Terakhir aktif</th>
                </tr>
              </thead>
              <tbody>
                {operators.map((o) => (
                  <tr key={o.username}>
                    <td>{o.display_name ? `${o.display_name} (${o.username})` : o.username}</td>
                    <td>{o.areas.join(", ")}</td>
                    <td className="num">{formatInteger(o.drafts)}</td>
                    <td className="num">{formatInteger(o.submitted_30_days)}</td>
                    <td className="num">{formatInteger(o.applied_30_days)}</td>
                    <td className="num">{formatInteger(o.returned_30_days)}</td>
                    <td className="num">{formatInteger(o.overdue)}</td>
                    <td>{o.last_seen_at ? formatDateTime(o.last_seen_at) : "belum pernah"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** Areas by row, every figure with its rank and change; sortable by a column's heading. */
function ScorecardTable({
  testId,
  rows,
  kecamatanName,
  sortHref,
}: {
  testId: string;
  rows: ScorecardArea[];
  kecamatanName: Map<string, string> | null;
  sortHref: ((sort: Sort) => string) | null;
}) {
  const head = (sort: Sort, label: string) => (sortHref ? <Link href={sortHref(sort)}>{label}</Link> : label);
  return (
    <div className="table-wrap">
      <table className="data scorecard-table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{head("nama", "Wilayah")}</th>
            {kecamatanName && <th scope="col">Kecamatan</th>}
            {SCORECARD_FIGURE_KEYS.map((key) => (
              <th key={key} scope="col" className="num" title={SCORECARD_FIGURES[key].description}>
                {head(key, SCORECARD_FIGURES[key].label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.code} data-code={row.code}>
              <th scope="row">
                <Link href={`/rapor?wilayah=${row.code}`}>{row.name}</Link>
              </th>
              {kecamatanName && <td>{kecamatanName.get(row.code.slice(0, 8)) ?? "–"}</td>}
              {SCORECARD_FIGURE_KEYS.map((key) => {
                const figure = row.figures[key];
                const change = changeOf(key, figure);
                return (
                  <td key={key} className="num" data-figure={key}>
                    {formatFigure(key, figure.value)}
                    {figure.rank !== null && <span className="scorecard-rank"> ({formatInteger(figure.rank)})</span>}
                    {change && <span className={`scorecard-change ${change.tone}`}> {change.text}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
