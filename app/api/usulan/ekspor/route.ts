import { z } from "zod";

import { badRequest, fileDownload, formOrJsonBody, searchParamsOf, signedInRoute } from "@/lib/http";
import { exportProposalsForSiksNg } from "@/lib/imports";
import { isoDate } from "@/lib/verval";

const period = {
  format: z.enum(["csv", "xlsx"], { error: "format harus csv atau xlsx" }).default("csv"),
  dari: isoDate.optional(),
  sampai: isoDate.optional(),
};
const maskedQuery = z.object(period);
const fullRequest = z.object({
  ...period,
  alasan: z
    .string()
    .trim()
    .min(5, { error: "tuliskan untuk apa NIK lengkap diperlukan (paling sedikit 5 huruf)" })
    .max(300),
});

// GET /api/usulan/ekspor?format=csv|xlsx&dari=&sampai= – applied proposals as the SIKS-NG entry file, NIK and No. KK masked (admin, Dinas Sosial; audited)
export const GET = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = maskedQuery.safeParse(searchParamsOf(request));
    if (!parsed.success) return badRequest(parsed.error);
    const { format, dari, sampai } = parsed.data;
    return fileDownload(await exportProposalsForSiksNg({ ctx, input: { format, from: dari, to: sampai } }));
  },
  { capability: "verify_proposals" },
);

// POST /api/usulan/ekspor – form or JSON { format, dari?, sampai?, alasan }: the same file with full NIK and No. KK, the reason logged
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = fullRequest.safeParse(await formOrJsonBody(request));
    if (!parsed.success) return badRequest(parsed.error);
    const { format, dari, sampai, alasan } = parsed.data;
    return fileDownload(
      await exportProposalsForSiksNg({ ctx, input: { format, from: dari, to: sampai, fullNik: { reason: alasan } } }),
    );
  },
  { capability: "verify_proposals" },
);
