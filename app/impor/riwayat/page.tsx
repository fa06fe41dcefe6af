import type { Metadata } from "next";
import Link from "next/link";

import { FilterProblem } from "@/app/components/filter-problem";
import { Pager } from "@/app/components/pager";
import { filledParams } from "@/app/wilayah/[code]/view-params";
import { pageContext } from "@/lib/access";
import { formatDateTime, formatInteger } from "@/lib/format";
import {
  IMPORT_HISTORY_PAGE_SIZE,
  IMPORT_KIND_LABELS,
  IMPORT_OUTCOME_LABELS,
  IMPORT_STATUS_LABELS,
  importHistoryParams,
  listImportBatches,
} from "@/lib/imports";

import { OUTCOME_CLASS } from "./outcome";

export const metadata: Metadata = { title: "Riwayat impor" };

export default async function ImportHistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await pageContext("/impor/riwayat", "import");
  const raw = filledParams(await searchParams);
  const parsed = importHistoryParams.safeParse(raw);
  const query = parsed.success ? parsed.data : { page: 1 };
  const { total, rows } = await listImportBatches({ ctx, input: query });
  const filters = { jenis: query.jenis, status: query.status };
  const pages = Math.max(1, Math.ceil(total / IMPORT_HISTORY_PAGE_SIZE));
  return (
    <div className="page">
      <p>
        <Link href="/impor">← Impor</Link>
      </p>
      <h1>Riwayat impor</h1>
      <p>
        Setiap berkas yang pernah diimpor, dengan hasilnya: berhasil, sebagian (ada baris ditolak), ditolak utuh atau
        gagal. Buka satu impor untuk melihat baris yang ditolak beserta alasannya dan mengunduhnya untuk diperbaiki.
        Waktu dalam WITA.
      </p>
      <form className="window-form" method="get" action="/impor/riwayat">
        <label>
          Jenis
          <select name="jenis" defaultValue={query.jenis ?? ""}>
            <option value="">Semua</option>
            {(Object.keys(IMPORT_KIND_LABELS) as Array<keyof typeof IMPORT_KIND_LABELS>).map((kind) => (
              <option key={kind} value={kind}>
                {IMPORT_KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select name="status" defaultValue={query.status ?? ""}>
            <option value="">Semua</option>
            {(Object.keys(IMPORT_STATUS_LABELS) as Array<keyof typeof IMPORT_STATUS_LABELS>).map((status) => (
              <option key={status} value={status}>
                {IMPORT_STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit">
          Saring
        </button>
      </form>
      <FilterProblem error={parsed.error} />
      <p className="map-status">
        {formatInteger(total)} impor · halaman {formatInteger(query.page)} dari {formatInteger(pages)}
      </p>
      <div className="table-wrap">
        <table className="data" data-testid="riwayat-impor">
          <thead>
            <tr>
              <th scope="col">Mulai</th>
              <th scope="col">Jenis</th>
              <th scope="col">Berkas</th>
              <th scope="col">Hasil</th>
              <th scope="col" className="num">
                Baris
              </th>
              <th scope="col" className="num">
                Masuk
              </th>
              <th scope="col" className="num">
                Ditolak
              </th>
              <th scope="col">Oleh</th>
              <th scope="col">Pesan</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-outcome={row.outcome}>
                <td>{formatDateTime(row.started_at)}</td>
                <td>
                  {IMPORT_KIND_LABELS[row.kind]}
                  {row.program_code && ` ${row.program_code}`}
                  {row.period && ` ${row.period}`}
                </td>
                <td>
                  <Link href={`/impor/riwayat/${row.id}`}>{row.file_name}</Link>
                </td>
                <td>
                  <span className={OUTCOME_CLASS[row.outcome]}>{IMPORT_OUTCOME_LABELS[row.outcome]}</span>
                </td>
                <td className="num">{formatInteger(row.rows_total)}</td>
                <td className="num">{formatInteger(row.rows_accepted)}</td>
                <td className="num">
                  {row.rejections_kept > 0 ? (
                    <Link href={`/impor/riwayat/${row.id}`}>{formatInteger(row.rows_rejected)}</Link>
                  ) : (
                    formatInteger(row.rows_rejected)
                  )}
                </td>
                <td>{row.created_by ?? "sistem (CLI)"}</td>
                <td>
                  <div className="history-message">{row.message ?? ""}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path="/impor/riwayat" params={filters} page={query.page} pages={pages} />
    </div>
  );
}
