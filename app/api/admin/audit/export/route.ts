import { auditQueryParams, clientAddress, exportAudit } from "@/lib/access";
import { badRequest, searchParamsOf, signedInRoute } from "@/lib/http";

// GET /api/admin/audit/export?action=&username=&from=&to= – the matching audit entries as CSV (admin; the export is logged)
export const GET = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = auditQueryParams.safeParse(searchParamsOf(request));
    if (!parsed.success) return badRequest(parsed.error);
    const file = await exportAudit({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
    return new Response(Buffer.from(file.body), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "cache-control": "no-store",
      },
    });
  },
  { capability: "read_audit" },
);
