"use client";

import { useRouter } from "next/navigation";
import { useEffect, useEffectEvent, useState } from "react";

import { formatInteger, formatPercent } from "@/lib/format";
import type { JobResult, JobView } from "@/lib/jobs";

/** How often a running job is asked how far it is. */
const JOB_POLL_MS = 600;

/** The steps during which an embedded database serves nothing else (one connection, one transaction). */
const HOLDS_EMBEDDED_DATABASE = new Set(["menulis", "menempatkan", "mencocokkan"]);

/**
 * Follows a job (an import, or a whole-city linkage run) until it ends: asks the server how far it
 * is, hands its result over once (`onResult`; the page's data is read afresh after a success),
 * and says when the job is gone (`onGone`: the server restarted). A dropped connection or a
 * server busy restarting is asked again (`lostTouch`); only 404 means the job is gone.
 */
export function useFollowedJob(
  resume: JobView | undefined,
  { onResult, onGone }: { onResult: (result: JobResult) => void; onGone: () => void },
) {
  const router = useRouter();
  const [job, setJob] = useState<JobView | null>(resume ?? null);
  const [lostTouch, setLostTouch] = useState(false);
  const settle = useEffectEvent(onResult);
  const lose = useEffectEvent(onGone);
  const jobId = job?.id;
  const running = job?.status === "berjalan";

  useEffect(() => {
    if (!jobId || !running) return;
    let stopped = false;
    let reported = false;
    const ask = async () => {
      const response = await fetch(`/api/import/jobs/${jobId}`, { cache: "no-store" }).catch(() => null);
      if (stopped) return;
      if (!response || response.status >= 500) {
        setLostTouch(true);
        timer = setTimeout(ask, 3 * JOB_POLL_MS);
        return;
      }
      setLostTouch(false);
      const body = (await response.json().catch(() => null)) as { job?: JobView } | null;
      const next = response.ok ? body?.job : undefined;
      if (!next) {
        setJob(null);
        lose();
        return;
      }
      setJob(next);
      if (next.result && !reported) {
        reported = true;
        settle(next.result);
        // The layout's sample-data banner and every list read the data afresh.
        if (next.result.status === 200) router.refresh();
      }
      if (next.status === "berjalan") timer = setTimeout(ask, JOB_POLL_MS);
    };
    let timer = setTimeout(ask, JOB_POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, running, router]);

  return { job, setJob, running, lostTouch: lostTouch && running };
}

/**
 * A job's steps as they happen: each done, running (with its count) or still to come, and one
 * bar for the whole job. On the embedded database, a step that writes holds it: the page says so,
 * since other pages wait until that step ends.
 */
export function JobSteps({ job, embedded }: { job: JobView; embedded: boolean }) {
  const current = job.steps.at(-1);
  const running = job.status === "berjalan";
  const linkage = job.kind === "tautan";
  const outcome = running
    ? linkage
      ? " sedang berjalan"
      : " sedang diimpor"
    : job.status === "gagal"
      ? linkage
        ? " gagal"
        : " tidak diimpor"
      : " selesai";
  return (
    <div className="import-job" data-testid="import-job" data-status={job.status}>
      <p style={{ margin: "0 0 0.5rem" }}>
        <progress value={job.fraction} max={1} aria-label={linkage ? "Kemajuan tautan" : "Kemajuan impor"} />{" "}
        <strong>{formatPercent(job.fraction * 100, 0)}</strong> · {linkage ? "Tautan seluruh kota" : job.file_name}
        {outcome}
      </p>
      <ol className="import-steps">
        {job.steps.map((step) => (
          <li key={step.step} data-step={step.step} data-state={step.state}>
            <span aria-hidden="true">{step.state === "selesai" ? "✓" : "…"}</span> {step.label}
            {step.detail && <>: {step.detail}</>}
            {/* A finished step's count only when it ran to the end: "6/7" beside a tick reads as unfinished. */}
            {step.total !== undefined && step.total > 0 && (step.state === "berjalan" || step.done === step.total) && (
              <>
                {" "}
                ({formatInteger(step.done ?? 0)}/{formatInteger(step.total)})
              </>
            )}
          </li>
        ))}
        {job.upcoming.map((step) => (
          <li key={step.step} data-step={step.step} data-state="menunggu">
            <span aria-hidden="true">○</span> {step.label}
          </li>
        ))}
      </ol>
      {running && embedded && current && HOLDS_EMBEDDED_DATABASE.has(current.step) && (
        <p className="import-job-note" role="note">
          Basis data tertanam (PGlite) melayani satu permintaan pada satu waktu: selama langkah ini berjalan, halaman
          lain menunggu sampai langkah ini selesai.
        </p>
      )}
      {running && (
        <p className="import-job-note">
          Halaman ini boleh dimuat ulang atau ditutup; {linkage ? "tautan" : "impor"} tetap berjalan di server.
        </p>
      )}
    </div>
  );
}
