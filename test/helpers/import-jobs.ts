import type { JobView } from "@/lib/jobs";

/** An upload's outcome as the import page ends up showing it: the job's result (or the route's own refusal). */
export interface ImportOutcome {
  status: number;
  /** The report (its shape differs per kind) or the refusal's `error` and `problems`. */
  body: Record<string, unknown>;
  job: JobView | null;
}

/**
 * Posts a file to a row import route and follows the job it answers with (202) until it has its
 * result and has ended (the figures refreshed too): what the page shows at the end. A refusal
 * before any job (400 for a form without a file, 413) is answered as it is.
 */
export async function importThroughJob(
  baseUrl: string,
  cookie: string,
  route: string,
  form: FormData,
): Promise<ImportOutcome> {
  const response = await fetch(`${baseUrl}${route}`, {
    method: "POST",
    headers: { cookie, origin: baseUrl },
    body: form,
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 202) return { status: response.status, body, job: null };
  return followJob(baseUrl, cookie, (body as unknown as { job: JobView }).job.id);
}

/**
 * Asks for a job until it has ended; its result as an outcome. A connection the server closed
 * while its event loop was busy (an embedded database's long statement) is asked again, as the
 * browser and the import page do.
 */
export async function followJob(baseUrl: string, cookie: string, id: string): Promise<ImportOutcome> {
  for (let resets = 0; ;) {
    const response = await fetch(`${baseUrl}/api/import/jobs/${id}`, { headers: { cookie } }).catch(
      (error: unknown) => {
        if (++resets > 5) throw error;
        return null;
      },
    );
    if (!response) continue;
    if (!response.ok) throw new Error(`GET /api/import/jobs/${id}: HTTP ${response.status} ${await response.text()}`);
    const { job } = (await response.json()) as { job: JobView };
    if (job.status !== "berjalan")
      return { status: job.result!.status, body: job.result!.body as Record<string, unknown>, job };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
