import { NextResponse } from "next/server";

import { notFound, signedInRoute } from "@/lib/http";
import { commandScreen } from "@/lib/screen";

// GET /api/layar – the command-center screen's figures: aggregates of the account's area, small cells suppressed (admin, pimpinan)
export const GET = signedInRoute(
  async ({ ctx }) => {
    const screen = await commandScreen({ ctx });
    return screen
      ? NextResponse.json(screen, { headers: { "cache-control": "no-store" } })
      : notFound("Belum ada batas wilayah untuk layar ini.");
  },
  { capability: "command_screen" },
);
