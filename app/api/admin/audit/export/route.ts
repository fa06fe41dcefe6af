import { auditQueryParams, clientAddress, exportAudit } from "@/lib/access";
import { badRequest, fileDownload, searchParamsOf, signedInRoute } from "@/lib/http";

// GET /api/admin/audit/export?action=&username=&from=&to= – the matching audit entries as CSV (admin; the export is logged)
export const GET = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = auditQueryParams.safeParse(searchParamsOf(request));
    if (!parsed.success) return badRequest(parsed.error);
    const file = await exportAudit({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
    return fileDownload({ ...file, contentType: "text/csv; charset=utf-8" });
  },
  { capability: "read_audit" },
);
