import type { Metadata } from "next";
import Link from "next/link";

import { can, pageContext } from "@/lib/access";
import { formatDate, formatInteger } from "@/lib/format";
import { listMuskel, PROPOSAL_KIND_LABELS, PROPOSAL_STATE_LABELS, proposalsAwaitingMuskel } from "@/lib/verval";

import { MuskelForm } from "./muskel-form";

export const metadata: Metadata = { title: "Musyawarah kelurahan" };

export default async function MuskelPage() {
  const ctx = await pageContext("/muskel", "person_details");
  const held = await listMuskel({ ctx, input: {} });
  const awaiting = can(ctx.actor, "approve_proposals") ? await proposalsAwaitingMuskel(ctx) : null;
  return (
    <div className="page narrow">
      <p className="breadcrumbs">
        <Link href="/tugas">Tugas</Link> › Musyawarah kelurahan
      </p>
      <h1>Musyawarah kelurahan (muskel)</h1>
      <p>
        Usulan dibahas dalam musyawarah kelurahan; berita acaranya (PDF) diminta SIKS-NG. Usulan rumah tangga baru tidak
        dapat disetujui lurah sebelum tercatat dalam satu muskel.
      </p>
      {awaiting && (
        <section className="card" data-testid="muskel-new">
          <h2>Catat muskel</h2>
          {awaiting.length ? (
            <MuskelForm
              proposals={awaiting.map((p) => ({
                id: p.id,
                kelurahan_code: p.kelurahan_code,
                label: `#${p.id} · ${PROPOSAL_KIND_LABELS[p.kind as keyof typeof PROPOSAL_KIND_LABELS]}${p.title ? ` · ${p.title}` : ""} · ${PROPOSAL_STATE_LABELS[p.state as keyof typeof PROPOSAL_STATE_LABELS]}`,
              }))}
            />
          ) : (
            <p className="map-status">Tidak ada usulan yang menunggu dibahas di muskel.</p>
          )}
        </section>
      )}
      <section className="card" data-testid="muskel-list">
        <h2>Muskel yang tercatat ({formatInteger(held.length)})</h2>
        {held.length ? (
          <ul className="task-list">
            {held.map((m) => (
              <li key={m.id} className="task-card">
                <span className="task-title">
                  {formatDate(m.held_on)} · {m.kelurahan_name ?? m.kelurahan_code}
                </span>
                <span className="task-meta">
                  {formatInteger(m.attendance)} orang hadir · {formatInteger(m.proposals.length)} usulan:{" "}
                  {m.proposals.map((p, i) => (
                    <span key={p.id}>
                      {i > 0 && ", "}
                      <Link href={`/usulan/${p.id}`}>#{p.id}</Link>
                    </span>
                  ))}
                </span>
                <a href={`/api/muskel/${m.id}/berita-acara`} target="_blank" rel="noopener">
                  Berita acara (PDF, {formatInteger(Math.ceil(m.minutes_size / 1024))} KB)
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p className="map-status">Belum ada muskel yang dicatat.</p>
        )}
      </section>
    </div>
  );
}
