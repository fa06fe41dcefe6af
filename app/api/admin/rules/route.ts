import { NextResponse } from "next/server";
import { changeExclusionRule, exclusionRuleChange } from "@/lib/programs/rules";
import { badRequest, signedInRoute } from "@/lib/http";

// POST /api/admin/rules – JSON { action: "add"|"remove", programs: [A, B], note? }: an exclusivity rule (admin; audited)
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = exclusionRuleChange.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json({ rules: await changeExclusionRule({ ctx, input: parsed.data }) });
  },
  { capability: "manage_rules" },
);
