import { after, NextResponse } from "next/server";
import type { ZodError, ZodType } from "zod";

import {
  AccessDenied,
  assertCan,
  can,
  checkOrigin,
  clientAddress,
  recordAudit,
  requestContext,
  requestSessionHash,
  TooManyAttempts,
  type Capability,
  type OriginCheck,
} from "@/lib/access";
import { warmCoverage } from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import { processContext, SYSTEM_ACTOR, type Context, type SignedInContext } from "@/lib/context";
import { inRequestTurn } from "@/lib/db";
import { isUserFacing, RateLimited, UserError } from "@/lib/errors";
import { type ImportProgress, type RowRejection } from "@/lib/imports";
import { followJob, jobAtWork, jobOf, startJob, type JobKind, type JobResult, type JobView } from "@/lib/jobs";
import { linkThresholds, runLinkage } from "@/lib/linkage";

/**
 * The answer to a state-changing request that does not come from this app's own pages
 * (`checkOrigin` in lib/access/origin.ts), or null to go on: 403 for another site, 503 with
 * Retry-After for one that reached the server while it was starting and cannot be vouched for.
 */
export function originRefusal(origin: OriginCheck): NextResponse | null {
  if (origin === "same-origin") return null;
  if (origin === "unverified")
    return NextResponse.json(
      { error: "Tepat baru saja dinyalakan dan masih bersiap; ulangi permintaan sebentar lagi." },
      { status: 503, headers: { "retry-after": "1" } },
    );
  return NextResponse.json({ error: "Permintaan dari situs lain ditolak." }, { status: 403 });
}

/** 400 with one message per offending parameter, named as the client sent it. */
export function badRequest(error: ZodError) {
  const fields = Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "_", issue.message]));
  return NextResponse.json({ error: "Parameter tidak valid", fields }, { status: 400 });
}

/** 404 with a message; out-of-scope requests answer the same, so existence is not confirmed. */
export function notFound(message: string) {
  return NextResponse.json({ error: message }, { status: 404 });
}

/** A request's query string as a plain object, for zod. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

type RouteArgs = { params: Promise<Record<string, string>> };
type SignedInHandler = (args: {
  request: Request;
  ctx: SignedInContext;
  params: Record<string, string>;
}) => Promise<Response>;

/**
 * The edge of every route that reads or changes data: a signed-in account (401 without one), a
 * same-origin request for anything but GET (403: the CSRF wall beside SameSite cookies), the
 * role's `capability` (403; `read_areas` unless another is named, `null` for any account, as
 * logout needs), a verb's AccessDenied answered as 403, too many password attempts as 429,
 * RateLimited as 429 with Retry-After, and its user-facing errors as 400 with their problems (and `fields`, when they name parameters). Every 403 of a signed-in
 * account is logged. Answers carry personal data, so none is stored by a browser or a proxy
 * (`Cache-Control: no-store`) unless the handler chose its own caching. On the embedded database
 * each request is answered in its turn (`inRequestTurn`), but an upload, which waits on its body
 * (maybe for minutes from a phone), and a route that reads in short steps so that others are
 * served between them (`inTurn: false`, a whole-list export).
 */
export function signedInRoute(
  handler: SignedInHandler,
  options: { capability?: Capability | null; inTurn?: boolean } = {},
) {
  const capability = options.capability === undefined ? "read_areas" : options.capability;
  return async (request: Request, { params }: RouteArgs): Promise<Response> => {
    const receivedAt = Date.now();
    const routeParams = await params;
    const upload = request.headers.get("content-type")?.toLowerCase().startsWith("multipart/") ?? false;
    const response =
      options.inTurn !== false && !upload
        ? await inRequestTurn(() => answer(request, routeParams, receivedAt))
        : await answer(request, routeParams, receivedAt);
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  };

  async function answer(request: Request, params: Record<string, string>, receivedAt: number): Promise<Response> {
    const path = new URL(request.url).pathname;
    const origin = request.method === "GET" || request.method === "HEAD" ? null : checkOrigin(request.headers);
    if (origin === "cross-site") {
      const ctx = await requestContext(request);
      if (ctx)
        await recordAudit(ctx, {
          action: "access_denied",
          detail: { path, reason: "situs lain", origin: request.headers.get("origin") },
        });
    }
    const refusal = origin && originRefusal(origin);
    if (refusal) return refusal;
    const signedIn = await requestContext(request);
    if (!signedIn) return NextResponse.json({ error: "Silakan masuk terlebih dahulu." }, { status: 401 });
    const ctx = { ...signedIn, receivedAt };
    const refuse = async (capability: string) => {
      await recordAudit(ctx, { action: "access_denied", detail: { path, capability } });
      return forbidden();
    };
    if (capability && !can(ctx.actor, capability)) return refuse(capability);
    try {
      const response = await handler({ request, ctx, params });
      if (response.status === 404) await recordAudit(ctx, { action: "not_found", detail: { path } });
      return response;
    } catch (error) {
      if (error instanceof AccessDenied) return refuse(error.capability);
      const answer = userErrorAnswer(error);
      if (answer) return answer;
      throw error;
    }
  }
}

/** The answer to an error a person can act on (429 for too many attempts, 400 with its problems), or null. */
function userErrorAnswer(error: unknown): Response | null {
  if (error instanceof TooManyAttempts) return NextResponse.json({ error: error.message }, { status: 429 });
  if (error instanceof RateLimited) {
    const seconds = Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000));
    return NextResponse.json({ error: error.message }, { status: 429, headers: { "retry-after": String(seconds) } });
  }
  if (isUserFacing(error)) {
    // `fields` when the error names request parameters (as badRequest does), e.g. a window outside the data.
    const { problems = [], fields } = error as { problems?: string[]; fields?: Record<string, string> };
    return NextResponse.json(
      { error: error.message.split("\n")[0], problems, ...(fields && { fields }) },
      { status: 400 },
    );
  }
  return null;
}

export function forbidden() {
  return NextResponse.json({ error: "Peran Anda tidak berwenang untuk tindakan ini." }, { status: 403 });
}

/**
 * A read-only JSON route for a signed-in account: the query string and the path parameters,
 * validated together by `schema` (400 naming each bad one), handed to one verb, whose null
 * (unknown, or outside the account's scope) answers 404.
 */
export function queryRoute<Input, Result>(
  schema: ZodType<Input>,
  verb: (args: { ctx: Context; input: Input }) => Promise<Result | null>,
  notFoundMessage: string,
  options: { capability?: Capability } = {},
) {
  return signedInRoute(async ({ request, ctx, params }) => {
    const parsed = schema.safeParse({ ...searchParamsOf(request), ...params });
    if (!parsed.success) return badRequest(parsed.error);
    const result = await verb({ ctx, input: parsed.data });
    return result === null ? notFound(notFoundMessage) : NextResponse.json(result);
  }, options);
}

/**
 * A state-changing JSON route for a signed-in account: the body (with the path parameters)
 * validated by `schema` (400 naming each bad field), handed to one verb, whose result answers
 * 200 (or `status`), under `key` when one is named; its null (unknown, or outside the account's
 * scope) answers 404.
 */
export function commandRoute<Input, Result>(
  schema: ZodType<Input>,
  verb: (args: { ctx: SignedInContext; input: Input }) => Promise<Result>,
  options: { capability?: Capability; key?: string; status?: number; notFoundMessage?: string } = {},
) {
  return signedInRoute(async ({ request, ctx, params }) => {
    const body: unknown = await request.json().catch(() => null);
    const parsed = schema.safeParse(
      body && typeof body === "object" && !Array.isArray(body) ? { ...body, ...params } : body,
    );
    if (!parsed.success) return badRequest(parsed.error);
    const result = await verb({ ctx, input: parsed.data });
    if (result === null) return notFound(options.notFoundMessage ?? "Tidak ditemukan atau di luar wilayah Anda.");
    return NextResponse.json(options.key ? { [options.key]: result } : result, { status: options.status ?? 200 });
  }, options);
}

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The common edge of every upload route: an account that may import (or `capability`), same-origin and size
 * checks, multipart parsing.
 * `handle` parses and imports; after a successful import the coverage cache is filled in the
 * background (not after a route that only reads the file: `writes: false`).
 */
export function uploadRoute(
  handle: (form: FormData, ctx: SignedInContext, request: Request) => Promise<Response>,
  { writes = true, capability = "import" }: { writes?: boolean; capability?: Capability } = {},
) {
  return signedInRoute(({ request, ctx }) => handleUpload(request, ctx, (form) => handle(form, ctx, request), writes), {
    capability,
  });
}

/**
 * A request's body, counted as it arrives: null as soon as it passes `max` bytes, whatever
 * Content-Length declared (a chunked upload declares none), and the rest is not read.
 */
export async function readBodyUpTo(request: Request, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(next.value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}

/** Logs an upload refused whole (too large, or a file the importer refused), with the route and the file's name. */
async function auditRefusedUpload(
  ctx: SignedInContext,
  request: Request,
  form: FormData | null,
  reason: string,
): Promise<void> {
  const file = form?.get("file");
  await recordAudit(ctx, {
    action: "import_refused",
    entity: "import_batch",
    detail: { route: new URL(request.url).pathname, file: file instanceof File ? file.name : null, error: reason },
  });
}

async function handleUpload(
  request: Request,
  ctx: SignedInContext,
  handle: (form: FormData) => Promise<Response>,
  writes: boolean,
): Promise<Response> {
  const tooLarge = async () => {
    const error = `Berkas terlalu besar: paling banyak ${MAX_UPLOAD_BYTES / 1048576} MB.`;
    await auditRefusedUpload(ctx, request, null, error);
    return NextResponse.json({ error }, { status: 413 });
  };
  const form = await readMultipart(request, MAX_UPLOAD_BYTES);
  if (form === "too_large") return tooLarge();
  if (!form) return NextResponse.json({ error: "Kirim formulir multipart dengan kolom file." }, { status: 400 });
  const response = await handle(form).catch(async (error: unknown) => {
    if (isUserFacing(error)) await auditRefusedUpload(ctx, request, form, error.message.split("\n")[0]!);
    throw error;
  });
  // The import committed: fill the coverage cache once the user has the answer. A job (202)
  // fills it as its last step.
  if (response.status === 200 && writes) after(async () => warmCoverage({ ctx: await processContext() }));
  return response;
}

/**
 * A row import run as a job (lib/jobs): answers 202 with the job at once, while `work`
 * imports with the job's progress and answers what the route would have (`rowImportAnswer`, or a
 * refusal as 400 with its problems, audited as an upload refused). Once the batch has landed the
 * coverage cache is brought up to date as the job's last step, `angka`.
 */
export function importJobAnswer(
  ctx: SignedInContext,
  request: Request,
  form: FormData,
  meta: { kind: JobKind; fileName: string },
  work: (progress: ImportProgress) => Promise<Response>,
): Response {
  const job = startJob({ userId: ctx.actor.userId, sessionHash: ctx.actor.sessionHash }, meta, {
    async work(progress) {
      const response = await work(progress).catch(async (error: unknown) => {
        const answer = userErrorAnswer(error);
        if (!answer) throw error;
        await auditRefusedUpload(ctx, request, form, error instanceof Error ? error.message.split("\n")[0]! : "");
        return answer;
      });
      return { status: response.status, body: await response.json() };
    },
    onError(error) {
      console.error(`[impor ${meta.fileName}] gagal`, error);
      return {
        status: 500,
        body: { error: "Impor gagal di server dan dibatalkan seluruhnya; register tidak berubah.", problems: [] },
      };
    },
    afterwards: refreshFiguresStep(ctx),
  });
  return NextResponse.json({ job }, { status: 202 });
}

/** A job's last step once its work has landed: the coverage cache brought up to date (as the system), counted. */
function refreshFiguresStep(ctx: Context) {
  return async (result: JobResult, progress: ImportProgress): Promise<void> => {
    if (result.status !== 200) return;
    progress({ step: "angka" });
    await warmCoverage({
      ctx: { ...ctx, actor: SYSTEM_ACTOR },
      onProgress: (done, total) => progress({ step: "angka", done, total }),
    });
  };
}

/**
 * "Jalankan tautan" as a job (POST /api/tautan/jalankan): the whole city's linkage with its steps
 * counted (`mencocokkan`, n of 7), then the figures (`angka`). One run at a time in the process: a
 * press while one links joins it (logged), and that session follows the same job; a press once its
 * outcome is written starts anew; a press after the thresholds changed is refused until it ends.
 */
export async function startLinkageJob({ ctx }: { ctx: SignedInContext; input: unknown }): Promise<JobView> {
  assertCan(ctx.actor, "import");
  const owner = { userId: ctx.actor.userId, sessionHash: ctx.actor.sessionHash };
  const pressedAt = ctx.receivedAt ?? Date.now();
  // A run that was linking when the press arrived (on PGlite the session and these reads wait for
  // its end), or one another press started meanwhile.
  const kabkota = await homeKabkotaCode(ctx);
  const thresholds = await linkThresholds(ctx);
  const terms = JSON.stringify({ kabkota, ...thresholds });
  const id = jobAtWork("tautan", pressedAt) ?? jobAtWork("tautan", Date.now());
  const running = id ? followJob(id, owner, terms) : null;
  if (running && "other_terms" in running)
    throw new UserError(
      "Tautan yang berjalan saat tombol ditekan memakai ambang skor sebelum diubah. Tunggu sampai selesai, lalu jalankan lagi agar ambang baru dipakai.",
    );
  if (running) {
    if (!running.already)
      await recordAudit(ctx, { action: "linkage_join", areaCode: kabkota, detail: { job: running.joined.id } });
    return running.joined;
  }
  return startJob(
    owner,
    { kind: "tautan", fileName: "seluruh kota", terms },
    {
      async work(progress) {
        const answer = await runLinkage({
          ctx,
          input: {
            kabkotaCode: kabkota,
            thresholds,
            onStep: (step, at, of) => progress({ step: "mencocokkan", detail: step, done: at, total: of }),
          },
        });
        return { status: 200, body: answer };
      },
      onError(error) {
        console.error("[tautan] gagal", error);
        return {
          status: 500,
          body: { error: "Tautan gagal di server dan dibatalkan seluruhnya; tidak ada yang berubah." },
        };
      },
      afterwards: refreshFiguresStep(ctx),
    },
  );
}

/**
 * GET of one import job. Its owner's session reads it without the database (the embedded one is
 * busy with that very import's transaction); any other request goes through `signedInRoute` and
 * finds only its own account's jobs. A job holds steps and the report, never a person.
 */
export function importJobRoute() {
  const byAccount = signedInRoute(
    async ({ ctx, params }) => {
      const job = jobOf(params.id ?? "", { userId: ctx.actor.userId });
      return job ? NextResponse.json({ job }) : notFound("Pekerjaan impor tidak ditemukan.");
    },
    { capability: "import" },
  );
  return async (request: Request, args: RouteArgs): Promise<Response> => {
    const sessionHash = requestSessionHash(request);
    const { id = "" } = await args.params;
    const job = sessionHash ? jobOf(id, { sessionHash }) : null;
    if (job) return NextResponse.json({ job }, { headers: { "cache-control": "no-store" } });
    return byAccount(request, args);
  };
}

/**
 * A multipart body read at most `max` bytes far (whatever Content-Length declared): the form,
 * "too_large" past `max`, or null when it is not a form.
 */
export async function readMultipart(request: Request, max: number): Promise<FormData | "too_large" | null> {
  if (Number(request.headers.get("content-length") ?? 0) > max) return "too_large";
  const body = await readBodyUpTo(request, max);
  if (!body) return "too_large";
  return new Response(body, { headers: { "content-type": request.headers.get("content-type") ?? "" } })
    .formData()
    .catch(() => null);
}

/** A form field, with an empty input read as absent. */
export function formField(form: FormData, name: string) {
  const value = form.get(name);
  return value === "" || value === null ? undefined : value;
}

/**
 * The answer to an uploaded row import (DTKS, a recipient list, Dukcapil events): its audit entry
 * (kind, file, counts), then the report with its first 200 refused rows (line, field and reason;
 * their cells, NIK among them, stay in Riwayat impor, masked) and how many there were.
 */
export async function rowImportAnswer(
  ctx: SignedInContext,
  request: Request,
  input: {
    kind: string;
    fileName: string;
    report: { batchId: number; alreadyImported: boolean; rows: number; rejections: RowRejection[] };
    detail: Record<string, unknown>;
  },
): Promise<Response> {
  const { report } = input;
  await recordAudit(ctx, {
    action: "import",
    entity: "import_batch",
    entityId: report.batchId,
    ip: clientAddress(request.headers),
    detail: {
      kind: input.kind,
      file: input.fileName,
      rows: report.rows,
      ...input.detail,
      rejected: report.rejections.length,
      already_imported: report.alreadyImported,
    },
  });
  return NextResponse.json({
    ...report,
    rejections: report.rejections.slice(0, 200).map(({ line, field, reason }) => ({ line, field, reason })),
    rejectionCount: report.rejections.length,
  });
}

/** A file to download: its bytes with their type and name, never cached (lists of persons, logs). */
export function fileDownload(file: { body: Uint8Array; contentType: string; fileName: string }): Response {
  return new Response(Buffer.from(file.body), {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "no-store",
    },
  });
}

/** A POST body sent as JSON or as a plain HTML form (empty fields left out), for zod. */
export async function formOrJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return request.json().catch(() => null);
  const form = await request.formData().catch(() => new FormData());
  return Object.fromEntries([...form.entries()].filter(([, value]) => value !== ""));
}
