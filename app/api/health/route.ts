import { NextResponse } from "next/server";

import { processContext } from "@/lib/context";
import { env } from "@/lib/env";
import { checkHealth } from "@/lib/health";

// GET /api/health – whether the database answers, which engine it is and its PostGIS version
export async function GET() {
  try {
    return NextResponse.json(await checkHealth({ ctx: await processContext() }));
  } catch (error) {
    // The driver's message can name hosts and roles: it goes to the server log, not the client.
    console.error("GET /api/health:", error);
    return NextResponse.json(
      { ok: false, engine: env().databaseUrl ? "postgres" : "pglite", error: "Basis data tidak menjawab." },
      { status: 503 },
    );
  }
}
