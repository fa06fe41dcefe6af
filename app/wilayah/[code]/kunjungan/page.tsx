import type { Metadata } from "next";
import Link from "next/link";

import { PrintButton } from "@/app/components/print-button";
import { notFoundInScope, pageContext } from "@/lib/access";
import { readVisitSheet, VISIT_SHEET_LEVELS } from "@/lib/analytics";
import { areaTitle, getArea } from "@/lib/areas";
import { formatDateTime, formatInteger, formatPeriod } from "@/lib/format";

import { parseAreaViewParams, withParams } from "../view-params";

export const metadata: Metadata = { title: "Lembar kunjungan RT" };

type PageProps = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The RT visit sheet: the paper the RT head or the operator carries from door to door, one line
 * per household with what to check and a box for the finding. Printed on A4 by the browser.
 */
export default async function VisitSheetPage({ params, searchParams }: PageProps) {
  const { code } = await params;
  const path = `/wilayah/${code}/kunjungan`;
  const ctx = await pageContext(path, "person_details");
  const found = await getArea({ ctx, input: { code } });
  if (!found) return notFoundInScope(ctx, path);
  const { area, ancestors } = found;
  const view = parseAreaViewParams(await searchParams);
  const back = withParams(`/wilayah/${code}`, { from: view.from, to: view.to });
  if (!VISIT_SHEET_LEVELS.includes(area.level)) {
    return (
      <div className="page">
        <h1>Lembar kunjungan RT</h1>
        <p className="notice-error">
          Lembar kunjungan dicetak per RT atau per kelurahan. Buka salah satu kelurahan atau RT di {areaTitle(area)},
          lalu pilih “Lembar kunjungan”.
        </p>
        <p>
          <Link href={back}>Kembali ke {areaTitle(area)}</Link>
        </p>
      </div>
    );
  }
  const sheet = await readVisitSheet({ ctx, input: { code, from: view.from, to: view.to, level: area.level } });
  if (!sheet) return notFoundInScope(ctx, path);
  const places = [...ancestors.filter((a) => a.level === "kecamatan" || a.level === "kelurahan"), area]
    .filter((a) => a.level !== "rt")
    .map((a) => `${a.level === "kecamatan" ? "Kecamatan" : "Kelurahan"} ${a.name}`)
    .join(", ");
  const period = `${formatPeriod(sheet.window.from)}–${formatPeriod(sheet.window.to)}`;
  const printedAt = formatDateTime(new Date());
  const printedBy = ctx.actor.kind === "user" ? ctx.actor.username : "sistem";

  return (
    <div className="page visit-sheet">
      {/* A form to fill in by hand: landscape leaves the finding box room to write in. Only while this page is shown. */}
      <style>{"@media print { @page { size: A4 landscape; margin: 10mm; } }"}</style>
      <div className="screen-only">
        <p>
          <Link href={back}>‹ {areaTitle(area)}</Link>
        </p>
        <h1>Lembar kunjungan RT</h1>
        <p className="lead">
          {areaTitle(area)} · {formatInteger(sheet.total)} rumah tangga dalam {formatInteger(sheet.rts.length)} RT ·
          bantuan {period}
        </p>
        {view.problem && <p className="notice-error">{view.problem}</p>}
        <p>
          <PrintButton /> Satu halaman A4 per RT (lebih bila RT-nya besar). Lembar ini memuat nama dan alamat: simpan
          dan musnahkan sesuai UU 27/2022 tentang Pelindungan Data Pribadi.
        </p>
      </div>
      {sheet.rts.length === 0 && <p>Tidak ada rumah tangga terdaftar di {areaTitle(area)}.</p>}
      {sheet.rts.map((rt) => (
        <section key={rt.code ?? "tanpa-rt"} className="visit-rt" data-testid="visit-rt">
          <header className="visit-head">
            <h2>Lembar kunjungan rumah tangga · {rt.name}</h2>
            <p>
              {places} · {formatInteger(rt.households.length)} rumah tangga · program bantuan {period}
            </p>
          </header>
          <table className="data visit-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  No
                </th>
                <th scope="col">Kepala keluarga</th>
                <th scope="col">Alamat</th>
                <th scope="col">Status</th>
                <th scope="col">Program</th>
                <th scope="col">Yang perlu dicek</th>
                <th scope="col" className="visit-finding">
                  Temuan
                </th>
              </tr>
            </thead>
            <tbody>
              {rt.households.map((h, i) => (
                <tr key={h.id}>
                  <td className="num">{i + 1}</td>
                  <td>
                    <strong>{h.visit.head_name ?? "(tanpa nama)"}</strong>
                    <br />
                    <span className="visit-id">ID DTKS {h.dtks_id}</span>
                  </td>
                  <td>
                    {h.visit.address ?? "–"}
                    {(h.visit.rw || h.visit.rt) && (
                      <>
                        <br />
                        RT {h.visit.rt ?? "–"} / RW {h.visit.rw ?? "–"}
                      </>
                    )}
                  </td>
                  <td>
                    {h.status}
                    {h.desil !== null ? `, desil ${h.desil}` : ""}
                  </td>
                  <td>{h.programs.length ? h.programs.join(" + ") : "tidak ada"}</td>
                  <td>
                    {h.checks.length ? (
                      <ul className="visit-checks">
                        {h.checks.map((check) => (
                          <li key={check}>{check}</li>
                        ))}
                      </ul>
                    ) : (
                      "–"
                    )}
                  </td>
                  <td className="visit-finding" aria-label="Kotak temuan, diisi petugas" />
                </tr>
              ))}
            </tbody>
          </table>
          <footer className="visit-foot">
            <p className="visit-signatures">
              <span>Petugas: ____________________</span>
              <span>Tanggal kunjungan: ____________</span>
              <span>Ketua {rt.name}: ____________________</span>
            </p>
            <p className="source-note">
              Sumber: register DTKS/DTSEN dan daftar penerima bantuan di Tepat (periode {period}). Dicetak {printedAt}{" "}
              oleh {printedBy}. Berisi data pribadi (UU 27/2022): hanya untuk kunjungan verval.
            </p>
          </footer>
        </section>
      ))}
    </div>
  );
}
