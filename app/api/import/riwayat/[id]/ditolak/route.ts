import { badRequest, fileDownload, notFound, searchParamsOf, signedInRoute } from "@/lib/http";
import { exportRejections, rejectionParams } from "@/lib/imports";

// GET /api/import/riwayat/{id}/ditolak?kolom=&alasan= – the import's refused rows as CSV to correct, ID numbers masked (admin, Dinas Sosial; logged)
export const GET = signedInRoute(
  async ({ request, ctx, params }) => {
    const parsed = rejectionParams.safeParse({ ...searchParamsOf(request), ...params });
    if (!parsed.success) return badRequest(parsed.error);
    const file = await exportRejections({ ctx, input: parsed.data });
    return file ? fileDownload(file) : notFound("Impor tidak ditemukan.");
  },
  { capability: "import" },
);
