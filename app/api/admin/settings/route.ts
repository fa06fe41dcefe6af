import { NextResponse } from "next/server";
import { changeSetting, settingChange } from "@/lib/programs/rules";
import { badRequest, signedInRoute } from "@/lib/http";

// POST /api/admin/settings – JSON { key: "eligible_max_desil"|"small_cell_k", value }: an analysis setting (admin; audited)
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = settingChange.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json({ settings: await changeSetting({ ctx, input: parsed.data }) });
  },
  { capability: "manage_rules" },
);
