import { after, NextResponse } from "next/server";
import type { ZodError, ZodType } from "zod";
import type { UserActor } from "@/lib/access/actor";
import { AccessDenied } from "@/lib/access/errors";
import { recordAudit } from "@/lib/access/audit";
import { clientAddress, requestContext } from "@/lib/access/request";
import type { Capability } from "@/lib/access/roles";
import { can } from "@/lib/access/scope";
import { type Context, processContext } from "@/lib/context";
import { warmCoverage } from "@/lib/analytics";
import { isUserFacing } from "@/lib/errors";

/**
 * Whether a state-changing request comes from this app's own pages. Browsers send Origin on
 * POST; a form posted from another site carries that site's origin and is refused.
 */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return request.headers.get("sec-fetch-site") !== "cross-site";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
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

export type SignedInContext = Context & { actor: UserActor };
type RouteArgs = { params: Promise<Record<string, string>> };
type SignedInHandler = (args: { request: Request; ctx: SignedInContext; params: Record<string, string> }) => Promise<Response>;

/**
 * The edge of every route that reads or changes data: a signed-in account (401 without one), a
 * same-origin request for anything but GET (403: the CSRF wall beside SameSite cookies), the
 * role's `capability` when one is named (403), a verb's AccessDenied answered as 403 and its
 * user-facing errors as 400 with their problems.
 */
export function signedInRoute(handler: SignedInHandler, options: { capability?: Capability } = {}) {
  return async (request: Request, { params }: RouteArgs): Promise<Response> => {
    if (request.method !== "GET" && request.method !== "HEAD" && !isSameOrigin(request)) {
      return NextResponse.json({ error: "Permintaan dari situs lain ditolak." }, { status: 403 });
    }
    const ctx = await requestContext(request);
    if (!ctx) return NextResponse.json({ error: "Silakan masuk terlebih dahulu." }, { status: 401 });
    if (options.capability && !can(ctx.actor, options.capability)) return forbidden();
    try {
      return await handler({ request, ctx, params: await params });
    } catch (error) {
      if (error instanceof AccessDenied) return forbidden();
      if (isUserFacing(error)) {
        return NextResponse.json({ error: error.message.split("\n")[0], problems: (error as { problems?: string[] }).problems ?? [] }, { status: 400 });
      }
      throw error;
    }
  };
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
) {
  return signedInRoute(async ({ request, ctx, params }) => {
    const parsed = schema.safeParse({ ...searchParamsOf(request), ...params });
    if (!parsed.success) return badRequest(parsed.error);
    const result = await verb({ ctx, input: parsed.data });
    return result === null ? notFound(notFoundMessage) : NextResponse.json(result);
  });
}

/**
 * A state-changing JSON route for a signed-in account: the body (with the path parameters)
 * validated by `schema` (400 naming each bad field), handed to one verb, whose result answers
 * 200 (or `status`), under `key` when one is named.
 */
export function commandRoute<Input, Result>(
  schema: ZodType<Input>,
  verb: (args: { ctx: SignedInContext; input: Input }) => Promise<Result>,
  options: { capability?: Capability; key?: string; status?: number } = {},
) {
  return signedInRoute(async ({ request, ctx, params }) => {
    const body: unknown = await request.json().catch(() => null);
    const parsed = schema.safeParse(body && typeof body === "object" && !Array.isArray(body) ? { ...body, ...params } : body);
    if (!parsed.success) return badRequest(parsed.error);
    const result = await verb({ ctx, input: parsed.data });
    return NextResponse.json(options.key ? { [options.key]: result } : result, { status: options.status ?? 200 });
  }, options);
}

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The common edge of every upload route: an account that may import, same-origin and size
 * checks, multipart parsing.
 * `handle` parses and imports; after a successful import the coverage cache is filled in the
 * background.
 */
export function uploadRoute(handle: (form: FormData, ctx: SignedInContext, request: Request) => Promise<Response>) {
  return signedInRoute(({ request, ctx }) => handleUpload(request, ctx, (form) => handle(form, ctx, request)), { capability: "import" });
}

/** Logs an upload refused whole (too large, or a file the importer refused), with the route and the file's name. */
async function auditRefusedUpload(ctx: SignedInContext, request: Request, form: FormData | null, reason: string): Promise<void> {
  const file = form?.get("file");
  await recordAudit(ctx, {
    action: "import_refused", entity: "import_batch", ip: clientAddress(request.headers),
    detail: { route: new URL(request.url).pathname, file: file instanceof File ? file.name : null, error: reason },
  });
}

async function handleUpload(request: Request, ctx: SignedInContext, handle: (form: FormData) => Promise<Response>): Promise<Response> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) {
    const error = `Berkas terlalu besar: paling banyak ${MAX_UPLOAD_BYTES / 1048576} MB.`;
    await auditRefusedUpload(ctx, request, null, error);
    return NextResponse.json({ error }, { status: 413 });
  }
  const form = await request.formData().catch(() => null);
  if (!form) return NextResponse.json({ error: "Kirim formulir multipart dengan kolom file." }, { status: 400 });
  const response = await handle(form).catch(async (error: unknown) => {
    if (isUserFacing(error)) await auditRefusedUpload(ctx, request, form, error.message.split("\n")[0]!);
    throw error;
  });
  // The import committed: fill the coverage cache once the user has the answer.
  if (response.ok) after(async () => warmCoverage({ ctx: await processContext() }));
  return response;
}

/** Writes each step of an uploaded file's import to the server log, naming the file. */
export function logImportStep(fileName: string) {
  return (step: string) => console.info(`[impor ${fileName}] ${step}`);
}

/** A form field, with an empty input read as absent. */
export function formField(form: FormData, name: string) {
  const value = form.get(name);
  return value === "" || value === null ? undefined : value;
}
