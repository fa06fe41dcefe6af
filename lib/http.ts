import { after, NextResponse } from "next/server";
import type { ZodError, ZodType } from "zod";
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

/** 404 with a message; out-of-scope requests will answer the same, so existence is not confirmed. */
export function notFound(message: string) {
  return NextResponse.json({ error: message }, { status: 404 });
}

/** A request's query string as a plain object, for zod. */
export function searchParamsOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}

/**
 * A read-only JSON route: the query string and the path parameters, validated together by
 * `schema` (400 naming each bad one), handed to one verb, whose null answers 404.
 */
export function queryRoute<Input, Result>(
  schema: ZodType<Input>,
  verb: (args: { ctx: Context; input: Input }) => Promise<Result | null>,
  notFoundMessage: string,
) {
  return async (request: Request, { params }: { params: Promise<Record<string, string>> }): Promise<Response> => {
    const parsed = schema.safeParse({ ...searchParamsOf(request), ...(await params) });
    if (!parsed.success) return badRequest(parsed.error);
    const result = await verb({ ctx: await processContext(), input: parsed.data });
    return result === null ? notFound(notFoundMessage) : NextResponse.json(result);
  };
}

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * The common edge of every upload route: same-origin and size checks, multipart parsing, and
 * user-facing errors answered as 400 with their problems. `handle` parses and imports; after a
 * successful import the coverage cache is filled in the background.
 */
export async function handleUpload(request: Request, handle: (form: FormData) => Promise<Response>): Promise<Response> {
  if (!isSameOrigin(request)) return NextResponse.json({ error: "Permintaan dari situs lain ditolak." }, { status: 403 });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_UPLOAD_BYTES) {
    return NextResponse.json({ error: `Berkas terlalu besar: paling banyak ${MAX_UPLOAD_BYTES / 1048576} MB.` }, { status: 413 });
  }
  const form = await request.formData().catch(() => null);
  if (!form) return NextResponse.json({ error: "Kirim formulir multipart dengan kolom file." }, { status: 400 });
  try {
    const response = await handle(form);
    // The import committed: fill the coverage cache once the user has the answer.
    if (response.ok) after(async () => warmCoverage({ ctx: await processContext() }));
    return response;
  } catch (error) {
    if (!isUserFacing(error)) throw error;
    return NextResponse.json({ error: error.message.split("\n")[0], problems: (error as { problems?: string[] }).problems ?? [] }, { status: 400 });
  }
}

/** A form field, with an empty input read as absent. */
export function formField(form: FormData, name: string) {
  const value = form.get(name);
  return value === "" || value === null ? undefined : value;
}
