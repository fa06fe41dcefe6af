import { NextResponse } from "next/server";
import type { ZodError } from "zod";

/** 400 with one message per offending parameter, named as the client sent it. */
export function badRequest(error: ZodError) {
  const fields = Object.fromEntries(error.issues.map((issue) => [issue.path.join(".") || "_", issue.message]));
  return NextResponse.json({ error: "Parameter tidak valid", fields }, { status: 400 });
}
