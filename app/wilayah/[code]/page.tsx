import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";

import { can, notFoundInScope, pageContext } from "@/lib/access";
import {
  areaOverlap,
  areaRanking,
  areaSummary,
  inclusionErrorTotal,
  INDICATORS,
  VISIT_SHEET_LEVELS,
  WindowOutsideData,
  type AreaCounts,
  type AreaRanking,
  type RankedCount,
} from "@/lib/analytics";
import { areaLevelOfCode } from "@/lib/area-codes";
import { areaTitle, CHILD_LEVEL_LABELS, getArea } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { formatDecimal, formatInteger, formatPercent, formatRupiah } from "@/lib/format";
import { bpsPovertyOf, yearsWithGaps } from "@/lib/reference";
import { proposalCounts } from "@/lib/verval";

import { Figure } from "../../figure";
import { Hint } from "../../hint";
import { PovertyChart } from "./poverty-chart";
import { TrendChart } from "./trend-chart";
import { parseAreaViewParams, withParams, type ChildSort } from "./view-params";
import { WindowComputing } from "./window-computing";
import { WindowForm } from "./window-form";

type AreaOfPage = NonNullable<Awaited<ReturnType<typeof getArea>>>["area"];
type AreaViewParams = ReturnType<typeof parseAreaViewParams>;

type PageProps = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const { code } = await params;
  const found = areaLevelOfCode(code)
    ? await getArea({ ctx: await pageContext(`/wilayah/${code}`), input: { code } })
    : null;
  return { title: found ? areaTitle(found.area) : "Wilayah tidak ditemukan" };
}

const CHILD_COLUMNS: Array<{ sort: ChildSort; label: string; value: (c: AreaCounts) => number | string | null }> = [
  { sort: "rumah_tangga", label: "Rumah tangga", value: (c) => c.households },
  { sort: "bertumpuk", label: "Bertumpuk (% penerima)", value: (c) => INDICATORS.stacked_rate.value(c) },
  { sort: "belum_menerima", label: "Layak belum menerima (% layak)", value: (c) => INDICATORS.uncovered_rate.value(c) },
  { sort: "melanggar", label: "Melanggar aturan", value: (c) => c.conflicting_households },
  { sort: "kesalahan", label: "Penerimaan bermasalah", value: (c) => inclusionErrorTotal(c) },
  { sort: "rupiah", label: "Rupiah per rumah tangga per bulan", value: (c) => c.aid_per_receiving_household_month },
];

const EXPORT_LABELS = { csv: "CSV", xlsx: "Excel (XLSX)", geojson: "GeoJSON (peta)" } as const;

function sortChildren(children: AreaCounts[], sort: ChildSort): AreaCounts[] {
  if (sort === "kode") return children;
  if (sort === "nama") return [...children].sort((a, b) => a.name.localeCompare(b.name, "id"));
  const column = CHILD_COLUMNS.find((c) => c.sort === sort)!;
  const key = (c: AreaCounts) => Number(column.value(c) ?? -1);
  return [...children].sort((a, b) => key(b) - key(a));
}

const LISTS = [
  { list: "stacked", label: "Bertumpuk", count: (c: AreaCounts) => c.stacked_households },
  { list: "conflicting", label: "Melanggar aturan eksklusif", count: (c: AreaCounts) => c.conflicting_households },
  { list: "uncovered", label: "Layak belum menerima", count: (c: AreaCounts) => c.uncovered_eligible_households },
  { list: "errors", label: "Terdampak penerimaan bermasalah", count: (c: AreaCounts) => c.households_with_errors },
  { list: "all", label: "Semua rumah tangga", count: (c: AreaCounts) => c.households },
] as const;

export default async function AreaPage({ params, searchParams }: PageProps) {
  const { code } = await params;
  if (!areaLevelOfCode(code)) notFound();
  const view = parseAreaViewParams(await searchParams);
  const ctx = await pageContext(`/wilayah/${code}`);
  const found = await getArea({ ctx, input: { code } });
  if (!found) return notFoundInScope(ctx, `/wilayah/${code}`);
  const { area, ancestors } = found;
  const requested = { from: view.from, to: view.to };
  const onMap = area.level === "kecamatan" || area.level === "kelurahan";

  return (
    <div className="page">
      <nav aria-label="Jejak wilayah" className="breadcrumbs">
        <ol>
          {ancestors.map((a) => (
            <li key={a.code}>
              <Link href={withParams(`/wilayah/${a.code}`, requested)}>{a.name}</Link>
            </li>
          ))}
          <li aria-current="page">{area.name}</li>
        </ol>
      </nav>
      <h1>{areaTitle(area)}</h1>
      <p className="lead">
        Kode Kemendagri {area.code} · luas {formatDecimal(area.areaKm2, 2)} km² · penduduk{" "}
        {formatInteger(area.population)}
        {onMap && (
          <>
            {" · "}
            <Link href={`/peta?wilayah=${area.code}`}>Lihat di peta</Link>
          </>
        )}
      </p>
      <Suspense fallback={<WindowComputing window={requested} />}>
        <AreaFigures ctx={ctx} area={area} view={view} />
      </Suspense>
      <VervalCounts ctx={ctx} code={area.code} kabkotaCode={area.kabkotaCode ?? area.code} />
      <p className="map-status">
        Sumber batas:{" "}
        {area.source === "demo"
          ? "data contoh"
          : area.source === "turunan"
            ? "gabungan wilayah di bawahnya"
            : area.source}
      </p>
    </div>
  );
}

/**
 * The area's figures for the window. A window nobody asked for before is counted from every
 * receipt first (seconds at a city's size), so it streams in behind the page's heading.
 */
async function AreaFigures({ ctx, area, view }: { ctx: Context; area: AreaOfPage; view: AreaViewParams }) {
  const code = area.code;
  const summaryOf = (window: { from?: string; to?: string }) =>
    area.level === "provinsi" ? null : areaSummary({ ctx, input: { code, ...window } });
  // A window wholly outside the periods held is reported like a malformed one, and the default shown.
  const [summary, outside] = await Promise.resolve(summaryOf({ from: view.from, to: view.to })).then(
    (found) => [found, null] as const,
    async (error: unknown) => {
      if (!(error instanceof WindowOutsideData)) throw error;
      return [await summaryOf({}), error.message.replace(/\.$/, "")] as const;
    },
  );
  const problem = view.problem ?? outside;
  const overlap = summary ? await areaOverlap({ ctx, input: { code, ...summary.window } }) : null;
  const rankingOf = (level: "kelurahan" | "rt", by: RankedCount) =>
    summary ? areaRanking({ ctx, input: { code, ...summary.window, level, by, limit: 5 } }) : null;
  const rankings = summary
    ? (
        await Promise.all([
          area.level === "kabkota" || area.level === "kecamatan" ? rankingOf("kelurahan", "stacked_households") : null,
          area.level !== "rt" ? rankingOf("rt", "uncovered_eligible_households") : null,
        ])
      ).filter((ranking): ranking is AreaRanking => ranking !== null && ranking.areas.length > 0)
    : [];
  const path = `/wilayah/${area.code}`;
  const windowQuery = summary ? { from: summary.window.from, to: summary.window.to } : {};
  const bps = area.level === "kabkota" ? bpsPovertyOf(area.code) : null;

  return (
    <>
      {problem && <p className="notice-error">Periode tidak dipakai: {problem}. Ditampilkan jendela bawaan.</p>}

      {summary && (
        <>
          <WindowForm window={summary.window} action={path} keep={view.sort === "kode" ? {} : { urut: view.sort }} />
          <p>
            <Link href={withParams(`${path}/laporan`, windowQuery)} data-testid="area-report-link">
              Laporan satu halaman untuk dicetak (A4)
            </Link>
            {area.level !== "rt" && (
              <>
                {" · "}
                <Link href={`/rapor?wilayah=${area.code}`}>Rapor data</Link>
              </>
            )}
          </p>
          <dl className="figures" aria-label="Angka utama">
            <Figure
              label="Rumah tangga DTKS"
              term="rumah_tangga"
              value={formatInteger(summary.households)}
              note={`${formatInteger(summary.persons)} jiwa`}
            />
            <Figure
              label="Layak (aktif, terverifikasi, desil rendah)"
              term="layak"
              value={formatInteger(summary.eligible_households)}
            />
            <Figure label="Menerima bantuan" term="menerima" value={formatInteger(summary.receiving_households)} />
            <Figure
              label="Bantuan bertumpuk"
              term="bertumpuk"
              value={formatInteger(summary.stacked_households)}
              note={`${formatPercent(INDICATORS.stacked_rate.value(summary))} dari penerima`}
            />
            <Figure
              label="Melanggar aturan eksklusif"
              term="melanggar_aturan"
              value={formatInteger(summary.conflicting_households)}
            />
            <Figure
              label="Layak belum menerima"
              term="belum_menerima"
              value={formatInteger(summary.uncovered_eligible_households)}
              note={`${formatPercent(INDICATORS.uncovered_rate.value(summary))} dari yang layak; ${formatInteger(summary.never_covered_eligible_households)} tidak pernah menerima`}
            />
            <Figure
              label="Penerimaan bermasalah"
              term="penerimaan_bermasalah"
              value={formatInteger(inclusionErrorTotal(summary))}
              note={`dari ${formatInteger(summary.receipts)} penerimaan; ${formatInteger(summary.households_with_errors)} rumah tangga terdampak`}
              testId="figure-errors"
            />
            <Figure
              label="Nilai bantuan"
              term="nilai_bantuan"
              value={formatRupiah(summary.aid_amount)}
              note={
                summary.receipts_without_amount > 0
                  ? `${formatInteger(summary.receipts_without_amount)} penerimaan tanpa nominal (dihitung 0)`
                  : undefined
              }
              testId="figure-aid"
            />
            <Figure
              label="Rupiah per rumah tangga per bulan"
              term="rupiah_per_rumah_tangga"
              value={formatRupiah(summary.aid_per_receiving_household_month)}
              note={`${formatPercent(INDICATORS.aid_top10_percent.value(summary))} diterima 10 % penerima teratas`}
              testId="figure-aid-per-household"
            />
            <Figure
              label="Penduduk miskin menurut DTKS"
              term="penduduk_miskin"
              value={formatPercent(INDICATORS.poverty_rate.value(summary))}
              note={`${formatInteger(summary.poor_persons)} jiwa`}
            />
          </dl>

          <section aria-labelledby="errors-title" className="card">
            <h2 id="errors-title">
              Penerimaan bermasalah menurut jenis <Hint term="penerimaan_bermasalah" />
            </h2>
            <ul className="inline-figures">
              <li>
                Penerima meninggal: <strong>{formatInteger(summary.inclusion_errors.deceased)}</strong>
              </li>
              <li>
                Rumah tangga nonaktif: <strong>{formatInteger(summary.inclusion_errors.nonaktif)}</strong>
              </li>
              <li>
                Tidak ada di DTKS: <strong>{formatInteger(summary.inclusion_errors.not_in_register)}</strong>
              </li>
              <li>
                Dibayar dua kali: <strong>{formatInteger(summary.inclusion_errors.paid_twice)}</strong>
              </li>
              <li>
                Rumah tangga terdampak: <strong>{formatInteger(summary.households_with_errors)}</strong>
              </li>
            </ul>
            <h3>
              Mutu data <Hint term="nik_tidak_sah" />
            </h3>
            <p>
              NIK tidak sah: <strong>{formatInteger(summary.inclusion_errors.invalid_nik)}</strong> dari{" "}
              {formatInteger(summary.receipts)} penerimaan ({formatPercent(INDICATORS.invalid_nik_rate.value(summary))}
              ). Bukan kesalahan inklusi: penerimaannya bisa tetap sah, tetapi NIK-nya perlu dibetulkan.
            </p>
          </section>

          {rankings.length > 0 && (
            <section aria-labelledby="ranking-title">
              <h2 id="ranking-title">Perlu perhatian</h2>
              <div className="rankings">
                {rankings.map((ranking) => (
                  <Ranking key={`${ranking.level}-${ranking.by}`} ranking={ranking} windowQuery={windowQuery} />
                ))}
              </div>
            </section>
          )}

          <section aria-labelledby="lists-title">
            <h2 id="lists-title">Daftar rumah tangga</h2>
            <ul className="list-links">
              {LISTS.map((entry) => (
                <li key={entry.list}>
                  <Link href={withParams(`${path}/rumah-tangga`, { daftar: entry.list, ...windowQuery })}>
                    {entry.label} <span className="count">{formatInteger(entry.count(summary))}</span>
                  </Link>
                </li>
              ))}
            </ul>
            {can(ctx.actor, "person_details") && VISIT_SHEET_LEVELS.includes(area.level) && (
              <p>
                <Link href={withParams(`${path}/kunjungan`, windowQuery)} data-testid="visit-sheet-link">
                  Lembar kunjungan RT untuk dicetak
                </Link>{" "}
                (nama, alamat dan yang perlu dicek, satu lembar per RT)
              </p>
            )}
          </section>

          {summary.children.length > 0 && (
            <section aria-labelledby="children-title">
              <h2 id="children-title">{CHILD_LEVEL_LABELS[area.level]}</h2>
              <p data-testid="children-export">
                Unduh angka per {CHILD_LEVEL_LABELS[area.level]} dengan semua indikator:{" "}
                {(["csv", "xlsx", "geojson"] as const).map((format, i) => (
                  <span key={format}>
                    {i > 0 && " · "}
                    <a href={withParams(`/api/areas/${area.code}/export`, { ...windowQuery, format })} download>
                      {EXPORT_LABELS[format]}
                    </a>
                  </span>
                ))}
              </p>
              <div className="table-wrap">
                <table className="data" data-testid="children-table">
                  <thead>
                    <tr>
                      <SortHeader
                        label="Nama"
                        sort="nama"
                        current={view.sort}
                        href={withParams(path, { ...windowQuery, urut: "nama" })}
                      />
                      {CHILD_COLUMNS.map((column) => (
                        <SortHeader
                          key={column.sort}
                          label={column.label}
                          sort={column.sort}
                          current={view.sort}
                          numeric
                          href={withParams(path, { ...windowQuery, urut: column.sort })}
                        />
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {sortChildren(summary.children, view.sort).map((child) => (
                      <tr key={child.code ?? "tanpa-rt"}>
                        <td>
                          {child.code ? (
                            <Link href={withParams(`/wilayah/${child.code}`, windowQuery)}>{child.name}</Link>
                          ) : (
                            child.name
                          )}
                        </td>
                        <td className="num">{formatInteger(child.households)}</td>
                        <td className="num">{formatPercent(INDICATORS.stacked_rate.value(child))}</td>
                        <td className="num">{formatPercent(INDICATORS.uncovered_rate.value(child))}</td>
                        <td className="num">{formatInteger(child.conflicting_households)}</td>
                        <td className="num">{formatInteger(inclusionErrorTotal(child))}</td>
                        <td className="num">{formatRupiah(child.aid_per_receiving_household_month)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}

          {overlap && overlap.combinations.length > 0 && (
            <section aria-labelledby="overlap-title">
              <h2 id="overlap-title">Kombinasi program yang diterima</h2>
              <div className="table-wrap">
                <table className="data" data-testid="overlap-table">
                  <thead>
                    <tr>
                      <th scope="col">Program</th>
                      <th scope="col" className="num">
                        Rumah tangga
                      </th>
                      <th scope="col">Bagian dari penerima</th>
                    </tr>
                  </thead>
                  <tbody>
                    {overlap.combinations.slice(0, 15).map((combination) => {
                      const share = (100 * combination.households) / overlap.receiving_households;
                      return (
                        <tr
                          key={combination.programs.join("+")}
                          className={combination.conflicting ? "conflicting" : undefined}
                        >
                          <td>
                            {combination.programs.join(" + ")}
                            {combination.conflicting && <span className="tag">melanggar aturan</span>}
                          </td>
                          <td className="num">{formatInteger(combination.households)}</td>
                          <td>
                            <span className="bar" style={{ width: `${Math.max(share, 0.5)}%` }} aria-hidden="true" />{" "}
                            {formatPercent(share)}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {overlap.combinations.length > 15 && (
                <p className="map-status">
                  {formatInteger(overlap.combinations.length - 15)} kombinasi lain tidak ditampilkan.
                </p>
              )}
            </section>
          )}

          <section aria-labelledby="trend-title">
            <h2 id="trend-title">Tren per bulan</h2>
            <TrendChart code={area.code} window={summary.window} />
          </section>

          {bps && (
            <section aria-labelledby="poverty-title">
              <h2 id="poverty-title">Kemiskinan resmi menurut BPS</h2>
              <PovertyChart
                areaName={bps.areaName}
                years={yearsWithGaps(bps)}
                source={bps.source}
                dtksRate={INDICATORS.poverty_rate.value(summary)}
              />
            </section>
          )}
        </>
      )}
    </>
  );
}

function SortHeader({
  label,
  sort,
  current,
  href,
  numeric = false,
}: {
  label: string;
  sort: ChildSort;
  current: ChildSort;
  href: string;
  numeric?: boolean;
}) {
  const active = sort === current;
  return (
    <th
      scope="col"
      className={numeric ? "num" : undefined}
      aria-sort={active ? (numeric ? "descending" : "ascending") : undefined}
    >
      <Link href={href}>
        {label}
        {active ? (numeric ? " ▼" : " ▲") : ""}
      </Link>
    </th>
  );
}

const RANKING_TITLES: Record<RankedCount, (level: string) => string> = {
  stacked_households: (level) => `${level} dengan rumah tangga bertumpuk terbanyak (menurut jumlah)`,
  uncovered_eligible_households: (level) =>
    `${level} dengan rumah tangga layak belum menerima terbanyak (menurut jumlah)`,
  conflicting_households: (level) => `${level} dengan pelanggaran aturan program terbanyak (menurut jumlah)`,
};
const RANKING_RATE_BASES: Record<RankedCount, string> = {
  stacked_households: "penerima",
  uncovered_eligible_households: "yang layak",
  conflicting_households: "penerima",
};
const RANKING_LISTS: Record<RankedCount, string> = {
  stacked_households: "stacked",
  uncovered_eligible_households: "uncovered",
  conflicting_households: "conflicting",
};

function Ranking({ ranking, windowQuery }: { ranking: AreaRanking; windowQuery: Record<string, string | undefined> }) {
  const title = RANKING_TITLES[ranking.by](ranking.level === "rt" ? "RT" : "Kelurahan");
  return (
    <div className="card" data-testid={`ranking-${ranking.level}-${ranking.by}`}>
      <h3>{title}</h3>
      <ol className="ranking">
        {ranking.areas.map((a) => (
          <li key={a.code}>
            <Link href={withParams(`/wilayah/${a.code}`, windowQuery)}>
              {a.name}
              {a.parent_name ? `, ${a.parent_name}` : ""}
            </Link>{" "}
            <strong>{formatInteger(a.value)}</strong> rumah tangga ({formatPercent(a.rate)} dari{" "}
            {RANKING_RATE_BASES[ranking.by]}) ·{" "}
            <Link
              href={withParams(`/wilayah/${a.code}/rumah-tangga`, {
                daftar: RANKING_LISTS[ranking.by],
                ...windowQuery,
              })}
            >
              daftar
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The area's verval proposals: waiting, past their SLA, applied and rejected in the last 30 days (aggregates, for every role). */
async function VervalCounts({ ctx, code, kabkotaCode }: { ctx: Context; code: string; kabkotaCode: string }) {
  const counts = await proposalCounts(ctx, kabkotaCode, code);
  return (
    <section aria-labelledby="verval-title" className="card" data-testid="verval-counts">
      <h2 id="verval-title">Usulan verval</h2>
      <ul className="inline-figures">
        <li>
          Menunggu: <strong>{formatInteger(counts.waiting)}</strong>
        </li>
        <li>
          Lewat batas waktu: <strong>{formatInteger(counts.overdue)}</strong>
        </li>
        <li>
          Diterapkan (30 hari): <strong>{formatInteger(counts.applied_30_days)}</strong>
        </li>
        <li>
          Ditolak (30 hari): <strong>{formatInteger(counts.rejected_30_days)}</strong>
        </li>
      </ul>
      {can(ctx.actor, "person_details") && (
        <p>
          <Link href="/tugas">Buka daftar tugas verval</Link>
        </p>
      )}
    </section>
  );
}
