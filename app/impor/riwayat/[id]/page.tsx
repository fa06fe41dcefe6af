import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { FilterProblem } from "@/app/components/filter-problem";
import { Pager } from "@/app/components/pager";
import { filledParams, withParams } from "@/app/wilayah/[code]/view-params";
import { pageContext } from "@/lib/access";
import { formatDateTime, formatInteger } from "@/lib/format";
import {
  IMPORT_KIND_LABELS,
  IMPORT_OUTCOME_LABELS,
  readImportBatch,
  REJECTION_PAGE_SIZE,
  rejectionParams,
} from "@/lib/imports";

import { OUTCOME_CLASS } from "../outcome";

export const metadata: Metadata = { title: "Impor" };

export default async function ImportBatchPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await params;
  const ctx = await pageContext(`/impor/riwayat/${id}`, "import");
  const raw = filledParams(await searchParams);
  const parsed = rejectionParams.safeParse({ ...raw, id });
  if (!parsed.success && !/^\d+$/.test(id)) notFound();
  const query = parsed.success ? parsed.data : { id: Number(id), page: 1 };
  const detail = await readImportBatch({ ctx, input: query });
  if (!detail) notFound();
  const { batch, headers, fields, total, rejections } = detail;
  const filters = { kolom: query.kolom, alasan: query.alasan };
  const pages = Math.max(1, Math.ceil(total / REJECTION_PAGE_SIZE));
  const path = `/impor/riwayat/${batch.id}`;
  return (
    <div className="page">
      <p>
        <Link href="/impor/riwayat">← Riwayat impor</Link>
      </p>
      <h1>
        Impor {batch.id}: {batch.file_name}
      </h1>
      <dl className="glossary">
        <dt>Jenis</dt>
        <dd>
          {IMPORT_KIND_LABELS[batch.kind]}
          {batch.program_code && ` · program ${batch.program_code}`}
          {batch.period && ` · periode ${batch.period}`}
        </dd>
        <dt>Hasil</dt>
        <dd>
          <span className={OUTCOME_CLASS[batch.outcome]} data-testid="hasil-impor">
            {IMPORT_OUTCOME_LABELS[batch.outcome]}
          </span>
        </dd>
        <dt>Baris</dt>
        <dd>
          {batch.outcome === "ditolak" || batch.outcome === "gagal"
            ? `Tidak ada yang masuk; ${formatInteger(batch.rejections_kept)} baris bermasalah disimpan di bawah.`
            : `${formatInteger(batch.rows_total)} dibaca, ${formatInteger(batch.rows_accepted)} masuk, ${formatInteger(batch.rows_rejected)} ditolak.`}
        </dd>
        <dt>Waktu</dt>
        <dd>
          {formatDateTime(batch.started_at)}
          {batch.finished_at && ` – ${formatDateTime(batch.finished_at)}`}, oleh {batch.created_by ?? "sistem (CLI)"}
        </dd>
        {batch.message && (
          <>
            <dt>Pesan</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{batch.message}</dd>
          </>
        )}
      </dl>
      <h2>Baris yang ditolak</h2>
      {fields.length === 0 ? (
        <p>Tidak ada baris yang disimpan sebagai ditolak untuk impor ini.</p>
      ) : (
        <>
          <p>
            Per kolom:{" "}
            {fields.map((f, i) => (
              <span key={f.field ?? ""}>
                {i > 0 && " · "}
                <Link href={withParams(path, { kolom: f.field ?? undefined })}>{f.field ?? "(tanpa kolom)"}</Link>{" "}
                {formatInteger(f.rows)}
              </span>
            ))}
            . NIK dan No. KK disamarkan; baris aslinya ada di berkas Anda, pada nomor baris yang sama.
          </p>
          <form className="window-form" method="get" action={path}>
            <label>
              Kolom
              <select name="kolom" defaultValue={query.kolom ?? ""}>
                <option value="">Semua</option>
                {fields.map((f) => (
                  <option key={f.field ?? ""} value={f.field ?? ""}>
                    {f.field ?? "(tanpa kolom)"}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Alasan memuat
              <input name="alasan" defaultValue={query.alasan ?? ""} />
            </label>
            <button className="button" type="submit">
              Saring
            </button>
            <a
              className="button secondary"
              href={withParams(`/api/import/riwayat/${batch.id}/ditolak`, filters)}
              download
            >
              Unduh CSV
            </a>
          </form>
          <FilterProblem error={parsed.error} />
          <p className="map-status">
            {formatInteger(total)} baris · halaman {formatInteger(query.page)} dari {formatInteger(pages)}
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="baris-ditolak">
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Baris
                  </th>
                  <th scope="col">Kolom</th>
                  <th scope="col">Alasan</th>
                  {headers.map((header) => (
                    <th scope="col" key={header}>
                      {header}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rejections.map((row, i) => (
                  <tr key={`${row.row_number}-${i}`}>
                    <td className="num">{formatInteger(row.row_number)}</td>
                    <td>{row.field ?? ""}</td>
                    <td>{row.reason}</td>
                    {headers.map((header) => (
                      <td key={header}>{row.cells[header] ?? ""}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager path={path} params={filters} page={query.page} pages={pages} />
        </>
      )}
    </div>
  );
}
