import { NextResponse } from "next/server";
import { processContext } from "@/lib/context";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";

// GET /api/health – whether the database answers, which engine it is and its PostGIS version
export async function GET() {
  try {
    return NextResponse.json(await checkHealth({ ctx: await processContext() }));
  } catch (error) {
    return NextResponse.json(
      { ok: false, engine: env().databaseUrl ? "postgres" : "pglite", error: (error as Error).message },
      { status: 503 },
    );
  }
}
