import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import type { z } from "zod";

import { Pager } from "@/app/components/pager";
import { notFoundInScope, pageContext } from "@/lib/access";
import {
  exportLimitNote,
  HOUSEHOLD_SORTS,
  householdListParams,
  listHouseholds,
  type HouseholdList,
} from "@/lib/analytics";
import { areaTitle, getArea } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { formatInteger } from "@/lib/format";

import { filledParams, withParams } from "../view-params";
import { WindowComputing } from "../window-computing";
import { WindowForm } from "../window-form";

export const metadata: Metadata = { title: "Daftar rumah tangga" };

const LIST_LABELS: Record<HouseholdList, string> = {
  stacked: "Rumah tangga dengan bantuan bertumpuk",
  conflicting: "Rumah tangga yang melanggar aturan program eksklusif",
  uncovered: "Rumah tangga layak yang belum menerima",
  errors: "Rumah tangga dengan kesalahan inklusi",
  all: "Semua rumah tangga",
};
const SORT_LABELS: Record<(typeof HOUSEHOLD_SORTS)[number], string> = {
  wilayah: "Wilayah",
  desil: "Desil",
  program: "Jumlah program",
  kesalahan: "Kesalahan",
  alamat: "Alamat (untuk kunjungan)",
};

type HouseholdListParams = z.infer<typeof householdListParams>;

type PageProps = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function HouseholdListPage({ params, searchParams }: PageProps) {
  const { code } = await params;
  const raw = filledParams(await searchParams);
  const parsed = householdListParams.safeParse({
    list: raw.daftar,
    page: raw.halaman,
    sort: raw.urut,
    program: raw.program,
    desil: raw.desil,
    from: raw.from,
    to: raw.to,
  });
  const ctx = await pageContext(`/wilayah/${code}/rumah-tangga`);
  const found = await getArea({ ctx, input: { code } });
  if (!found) return notFoundInScope(ctx, `/wilayah/${code}/rumah-tangga`);
  if (!parsed.success) {
    return (
      <div className="page">
        <h1>Daftar rumah tangga</h1>
        <p className="notice-error">
          Alamat daftar tidak valid:{" "}
          {parsed.error.issues
            .map((i) => i.message.replace(/^list /, "daftar ").replace(/^page /, "halaman "))
            .join("; ")}
          .
        </p>
        <p>
          <Link href={`/wilayah/${code}`}>Kembali ke {areaTitle(found.area)}</Link>
        </p>
      </div>
    );
  }
  const query = parsed.data;
  const requested = { from: query.from, to: query.to };

  return (
    <div className="page">
      <nav aria-label="Jejak wilayah" className="breadcrumbs">
        <ol>
          {found.ancestors.map((a) => (
            <li key={a.code}>
              <Link href={withParams(`/wilayah/${a.code}`, requested)}>{a.name}</Link>
            </li>
          ))}
          <li>
            <Link href={withParams(`/wilayah/${code}`, requested)}>{found.area.name}</Link>
          </li>
          <li aria-current="page">Daftar</li>
        </ol>
      </nav>
      <h1>{LIST_LABELS[query.list]}</h1>
      <Suspense fallback={<WindowComputing window={requested} />}>
        <HouseholdListBody ctx={ctx} code={code} areaName={areaTitle(found.area)} query={query} />
      </Suspense>
    </div>
  );
}

/** The list itself, streamed in behind the heading (see WindowComputing). */
async function HouseholdListBody({
  ctx,
  code,
  areaName,
  query,
}: {
  ctx: Context;
  code: string;
  areaName: string;
  query: HouseholdListParams;
}) {
  const path = `/wilayah/${code}/rumah-tangga`;
  const list = await listHouseholds({ ctx, input: { code, ...query } });
  // The area was found in scope a moment ago; only a concurrent removal of it lands here.
  if (!list) return <p className="notice-error">Wilayah ini tidak lagi tersedia.</p>;
  const state = {
    daftar: query.list,
    urut: query.sort,
    program: query.program,
    desil: query.desil?.toString(),
    from: list.window.from,
    to: list.window.to,
  };
  const pages = Math.max(1, Math.ceil(list.total / list.page_size));
  // Names and addresses come only to a role that may see persons (listHouseholds leaves them out for the others).
  const visits = list.households.some((h) => h.visit);
  const limitNote = exportLimitNote(list.total);
  const exportHref = (format: "csv" | "xlsx") =>
    withParams(`/api/areas/${code}/households/export`, {
      list: query.list,
      sort: query.sort,
      program: query.program,
      desil: state.desil,
      from: state.from,
      to: state.to,
      format,
    });

  return (
    <>
      <p className="lead">
        {areaName} · {formatInteger(list.total)} rumah tangga
      </p>
      <WindowForm
        window={list.window}
        action={path}
        keep={{
          daftar: query.list,
          urut: query.sort,
          ...(query.program ? { program: query.program } : {}),
          ...(state.desil ? { desil: state.desil } : {}),
        }}
      />
      <form className="window-form" method="get" action={path} aria-label="Saring daftar">
        <input type="hidden" name="daftar" value={query.list} />
        <input type="hidden" name="from" value={state.from} />
        <input type="hidden" name="to" value={state.to} />
        <label>
          Program
          <input name="program" defaultValue={query.program ?? ""} placeholder="mis. PKH" size={10} />
        </label>
        <label>
          Desil
          <input name="desil" type="number" min={1} max={10} defaultValue={query.desil ?? ""} />
        </label>
        <label>
          Urutkan
          <select name="urut" defaultValue={query.sort}>
            {HOUSEHOLD_SORTS.map((sort) => (
              <option key={sort} value={sort}>
                {SORT_LABELS[sort]}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit">
          Saring
        </button>
      </form>
      <p>
        {limitNote ? "Unduh daftar" : "Unduh seluruh daftar"}:{" "}
        <a href={exportHref("csv")} download>
          CSV
        </a>{" "}
        ·{" "}
        <a href={exportHref("xlsx")} download>
          Excel (XLSX)
        </a>
        {limitNote && (
          <>
            <br />
            <small data-testid="export-limit">{limitNote}</small>
          </>
        )}
      </p>
      <div className="table-wrap">
        <table className="data" data-testid="household-list">
          <thead>
            <tr>
              <th scope="col">ID DTKS</th>
              {visits && (
                <>
                  <th scope="col">Kepala keluarga</th>
                  <th scope="col">Alamat</th>
                </>
              )}
              <th scope="col">Kelurahan / RT</th>
              <th scope="col" className="num">
                Desil
              </th>
              <th scope="col">Status</th>
              <th scope="col">Program dalam jendela</th>
              <th scope="col" className="num">
                Anggota
              </th>
              <th scope="col" className="num">
                Kesalahan
              </th>
            </tr>
          </thead>
          <tbody>
            {list.households.map((h) => {
              const errors = h.errors.deceased + h.errors.nonaktif + h.errors.invalid_nik + h.errors.paid_twice;
              return (
                <tr key={h.id}>
                  <td>
                    <Link href={withParams(`/rumah-tangga/${h.id}`, { from: state.from, to: state.to })}>
                      {h.dtks_id}
                    </Link>
                  </td>
                  {h.visit && (
                    <>
                      <td>{h.visit.head_name ?? "–"}</td>
                      <td>
                        {h.visit.address ?? "–"}
                        {(h.visit.rt || h.visit.rw) && ` (RT ${h.visit.rt ?? "–"} / RW ${h.visit.rw ?? "–"})`}
                      </td>
                    </>
                  )}
                  <td>
                    {h.kelurahan_code ?? "–"}
                    {h.rt_code ? ` / RT ${h.rt_code.slice(-3)}` : ""}
                  </td>
                  <td className="num">{h.desil ?? "–"}</td>
                  <td>
                    {h.status}
                    {h.verval_status !== "terverifikasi" ? ", belum terverifikasi" : ""}
                  </td>
                  <td>{h.programs.length ? h.programs.join(" + ") : "tidak ada"}</td>
                  <td className="num">{formatInteger(h.persons)}</td>
                  <td className="num">{formatInteger(errors)}</td>
                </tr>
              );
            })}
            {list.households.length === 0 && (
              <tr>
                <td colSpan={visits ? 9 : 7}>Tidak ada rumah tangga dalam daftar ini.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager path={path} params={state} page={query.page} pages={pages} pageParam="halaman" />
    </>
  );
}
