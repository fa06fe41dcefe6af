import { NextResponse } from "next/server";
import { badRequest, signedInRoute } from "@/lib/http";
import { changeScreenScenes, screenScenesInput } from "@/lib/screen";

// POST /api/admin/screen – JSON { scenes: [...] }: which scenes the command-center screen rotates through, in order (admin; audited)
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = screenScenesInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json({ scenes: await changeScreenScenes({ ctx, input: parsed.data }) });
  },
  { capability: "manage_rules" },
);
