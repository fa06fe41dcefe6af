import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { warmCoverage } from "@/lib/analytics";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { importDtks, type ImportStepEvent } from "@/lib/imports";
import { followJob, jobAtWork, jobOf, jobsOf, startJob, type JobResult, type JobView } from "@/lib/jobs";

import { describeEachEngine } from "../helpers/each-engine";
import { dtksFile } from "../helpers/import-files";

/** Two members each: past the 25,000 new members one statement writes, so they land in two runs. */
const HOUSEHOLDS = 13_000;
/** The steps a DTKS import of new households takes, in order. */
const DTKS_STEPS = ["membaca", "memeriksa", "memuat", "menulis", "menempatkan", "mencocokkan", "angka"];
const owner = { userId: 41, sessionHash: "sesi-pemilik" };

/** The job once it has ended, as its owner reads it. */
async function importJobSettled(id: string): Promise<JobView | null> {
  for (;;) {
    const job = jobOf(id, owner);
    if (!job || job.status !== "berjalan") return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeEachEngine("Imports as jobs: the steps as they happen, and the report at the end", (fixture) => {
  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
  });

  it("runs a DTKS import through its steps in order, counts the rows checked, and ends with the report and the figures refreshed", async () => {
    const { ctx } = fixture();
    const events: ImportStepEvent[] = [];
    const fractions: number[] = [];
    const rows = 2 * HOUSEHOLDS;
    const started = startJob(
      owner,
      { kind: "dtks", fileName: "dtks-pekerjaan.csv" },
      {
        async work(progress) {
          const report = await importDtks({
            ctx,
            input: {
              fileName: "dtks-pekerjaan.csv",
              bytes: dtksFile("J", HOUSEHOLDS),
              onProgress: (event) => {
                events.push(event);
                progress(event);
                fractions.push(jobOf(started.id, owner)!.fraction);
              },
            },
          });
          return { status: 200, body: report };
        },
        onError: () => ({ status: 500, body: {} }),
        async afterwards(_result, progress) {
          progress({ step: "angka" });
          await warmCoverage({ ctx, onProgress: (done, total) => progress({ step: "angka", done, total }) });
        },
      },
    );
    // Answered before any step ran: the upload route returns at once.
    expect([started.status, started.steps, started.fraction]).toEqual(["berjalan", [], 0]);
    expect(started.upcoming.map((s) => s.step)).toEqual(DTKS_STEPS);

    const ended = await importJobSettled(started.id);
    expect(ended!.status).toBe("selesai");
    expect(ended!.fraction).toBe(1);
    expect(ended!.steps.map((s) => s.step)).toEqual(DTKS_STEPS);
    expect(ended!.steps.every((s) => s.state === "selesai" && s.finished_at! >= s.started_at)).toBe(true);
    // The rows are counted as they are checked, every 5,000, up to the file's rows.
    const checked = events.filter((e) => e.step === "memeriksa").map((e) => e.done);
    expect(checked).toEqual([0, 5_000, 10_000, 15_000, 20_000, 25_000, rows]);
    expect(ended!.steps[1]).toMatchObject({ done: rows, total: rows });
    expect(ended!.steps[3]!.detail).toBe(
      `${formatInteger(HOUSEHOLDS)} rumah tangga dan ${formatInteger(rows)} anggota`,
    );
    // The figures step counted its pieces to the end.
    const figures = ended!.steps[6]!;
    expect(figures.total).toBeGreaterThan(0);
    expect(figures.done).toBe(figures.total);
    // The bar never goes back.
    expect(fractions.length).toBeGreaterThan(6);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(ended!.result).toMatchObject({ status: 200, body: { newHouseholds: HOUSEHOLDS, persons: rows } });
    // Every member landed, across the runs of file lines they were written in, each with its household.
    const { batchId } = ended!.result!.body as { batchId: number };
    const [written] = await queryRows<{ persons: number; households: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS persons, count(DISTINCT p.household_id)::int AS households
          FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
          WHERE h.import_batch_id = ${batchId}`,
    );
    expect(written).toEqual({ persons: rows, households: HOUSEHOLDS });
  });

  it("shows a job to its own session and account only, and ends a refused or broken one as gagal", async () => {
    const refused = startJob(
      owner,
      { kind: "penerima", fileName: "ditolak.csv" },
      {
        work: async () => {
          throw new UserError("Berkas ditolak: kolom wajib tidak ada.");
        },
        onError: (error) => ({ status: 400, body: { error: (error as Error).message } }),
      },
    );
    const ended = await importJobSettled(refused.id);
    expect([ended!.status, ended!.result]).toEqual([
      "gagal",
      { status: 400, body: { error: "Berkas ditolak: kolom wajib tidak ada." } },
    ]);
    expect(jobOf(refused.id, { sessionHash: owner.sessionHash })?.id).toBe(refused.id);
    expect(jobOf(refused.id, { userId: owner.userId })?.id).toBe(refused.id);
    expect(jobOf(refused.id, { sessionHash: "sesi-lain" })).toBeNull();
    expect(jobOf(refused.id, { userId: owner.userId + 1 })).toBeNull();
    expect(jobOf("tidak-ada", owner)).toBeNull();
    // Newest first, and nobody else's.
    expect(jobsOf(owner.userId)[0]!.id).toBe(refused.id);
    expect(jobsOf(owner.userId + 1)).toEqual([]);
    // Nothing of the owner's session travels with the job.
    expect(JSON.stringify(jobsOf(owner.userId))).not.toContain(owner.sessionHash);
  });

  it("lets a press join a job only while it does its work and on the same terms, followed by that session", async () => {
    // The work and the figures end when the test says so.
    const release = { work: () => {}, afterwards: () => {} };
    const workEnded = new Promise<JobResult>((resolve) => (release.work = () => resolve({ status: 200, body: {} })));
    const figuresEnded = new Promise<void>((resolve) => (release.afterwards = resolve));
    const job = startJob(
      owner,
      { kind: "tautan", fileName: "seluruh kota", terms: "ambang-a" },
      { work: () => workEnded, onError: () => ({ status: 500, body: {} }), afterwards: () => figuresEnded },
    );
    const pressedWhileLinking = Date.now();
    expect(jobAtWork("tautan", pressedWhileLinking)).toBe(job.id);
    // Another device of the owner's account, then a colleague: each session now follows the job;
    // the owner's own session pressing again was following it already.
    const otherDevice = { userId: owner.userId, sessionHash: "sesi-perangkat-lain" };
    const colleague = { userId: owner.userId + 7, sessionHash: "sesi-rekan" };
    const joined = { joined: expect.objectContaining({ id: job.id }), already: false };
    expect(followJob(job.id, otherDevice, "ambang-a")).toEqual(joined);
    expect(followJob(job.id, colleague, "ambang-a")).toEqual(joined);
    expect(followJob(job.id, colleague, "ambang-a")).toEqual({ ...joined, already: true });
    expect(followJob(job.id, owner, "ambang-a")).toEqual({ ...joined, already: true });
    expect(jobOf(job.id, { sessionHash: otherDevice.sessionHash })?.id).toBe(job.id);
    expect(jobOf(job.id, { sessionHash: colleague.sessionHash })?.id).toBe(job.id);
    expect(jobsOf(colleague.userId)[0]!.id).toBe(job.id);
    // Other terms (the thresholds changed since it started) never join it.
    const stranger = { userId: owner.userId + 8, sessionHash: "sesi-ambang-baru" };
    expect(followJob(job.id, stranger, "ambang-b")).toEqual({ other_terms: expect.objectContaining({ id: job.id }) });
    expect(jobOf(job.id, { sessionHash: stranger.sessionHash })).toBeNull();
    // Once its work has ended (the outcome written), a press arriving now no longer finds it at
    // work, though the figures still run; a press that arrived while it linked still does.
    await new Promise((resolve) => setTimeout(resolve, 5)); // the work ends after the press, not within its millisecond
    release.work();
    while (!jobOf(job.id, owner)!.result) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(jobAtWork("tautan", Date.now())).toBeNull();
    expect(jobAtWork("tautan", pressedWhileLinking)).toBe(job.id);
    expect(jobOf(job.id, owner)!.status).toBe("berjalan");
    release.afterwards();
    expect((await importJobSettled(job.id))!.status).toBe("selesai");
  });
});
