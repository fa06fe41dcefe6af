import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { ProposalCard } from "@/app/usulan/proposal-card";
import { withParams } from "@/app/wilayah/[code]/view-params";
import { WindowForm } from "@/app/wilayah/[code]/window-form";
import { can, notFoundInScope, pageContext } from "@/lib/access";
import { explainHousehold, householdIdParam, windowParams, type HouseholdExplanation } from "@/lib/analytics";
import { getArea } from "@/lib/areas";
import { formatDate, formatDateTime, formatInteger, formatPeriod, formatRupiah } from "@/lib/format";
import { NIK_CHECK_LABELS } from "@/lib/nik";
import { PAIR_STATE_LABELS } from "@/lib/programs";
import { listProposals } from "@/lib/verval";

import { RevealNik } from "./reveal-nik";

export const metadata: Metadata = { title: "Rumah tangga" };

const VERDICTS = [
  ["eligible", "Layak"],
  ["receiving", "Menerima"],
  ["stacked", "Bertumpuk"],
  ["conflicting", "Melanggar aturan"],
  ["uncovered", "Layak belum menerima"],
  ["never_covered", "Tidak pernah menerima"],
] as const;

const LOCATION_LABELS: Record<string, string> = {
  sesuai: "Geotag di dalam kelurahan yang dinyatakan",
  tidak_sesuai: "Lokasi tidak sesuai: geotag di kelurahan lain",
  di_luar_wilayah: "Geotag di luar semua poligon",
  di_luar_kabkota: "Geotag di luar kabupaten/kota: memakai wilayah yang dinyatakan",
  tanpa_geotag: "Tanpa geotag: memakai wilayah yang dinyatakan",
};

type PageProps = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function HouseholdPage({ params, searchParams }: PageProps) {
  const id = householdIdParam.safeParse((await params).id);
  if (!id.success) notFound();
  const raw = await searchParams;
  const window = windowParams.safeParse({
    from: typeof raw.from === "string" ? raw.from : undefined,
    to: typeof raw.to === "string" ? raw.to : undefined,
  });
  const ctx = await pageContext(`/rumah-tangga/${id.data}`);
  const household = await explainHousehold({ ctx, input: { id: id.data, ...(window.success ? window.data : {}) } });
  if (!household) return notFoundInScope(ctx, `/rumah-tangga/${id.data}`);
  const place = household.kelurahan_code
    ? await getArea({ ctx, input: { code: household.rt_code ?? household.kelurahan_code } })
    : null;
  const windowQuery = { from: household.window.from, to: household.window.to };
  const proposals = can(ctx.actor, "person_details")
    ? await listProposals({ ctx, input: { household: household.id, open: false } })
    : null;
  const inWindow = household.receipts.filter((r) => r.in_window);
  const outside = household.receipts.filter((r) => !r.in_window);

  return (
    <div className="page">
      {place && (
        <nav aria-label="Jejak wilayah" className="breadcrumbs">
          <ol>
            {[...place.ancestors, place.area].map((a) => (
              <li key={a.code}>
                <Link href={withParams(`/wilayah/${a.code}`, windowQuery)}>{a.name}</Link>
              </li>
            ))}
            <li aria-current="page">{household.dtks_id}</li>
          </ol>
        </nav>
      )}
      <h1>Rumah tangga {household.dtks_id}</h1>
      <p className="lead">
        {household.no_kk !== undefined && `No. KK ${household.no_kk ?? "–"} · `}desil{" "}
        {household.desil ?? "tidak diketahui"} · {household.status}
        {household.nonaktif_reason ? ` (${household.nonaktif_reason})` : ""} · {household.verval_status}
      </p>
      {!window.success && (
        <p className="notice-error">Periode tidak dipakai: {window.error.issues.map((i) => i.message).join("; ")}.</p>
      )}
      <WindowForm window={household.window} action={`/rumah-tangga/${household.id}`} />

      <section aria-labelledby="verdict-title" className="card">
        <h2 id="verdict-title">Mengapa rumah tangga ini dihitung begini</h2>
        <ul className="verdicts">
          {VERDICTS.map(([key, label]) => (
            <li key={key} className={household.counts_as[key] ? "yes" : "no"}>
              {household.counts_as[key] ? "✔" : "✘"} {label}
            </li>
          ))}
        </ul>
        <ul data-testid="reasons">
          {household.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
        <p>
          Lokasi: {LOCATION_LABELS[household.location_status] ?? household.location_status}
          {household.kelurahan_code && (
            <>
              {" · "}
              <Link href={`/peta?wilayah=${household.kelurahan_code}`}>lihat kelurahan di peta</Link>
            </>
          )}
        </p>
      </section>

      <section aria-labelledby="rules-title">
        <h2 id="rules-title">Aturan desil program</h2>
        <ul className="inline-figures">
          {household.program_rules.map((rule) => (
            <li key={rule.program}>
              {rule.program}: {rule.max_desil === null ? "tanpa batas desil" : `desil ≤ ${rule.max_desil}`}
              {rule.within === null ? "" : rule.within ? " — memenuhi" : " — tidak memenuhi"}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">Anggota ({formatInteger(household.member_count)})</h2>
        {household.members ? (
          <>
            {can(ctx.actor, "reveal_nik") && <RevealNik householdId={household.id} />}
            <MemberTable members={household.members} />
          </>
        ) : (
          <p>{`Anggota: ${formatInteger(household.member_count)} orang`} (nama dan NIK hanya untuk petugas wilayah).</p>
        )}
      </section>

      {household.program_pairs.length > 0 && (
        <section aria-labelledby="pairs-title">
          <h2 id="pairs-title">Pasangan program yang diterima</h2>
          <ul data-testid="program-pairs">
            {household.program_pairs.map((pair) => (
              <li key={pair.programs.join("+")}>
                {pair.programs.join(" + ")}: <strong>{PAIR_STATE_LABELS[pair.state]}</strong>
                {pair.state === "pelengkap" ? ", bukan tumpukan" : ", membuat rumah tangga ini bertumpuk"}
                {pair.note ? ` — ${pair.note}` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="receipts-title">
        <h2 id="receipts-title">Bantuan dalam jendela ({formatInteger(inWindow.length)} penerimaan)</h2>
        <p data-testid="aid-amount">
          Senilai <strong>{formatRupiah(household.aid_amount)}</strong> dalam {formatPeriod(household.window.from)} s.d.{" "}
          {formatPeriod(household.window.to)}
          {household.receipts_without_amount > 0 &&
            `; ${formatInteger(household.receipts_without_amount)} penerimaan tanpa nominal (dihitung 0)`}
          .
        </p>
        <ReceiptTable receipts={inWindow} testId="receipts" />
        {outside.length > 0 && (
          <details>
            <summary>{formatInteger(outside.length)} penerimaan di luar jendela</summary>
            <ReceiptTable receipts={outside} />
          </details>
        )}
      </section>

      {proposals && (
        <section aria-labelledby="proposals-title" data-testid="household-proposals">
          <h2 id="proposals-title">Usulan verval</h2>
          {proposals.length ? (
            <ul className="task-list">
              {proposals.map((p) => (
                <ProposalCard key={p.id} proposal={p} />
              ))}
            </ul>
          ) : (
            <p className="map-status">Belum ada usulan untuk rumah tangga ini.</p>
          )}
          {can(ctx.actor, "propose") && (
            <p className="task-actions">
              <Link className="button" href={`/usulan/baru?rumah_tangga=${household.id}&jenis=perubahan`}>
                Usulkan perubahan data
              </Link>
              {household.status === "aktif" ? (
                <Link className="link-button" href={`/usulan/baru?rumah_tangga=${household.id}&jenis=nonaktif`}>
                  Usulkan nonaktif
                </Link>
              ) : (
                <Link className="link-button" href={`/usulan/baru?rumah_tangga=${household.id}&jenis=aktif_kembali`}>
                  Usulkan aktif kembali
                </Link>
              )}
            </p>
          )}
        </section>
      )}

      {household.history.length > 0 && (
        <section aria-labelledby="history-title">
          <h2 id="history-title">Riwayat perubahan DTKS</h2>
          <ul>
            {household.history.map((entry) => (
              <li key={entry.changed_at} data-testid="history-entry">
                {formatDateTime(entry.changed_at)},{" "}
                {entry.proposal_id !== null ? (
                  <Link href={`/usulan/${entry.proposal_id}`}>{entry.source}</Link>
                ) : (
                  entry.source
                )}
                ; sebelumnya desil {entry.previous.desil ?? "–"}, status {entry.previous.status},{" "}
                {formatInteger(entry.previous.member_count)} anggota
                {entry.previous.members &&
                  `: ${entry.previous.members.map((m) => `${m.name} (${m.nik ?? "tanpa NIK"})`).join(", ")}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function MemberTable({ members }: { members: NonNullable<HouseholdExplanation["members"]> }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Nama</th>
            <th scope="col">NIK</th>
            <th scope="col">Hubungan</th>
            <th scope="col">Lahir</th>
            <th scope="col">Meninggal</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m, i) => (
            <tr key={`${m.nik ?? ""}-${i}`}>
              <td>{m.name}</td>
              <td>
                {m.nik ?? "–"}
                {m.nik_check && m.nik_check !== "valid" && (
                  <span className="tag">
                    NIK {NIK_CHECK_LABELS[m.nik_check as keyof typeof NIK_CHECK_LABELS] ?? m.nik_check}
                  </span>
                )}
              </td>
              <td>{m.relation ?? "–"}</td>
              <td>{m.birth_date ? formatDate(m.birth_date) : "–"}</td>
              <td>{m.death_date ? formatDate(m.death_date) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReceiptTable({ receipts, testId }: { receipts: HouseholdExplanation["receipts"]; testId?: string }) {
  return (
    <div className="table-wrap">
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">Periode</th>
            <th scope="col">Program</th>
            <th scope="col" className="num">
              Nominal (Rp)
            </th>
            <th scope="col">Cocok lewat</th>
            <th scope="col">Kesalahan</th>
          </tr>
        </thead>
        <tbody>
          {receipts.map((r, i) => (
            <tr key={`${r.period}-${r.program}-${i}`} className={r.errors.length ? "conflicting" : undefined}>
              <td>{formatPeriod(r.period)}</td>
              <td>{r.program}</td>
              <td className="num">{formatInteger(r.amount)}</td>
              <td>{r.matched_by}</td>
              <td>{r.errors.join(", ")}</td>
            </tr>
          ))}
          {receipts.length === 0 && (
            <tr>
              <td colSpan={5}>Tidak ada penerimaan.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
