import type { Metadata } from "next";

import { FilterProblem } from "@/app/components/filter-problem";
import { Pager } from "@/app/components/pager";
import { filledParams, withParams } from "@/app/wilayah/[code]/view-params";
import {
  AUDIT_ACTION_KEYS,
  AUDIT_ACTIONS,
  AUDIT_PAGE_SIZE,
  auditQueryParams,
  describeAuditValue,
  listAudit,
  pageContext,
} from "@/lib/access";
import { formatDateTime, formatInteger } from "@/lib/format";

export const metadata: Metadata = { title: "Log audit" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await pageContext("/admin/audit", "read_audit");
  const raw = filledParams(await searchParams);
  const parsed = auditQueryParams.safeParse(raw);
  const query = parsed.success ? parsed.data : { page: 1 };
  const { total, rows } = await listAudit({ ctx, input: query });
  const filters = { action: query.action, username: query.username, from: query.from, to: query.to };
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return (
    <div className="page">
      <h1>Log audit</h1>
      <p>
        Catatan yang hanya bertambah: masuk dan gagal masuk, impor, ekspor, pembukaan NIK lengkap, perubahan akun,
        aturan dan setelan, juga setiap pembacaan log ini. Waktu dalam WITA.
      </p>
      <form className="window-form" method="get" action="/admin/audit">
        <label>
          Kegiatan
          <select name="action" defaultValue={query.action ?? ""}>
            <option value="">Semua</option>
            {AUDIT_ACTION_KEYS.map((key) => (
              <option key={key} value={key}>
                {AUDIT_ACTIONS[key]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Pengguna
          <input name="username" defaultValue={query.username ?? ""} autoCapitalize="none" />
        </label>
        <label>
          Dari tanggal
          <input name="from" type="date" defaultValue={query.from ?? ""} />
        </label>
        <label>
          Sampai tanggal
          <input name="to" type="date" defaultValue={query.to ?? ""} />
        </label>
        <button className="button" type="submit">
          Saring
        </button>
        <a className="button secondary" href={withParams("/api/admin/audit/export", filters)} download>
          Unduh CSV
        </a>
      </form>
      <FilterProblem error={parsed.error} />
      <p className="map-status">
        {formatInteger(total)} catatan · halaman {formatInteger(query.page)} dari {formatInteger(pages)}
      </p>
      <div className="table-wrap">
        <table className="data" data-testid="audit">
          <thead>
            <tr>
              <th scope="col">Waktu</th>
              <th scope="col">Pengguna</th>
              <th scope="col">Kegiatan</th>
              <th scope="col">Objek</th>
              <th scope="col">Wilayah</th>
              <th scope="col">Lama → baru / rincian</th>
              <th scope="col">Alamat</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-action={row.action}>
                <td>{formatDateTime(row.at)}</td>
                <td>{row.username ?? "–"}</td>
                <td>{AUDIT_ACTIONS[row.action] ?? row.action}</td>
                <td>{[row.entity, row.entity_id].filter(Boolean).join(" ")}</td>
                <td>{row.area_code ?? ""}</td>
                <td className="audit-detail">
                  {row.old_value !== null || row.new_value !== null
                    ? `${describeAuditValue(row.old_value)} → ${describeAuditValue(row.new_value)}`
                    : row.detail === null
                      ? ""
                      : describeAuditValue(row.detail)}
                </td>
                <td>{row.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager path="/admin/audit" params={filters} page={query.page} pages={pages} />
    </div>
  );
}
