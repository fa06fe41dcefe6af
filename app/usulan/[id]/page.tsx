import type { Metadata } from "next";
import Link from "next/link";

import { can, notFoundInScope, pageContext } from "@/lib/access";
import { formatDate, formatDateTime, formatInteger } from "@/lib/format";
import { NIK_CHECK_LABELS } from "@/lib/nik";
import {
  getProposal,
  NATIONAL_CHECK_LABELS,
  PHOTO_KIND_LABELS,
  PROPOSAL_ACTION_LABELS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_STATE_LABELS,
  proposalIdParam,
  TRANSITIONS,
  type PhotoKind,
} from "@/lib/verval";

import { ProposalActions } from "./actions";

export const metadata: Metadata = { title: "Usulan verval" };

const NEEDS_NOTE = [...new Set(TRANSITIONS.filter((t) => t.needsNote).map((t) => t.action))];

type PageProps = { params: Promise<{ id: string }> };

export default async function ProposalPage({ params }: PageProps) {
  const raw = await params;
  const path = `/usulan/${raw.id}`;
  const ctx = await pageContext(path, "person_details");
  const id = proposalIdParam.safeParse(raw);
  const proposal = id.success ? await getProposal({ ctx, input: id.data }) : null;
  if (!proposal) return notFoundInScope(ctx, path);
  const rt = proposal.rt_recommendation;
  return (
    <div className="page narrow" data-testid="proposal" data-state={proposal.state}>
      <p className="breadcrumbs">
        <Link href="/tugas">Tugas</Link> › Usulan #{proposal.id}
      </p>
      <h1>
        #{proposal.id} · {PROPOSAL_KIND_LABELS[proposal.kind]}
      </h1>
      <p className="lead">
        <span className={`state state-${proposal.state}`} data-testid="proposal-state">
          {PROPOSAL_STATE_LABELS[proposal.state]}
        </span>{" "}
        sejak {formatDate(proposal.state_changed_at)} ({formatInteger(proposal.days_in_state)} hari)
        {proposal.overdue && <span className="tag">Lewat batas waktu</span>}
      </p>
      <section className="card">
        <h2>Yang diusulkan</h2>
        <ul data-testid="proposal-description">
          {proposal.description.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p>
          {proposal.kelurahan_name ?? proposal.kelurahan_code} ·{" "}
          {proposal.household_id ? (
            <Link href={`/rumah-tangga/${proposal.household_id}`}>{proposal.dtks_id}</Link>
          ) : (
            `${proposal.dtks_id} (setelah diterapkan)`
          )}
        </p>
        {proposal.nik_checks.length > 0 && (
          <>
            <h3>Pemeriksaan NIK (tidak menghalangi usulan)</h3>
            <ul>
              {proposal.nik_checks.map((c, i) => (
                <li key={i}>
                  {c.name}: {c.nik ?? "tanpa NIK"} – {NIK_CHECK_LABELS[c.check]}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section className="card">
        <h2>Rekomendasi RT dan bukti</h2>
        <p>
          {rt.head_name ? `Ketua RT ${rt.head_name}` : "Rekomendasi RT belum diisi"}
          {rt.rw || rt.rt ? ` · RW ${rt.rw ?? "–"} / RT ${rt.rt ?? "–"}` : ""}
          {rt.date ? ` · ${formatDate(rt.date)}` : ""}
        </p>
        <p data-testid="proposal-location">
          {proposal.lat !== null && proposal.lon !== null
            ? `Lokasi saat diusulkan: ${proposal.lat.toFixed(5)}, ${proposal.lon.toFixed(5)}`
            : "Tanpa lokasi"}
        </p>
        {proposal.photos.length ? (
          <div className="photo-grid" data-testid="proposal-photos">
            {proposal.photos.map((photo) => (
              <figure key={photo.id}>
                {/* Evidence is served by the app itself, after the scope check and an audit entry. */}
                {/* eslint-disable-next-line @next/next/no-img-element */}
                <img
                  src={`/api/usulan/${proposal.id}/foto/${photo.id}`}
                  alt={PHOTO_KIND_LABELS[photo.kind as PhotoKind] ?? photo.kind}
                />
                <figcaption>{PHOTO_KIND_LABELS[photo.kind as PhotoKind] ?? photo.kind}</figcaption>
              </figure>
            ))}
          </div>
        ) : (
          <p>Tanpa foto.</p>
        )}
        {proposal.note && <p>Catatan: {proposal.note}</p>}
      </section>
      {(proposal.kind === "baru" || proposal.muskel) && (
        <section className="card" data-testid="proposal-muskel">
          <h2>Musyawarah kelurahan</h2>
          {proposal.muskel ? (
            <p>
              Dibahas dalam muskel #{proposal.muskel.id} pada {formatDate(proposal.muskel.held_on)} (
              {formatInteger(proposal.muskel.attendance)} orang hadir) ·{" "}
              <a href={`/api/muskel/${proposal.muskel.id}/berita-acara`} target="_blank" rel="noopener">
                Berita acara (PDF)
              </a>
            </p>
          ) : (
            <p>
              Belum dibahas. Usulan rumah tangga baru memerlukan berita acara musyawarah kelurahan sebelum disetujui
              lurah dan diteruskan ke Dinas Sosial.
              {can(ctx.actor, "approve_proposals") && (
                <>
                  {" "}
                  <Link href="/muskel">Catat muskel</Link>
                </>
              )}
            </p>
          )}
        </section>
      )}
      {proposal.national && (
        <section className="card" data-testid="proposal-national" data-check={proposal.national.check}>
          <h2>Data nasional (SIKS-NG)</h2>
          <p>
            {NATIONAL_CHECK_LABELS[proposal.national.check]} menurut berkas DTKS batch {proposal.national.batch_id},
            diperiksa {formatDateTime(proposal.national.checked_at)}.
          </p>
          {proposal.national.differences.length > 0 && (
            <ul>
              {proposal.national.differences.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <ProposalActions
        id={proposal.id}
        actions={proposal.actions}
        labels={PROPOSAL_ACTION_LABELS}
        needsNote={NEEDS_NOTE}
      />
      <section className="card">
        <h2>Riwayat</h2>
        <ol data-testid="proposal-history">
          {proposal.history.map((h, i) => (
            <li key={i}>
              {formatDateTime(h.at)} · {h.by ?? "sistem"} ·{" "}
              {h.action === "buat"
                ? "membuat draf"
                : h.action === "muskel"
                  ? "dibahas dalam musyawarah kelurahan"
                  : PROPOSAL_ACTION_LABELS[h.action as keyof typeof PROPOSAL_ACTION_LABELS]}
              {" → "}
              {PROPOSAL_STATE_LABELS[h.to]}
              {h.note ? ` · “${h.note}”` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
