"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { JobSteps, useFollowedJob } from "@/app/components/job-progress";
import { useHydrated } from "@/app/components/use-hydrated";
import { formatInteger } from "@/lib/format";
import type { JobResult, JobView } from "@/lib/jobs";
import type { LinkRunAnswer } from "@/lib/linkage";

async function post(path: string, body: unknown): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return { ok: false, body: { error: "Tidak tersambung ke server; coba lagi." } };
  return { ok: response.ok, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** "Orang yang sama" or "Bukan": the decision, with an optional note, kept for the pair's two records. */
export function DecidePair({ fingerprint, kind }: { fingerprint: string; kind: "penerima" | "ganda" }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The buttons wait for the page's script: a tap before it would do nothing.
  const ready = useHydrated();

  async function decide(decision: "konfirmasi" | "tolak") {
    setBusy(true);
    setError(null);
    const result = await post("/api/tautan/keputusan", { fingerprint, decision, note: note || undefined });
    setBusy(false);
    if (!result.ok) {
      const fields = result.body.fields as Record<string, string> | undefined;
      return setError(fields?.note ?? (result.body.error as string | undefined) ?? "Keputusan gagal disimpan.");
    }
    router.refresh();
  }

  return (
    <div className="pair-decision">
      <label>
        Catatan (boleh kosong)
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <button type="button" className="button" disabled={busy || !ready} onClick={() => decide("konfirmasi")}>
        {kind === "penerima" ? "Orang yang sama: tautkan" : "Orang yang sama"}
      </button>
      <button type="button" className="button secondary" disabled={busy || !ready} onClick={() => decide("tolak")}>
        Bukan orang yang sama
      </button>
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** What a whole-city run did, in a sentence, or why it failed. */
function answerText(result: JobResult): { ok: boolean; text: string } {
  if (result.status !== 200)
    return { ok: false, text: (result.body as { error?: string }).error ?? "Tautan gagal dijalankan." };
  const report = result.body as LinkRunAnswer;
  return {
    ok: true,
    text: `${formatInteger(report.identities)} data penerima diperiksa: ${formatInteger(report.linked_automatically)} penerimaan tertaut otomatis, ${formatInteger(report.linked_confirmed)} tertaut karena dikonfirmasi, ${formatInteger(report.queued_receipts)} pasangan menunggu, ${formatInteger(report.queued_duplicates)} calon orang ganda.`,
  };
}

/**
 * Runs linkage for the whole city again (after rules or thresholds changed) as a job: its steps as
 * they happen, then what it did. A run still going, or ended in the last minutes, is shown again
 * after a reload (`resume`).
 */
export function RunLinkage({ resume, embedded }: { resume?: JobView; embedded: boolean }) {
  const [starting, setStarting] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(() =>
    resume?.result ? answerText(resume.result) : null,
  );
  const { job, setJob, running, lostTouch } = useFollowedJob(resume, {
    onResult: (result) => setMessage(answerText(result)),
    onGone: () =>
      setMessage({ ok: false, text: "Pekerjaan tautan tidak ditemukan lagi di server (server dimulai ulang?)." }),
  });
  const ready = useHydrated();

  async function run() {
    setStarting(true);
    setMessage(null);
    setJob(null);
    const result = await post("/api/tautan/jalankan", {});
    setStarting(false);
    const started = (result.body as { job?: JobView }).job;
    if (!result.ok || !started)
      return setMessage({ ok: false, text: (result.body.error as string) ?? "Tautan gagal dijalankan." });
    setJob(started);
    // A run joined as it ended (on PGlite the press waited for it) is followed no further: its answer now.
    if (started.status !== "berjalan" && started.result) setMessage(answerText(started.result));
  }

  const busy = starting || running;
  return (
    <div className="pair-run">
      <button type="button" className="button" disabled={busy || !ready} onClick={run}>
        {busy ? "Menautkan…" : "Jalankan tautan sekarang"}
      </button>
      {job && <JobSteps job={job} embedded={embedded} />}
      {lostTouch && (
        <p className="import-job-note" role="status">
          Server belum menjawab; kemajuan tautan ditanyakan lagi …
        </p>
      )}
      {message && (
        <p className={message.ok ? "notice-ok" : "notice-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
