import { randomUUID } from "node:crypto";

import { eventLoopPass } from "@/db/engine";
import { IMPORT_STEP_LABELS, type ImportProgress, type ImportStep, type ImportStepEvent } from "@/lib/imports";

/** The row imports an upload runs as a job, and a whole-city linkage run (Jalankan tautan). */
export type JobKind = "dtks" | "penerima" | "dukcapil" | "tautan";

/** The steps each kind usually takes, so the page can show what is still to come. */
export const PLANNED_JOB_STEPS: Record<JobKind, readonly ImportStep[]> = {
  dtks: ["membaca", "memeriksa", "memuat", "menulis", "menempatkan", "mencocokkan", "angka"],
  penerima: ["membaca", "memeriksa", "menulis", "mencocokkan", "angka"],
  dukcapil: ["membaca", "memeriksa", "menulis", "angka"],
  tautan: ["mencocokkan", "angka"],
};

export interface JobStep {
  step: ImportStep;
  label: string;
  state: "berjalan" | "selesai";
  detail?: string;
  done?: number;
  total?: number;
  started_at: string;
  finished_at?: string;
}

/** What the upload route would have answered: its HTTP status and JSON body (the report, or the refusal). */
export interface JobResult {
  status: number;
  body: unknown;
}

/** A job as the page sees it (the API's JSON, snake_case): no file content, no person, only steps and the report. */
export interface JobView {
  id: string;
  kind: JobKind;
  file_name: string;
  status: "berjalan" | "selesai" | "gagal";
  started_at: string;
  finished_at?: string;
  steps: JobStep[];
  /** The planned steps not reached yet, in order. */
  upcoming: Array<{ step: ImportStep; label: string }>;
  /** How far the job is, 0..1: finished steps and the share of the current one that is done. */
  fraction: number;
  /** Set once the work has committed or been refused; the figures may still be refreshing. */
  result?: JobResult;
}

interface Job extends Omit<JobView, "upcoming" | "fraction"> {
  ownerUserId: number;
  ownerSessionHash: string;
  /** Sessions that asked for the same work while it ran (a second "Jalankan tautan") and follow it too. */
  followers: Array<{ userId: number; sessionHash: string }>;
  /** What the work was started with (the city and linkage thresholds): a press asking for other terms cannot join it. */
  terms?: string;
  /** When the work ended (ms since the epoch), before its afterwards. */
  workEndedAt?: number;
}

/** Finished jobs are kept this long, so a page reloaded after the end still shows the report. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;
/** The most jobs kept per account; the oldest finished ones go first. */
const MAX_JOBS_PER_USER = 20;

/**
 * The jobs of this process. On globalThis: Next.js may load this module once per route bundle,
 * and the routes that start jobs, the job route and the pages must see the same jobs. A job lives
 * in the process that runs it; a restart ends it (its work's transaction rolls back whole).
 */
const registry: Map<string, Job> = ((globalThis as { __tepatJobs?: Map<string, Job> }).__tepatJobs ??= new Map());

function forget(now: number): void {
  for (const [id, job] of registry) {
    if (job.finished_at && now - Date.parse(job.finished_at) > KEEP_FINISHED_MS) registry.delete(id);
  }
}

function viewOf(job: Job): JobView {
  const {
    ownerUserId: _user,
    ownerSessionHash: _session,
    followers: _followers,
    terms: _terms,
    workEndedAt: _workEnded,
    ...shown
  } = job;
  const seen = new Set(job.steps.map((s) => s.step));
  const upcoming =
    job.status === "berjalan"
      ? PLANNED_JOB_STEPS[job.kind]
          .filter((step) => !seen.has(step))
          .map((step) => ({ step, label: IMPORT_STEP_LABELS[step] }))
      : [];
  const current = job.steps.at(-1);
  const currentShare =
    current && current.state === "berjalan" && current.total ? (current.done ?? 0) / current.total : 0;
  const finished = job.steps.filter((s) => s.state === "selesai").length;
  const total = Math.max(1, job.steps.length + upcoming.length);
  const fraction = job.status === "berjalan" ? Math.min(0.99, (finished + currentShare) / total) : 1;
  return { ...structuredClone(shown), upcoming, fraction };
}

/** Moves the job to `event`'s step (closing the one before) or updates the current step's count. */
function advance(job: Job, event: ImportStepEvent): void {
  const now = new Date().toISOString();
  const current = job.steps.at(-1);
  if (current?.step === event.step && current.state === "berjalan") {
    if (event.detail !== undefined) current.detail = event.detail;
    if (event.done !== undefined) current.done = event.done;
    if (event.total !== undefined) current.total = event.total;
    return;
  }
  if (current && current.state === "berjalan") Object.assign(current, { state: "selesai", finished_at: now });
  // The server's log follows each job too, naming its file ("[impor berkas.csv] …": operators and a test read it).
  console.info(
    `[${job.kind === "tautan" ? "tautan" : "impor"} ${job.file_name}] ${IMPORT_STEP_LABELS[event.step]}${event.detail ? `: ${event.detail}` : ""}`,
  );
  job.steps.push({
    step: event.step,
    label: IMPORT_STEP_LABELS[event.step],
    state: "berjalan",
    ...(event.detail !== undefined && { detail: event.detail }),
    ...(event.done !== undefined && { done: event.done }),
    ...(event.total !== undefined && { total: event.total }),
    started_at: now,
  });
}

function finish(job: Job, status: Job["status"]): void {
  const now = new Date().toISOString();
  const current = job.steps.at(-1);
  if (current && current.state === "berjalan") Object.assign(current, { state: "selesai", finished_at: now });
  job.status = status;
  job.finished_at = now;
}

/**
 * Starts work (an import, a linkage run) as a job of this process and answers at once. `work`
 * runs with the job's progress and answers what the route would have; `afterwards` (the figures
 * brought up to date) runs once the report is there, still as a step of the job. A job whose work throws
 * ends `gagal` with the answer `onError` makes of the error.
 */
export function startJob(
  owner: { userId: number; sessionHash: string },
  meta: { kind: JobKind; fileName: string; terms?: string },
  steps: {
    work: (progress: ImportProgress) => Promise<JobResult>;
    onError: (error: unknown) => JobResult;
    afterwards?: (result: JobResult, progress: ImportProgress) => Promise<void>;
  },
): JobView {
  const now = Date.now();
  forget(now);
  const job: Job = {
    id: randomUUID(),
    kind: meta.kind,
    file_name: meta.fileName,
    status: "berjalan",
    started_at: new Date(now).toISOString(),
    steps: [],
    ownerUserId: owner.userId,
    ownerSessionHash: owner.sessionHash,
    followers: [],
    ...(meta.terms !== undefined && { terms: meta.terms }),
  };
  const own = [...registry.values()].filter((j) => j.ownerUserId === owner.userId && j.finished_at);
  for (const old of own.slice(0, Math.max(0, own.length - MAX_JOBS_PER_USER + 1))) registry.delete(old.id);
  registry.set(job.id, job);
  const progress: ImportProgress = (event) => advance(job, event);
  void (async () => {
    // The answer goes out first: PGlite runs a statement on this thread, and the work's first
    // statements would otherwise run before the route's 202 is written.
    await eventLoopPass();
    try {
      job.result = await steps.work(progress);
    } catch (error) {
      job.result = steps.onError(error);
    }
    job.workEndedAt = Date.now();
    try {
      await steps.afterwards?.(job.result, progress);
      finish(job, job.result.status < 400 ? "selesai" : "gagal");
    } catch (error) {
      console.error(`[${job.kind}] memperbarui angka gagal`, error);
      finish(job, job.result.status < 400 ? "selesai" : "gagal");
    }
  })();
  return viewOf(job);
}

/**
 * The id of the job of `kind` that was doing its work at `at` (ms since the epoch: when a press
 * arrived), not yet at its afterwards (the figures), or null. A whole-city linkage run is one at a
 * time: a press while it links joins it (`followJob`), even when its answer comes after the run
 * ended (on PGlite the press's reads wait for it); a press once its outcome was written starts
 * anew, so what changed since is linked too.
 */
export function jobAtWork(kind: JobKind, at: number): string | null {
  const working = [...registry.values()].filter(
    (job) => job.kind === kind && Date.parse(job.started_at) <= at && (job.workEndedAt ?? Infinity) > at,
  );
  return working.at(-1)?.id ?? null;
}

/**
 * Job `id`, now followed by `owner`'s session too (`joined`; `already` when that session started
 * or followed it before), or, when it was started with other `terms` than the press asks for,
 * left alone (`other_terms`). Matched by session, not by account: another device of the same
 * account follows the job without the database.
 */
export function followJob(
  id: string,
  owner: { userId: number; sessionHash: string },
  terms?: string,
): { joined: JobView; already: boolean } | { other_terms: JobView } | null {
  const job = registry.get(id);
  if (!job) return null;
  if (job.terms !== terms) return { other_terms: viewOf(job) };
  const already = belongsTo(job, { sessionHash: owner.sessionHash });
  if (!already) job.followers.push(owner);
  return { joined: viewOf(job), already };
}

/** Whether a job is `owner`'s: started or followed by that session, or by that account. */
function belongsTo(job: Job, owner: { sessionHash?: string; userId?: number }): boolean {
  return [{ userId: job.ownerUserId, sessionHash: job.ownerSessionHash }, ...job.followers].some(
    (who) =>
      (owner.sessionHash !== undefined && who.sessionHash === owner.sessionHash) ||
      (owner.userId !== undefined && who.userId === owner.userId),
  );
}

/**
 * A job as its owner sees it: by the session that started it (read without the database, so the
 * page follows the job while an embedded database is busy writing it), or by the account.
 */
export function jobOf(id: string, owner: { sessionHash?: string; userId?: number }): JobView | null {
  const job = registry.get(id);
  if (!job) return null;
  return belongsTo(job, owner) ? viewOf(job) : null;
}

/** A job ended this long ago is no longer shown again on its form after a reload. */
const RESUME_FINISHED_MS = 15 * 60 * 1000;

/** The account's newest job of a kind that is still running or ended in the last minutes: its form shows it again after a reload. */
export function jobToResume(userId: number, kind: JobKind): JobView | undefined {
  const newest = jobsOf(userId).find((job) => job.kind === kind);
  if (!newest) return undefined;
  const recent = !newest.finished_at || Date.now() - Date.parse(newest.finished_at) < RESUME_FINISHED_MS;
  return recent ? newest : undefined;
}

/** An account's jobs of this process, newest first: those running, then those finished within the hour. */
export function jobsOf(userId: number): JobView[] {
  forget(Date.now());
  return [...registry.values()]
    .filter((job) => belongsTo(job, { userId }))
    .sort((a, b) => b.started_at.localeCompare(a.started_at))
    .map(viewOf);
}
