import { NextResponse } from "next/server";

import { auditQueryParams, clientAddress, listAudit } from "@/lib/access";
import { badRequest, searchParamsOf, signedInRoute } from "@/lib/http";

// GET /api/admin/audit?action=&username=&from=YYYY-MM-DD&to=YYYY-MM-DD&page= – the audit log, newest first (admin; the reading is logged)
export const GET = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = auditQueryParams.safeParse(searchParamsOf(request));
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json(await listAudit({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } }));
  },
  { capability: "read_audit" },
);
