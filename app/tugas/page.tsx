import type { Metadata } from "next";
import Link from "next/link";

import { ScorecardCard } from "@/app/rapor/scorecard-card";
import { ProposalCard } from "@/app/usulan/proposal-card";
import { can, homeAreaOf, pageContext } from "@/lib/access";
import { formatInteger } from "@/lib/format";
import { readScorecard } from "@/lib/scorecard";
import {
  canSeeSuggestions,
  listProposals,
  listSuggestions,
  myTasks,
  SUGGESTION_KIND_LABELS,
  SUGGESTION_KINDS,
  type ProposalSummary,
} from "@/lib/verval";

import { DismissSuggestion } from "./dismiss";

export const metadata: Metadata = { title: "Tugas verval" };

function Section({
  title,
  proposals,
  empty,
  testId,
}: {
  title: string;
  proposals: ProposalSummary[];
  empty: string;
  testId: string;
}) {
  return (
    <section className="card" data-testid={testId}>
      <h2>
        {title} ({formatInteger(proposals.length)})
      </h2>
      {proposals.length ? (
        <ul className="task-list">
          {proposals.map((p) => (
            <ProposalCard key={p.id} proposal={p} />
          ))}
        </ul>
      ) : (
        <p className="map-status">{empty}</p>
      )}
    </section>
  );
}

export default async function TasksPage() {
  const ctx = await pageContext("/tugas", "person_details");
  const tasks = await myTasks(ctx);
  const suggestions = canSeeSuggestions(ctx.actor) ? await listSuggestions({ ctx, input: {} }) : null;
  const verifier = can(ctx.actor, "verify_proposals");
  // The account's own area's scorecard: a lurah's kelurahan, a camat's kecamatan.
  const home = homeAreaOf(ctx.actor);
  const scorecard = home ? await readScorecard({ ctx, input: { code: home } }) : null;
  const notReflected = verifier
    ? await listProposals({ ctx, input: { national: "tidak_tercermin", open: false } })
    : [];
  return (
    <div className="page tasks">
      <h1>Tugas verval</h1>
      <p className="task-actions">
        {can(ctx.actor, "propose") && (
          <Link className="button" href="/usulan/baru?jenis=baru">
            Usulkan rumah tangga baru
          </Link>
        )}
        {can(ctx.actor, "approve_proposals") && (
          <Link className="button" href="/muskel">
            Musyawarah kelurahan
          </Link>
        )}
      </p>
      {scorecard && (
        <>
          <ScorecardCard scorecard={scorecard} title={`Rapor data ${scorecard.area.name}`} />
          <p>
            <Link href={`/rapor?wilayah=${scorecard.area.code}`}>Rapor lengkap dan peringkatnya</Link>
          </p>
        </>
      )}
      <Section
        title="Menunggu Anda"
        proposals={tasks.waiting}
        empty="Tidak ada usulan yang menunggu Anda."
        testId="tasks-waiting"
      />
      {can(ctx.actor, "propose") && (
        <Section
          title="Draf dan dikembalikan"
          proposals={tasks.mine}
          empty="Tidak ada draf atau usulan yang dikembalikan."
          testId="tasks-mine"
        />
      )}
      <Section
        title="Melewati batas waktu"
        proposals={tasks.overdue}
        empty="Tidak ada usulan yang terlambat."
        testId="tasks-overdue"
      />
      <Section
        title="Usulan lain yang berjalan di wilayah Anda"
        proposals={tasks.others}
        empty="Tidak ada."
        testId="tasks-others"
      />
      {verifier && (
        <section className="card" data-testid="siksng-export">
          <h2>Ke SIKS-NG</h2>
          <p>
            Usulan yang sudah diverifikasi dan diterapkan, satu baris per anggota dengan kolom impor DTKS ditambah
            jenis, alasan, tanggal dan nomor usulan. Unduhan biasa menyamarkan NIK dan No. KK:{" "}
            <a href="/api/usulan/ekspor?format=xlsx" download>
              Excel
            </a>{" "}
            ·{" "}
            <a href="/api/usulan/ekspor?format=csv" download>
              CSV
            </a>
          </p>
          <form method="post" action="/api/usulan/ekspor" className="dismiss-form">
            <label>
              Untuk entri SIKS-NG dengan NIK lengkap, tuliskan keperluannya (dicatat di log audit)
              <input
                name="alasan"
                required
                minLength={5}
                maxLength={300}
                placeholder="Entri usulan bulan ini ke SIKS-NG"
              />
            </label>
            <label>
              Format
              <select name="format" defaultValue="xlsx">
                <option value="xlsx">Excel (.xlsx)</option>
                <option value="csv">CSV</option>
              </select>
            </label>
            <button type="submit" className="button">
              Unduh dengan NIK lengkap
            </button>
          </form>
        </section>
      )}
      {verifier && (
        <Section
          title="Belum tercermin di data nasional"
          proposals={notReflected}
          empty="Semua usulan yang diterapkan sudah tercermin di berkas DTKS terbaru, atau belum ada berkas yang lebih baru."
          testId="tasks-not-reflected"
        />
      )}
      {suggestions && (
        <section className="card" data-testid="suggestions">
          <h2>Saran perbaikan data</h2>
          <p className="map-status">
            Temuan Tepat yang dapat diperbaiki lewat usulan. Setiap saran bisa diabaikan dengan alasan; saran yang sama
            tidak muncul lagi.
          </p>
          {SUGGESTION_KINDS.map((kind) => {
            const shown = suggestions.suggestions.filter((s) => s.kind === kind);
            if (!shown.length) return null;
            return (
              <details key={kind} open={kind === "meninggal_dibayar"} data-testid={`suggestions-${kind}`}>
                <summary>
                  {SUGGESTION_KIND_LABELS[kind]} ({formatInteger(suggestions.counts[kind])})
                </summary>
                <ul className="task-list">
                  {shown.map((s) => (
                    <li key={s.key} className="task-card" data-testid="suggestion">
                      <span className="task-title">{s.person_name ?? s.dtks_id}</span>
                      <span className="task-meta">
                        {s.kelurahan_name} · <Link href={`/rumah-tangga/${s.household_id}`}>{s.dtks_id}</Link>
                      </span>
                      <span>{s.detail}</span>
                      <span className="task-actions">
                        {can(ctx.actor, "propose") && (
                          <Link className="button" href={`/usulan/baru?saran=${encodeURIComponent(s.key)}`}>
                            Buat usulan
                          </Link>
                        )}
                        <DismissSuggestion suggestionKey={s.key} />
                      </span>
                    </li>
                  ))}
                </ul>
                {suggestions.counts[kind] > shown.length && (
                  <p className="map-status">
                    Menampilkan {formatInteger(shown.length)} dari {formatInteger(suggestions.counts[kind])}.
                  </p>
                )}
              </details>
            );
          })}
        </section>
      )}
    </div>
  );
}
