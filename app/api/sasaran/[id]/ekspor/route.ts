import { z } from "zod";

import { badRequest, fileDownload, formOrJsonBody, notFound, searchParamsOf, signedInRoute } from "@/lib/http";
import { exportScenarioList, scenarioExportParams, scenarioIdParam } from "@/lib/targeting";

const maskedQuery = scenarioExportParams.extend({ id: scenarioIdParam });
const fullRequest = maskedQuery.extend({
  alasan: z
    .string({ error: "tuliskan untuk apa NIK lengkap diperlukan (paling sedikit 5 huruf)" })
    .trim()
    .min(5, { error: "tuliskan untuk apa NIK lengkap diperlukan (paling sedikit 5 huruf)" })
    .max(300),
});

// GET /api/sasaran/[id]/ekspor?format=xlsx|csv&periode=YYYY-MM – an adopted scenario's recipient list, NIK and No. KK masked (admin, Dinas Sosial; audited)
export const GET = signedInRoute(
  async ({ request, ctx, params }) => {
    const parsed = maskedQuery.safeParse({ ...searchParamsOf(request), ...params });
    if (!parsed.success) return badRequest(parsed.error);
    const file = await exportScenarioList({ ctx, input: parsed.data });
    return file ? fileDownload(file) : notFound("Skenario tidak ditemukan.");
  },
  { capability: "target_lists" },
);

// POST /api/sasaran/[id]/ekspor – form or JSON { format, periode?, alasan }: the same list with full NIK and No. KK, the reason logged
export const POST = signedInRoute(
  async ({ request, ctx, params }) => {
    const body = await formOrJsonBody(request);
    const parsed = fullRequest.safeParse(body && typeof body === "object" ? { ...body, ...params } : body);
    if (!parsed.success) return badRequest(parsed.error);
    const { alasan, ...input } = parsed.data;
    const file = await exportScenarioList({ ctx, input: { ...input, fullNik: { reason: alasan } } });
    return file ? fileDownload(file) : notFound("Skenario tidak ditemukan.");
  },
  { capability: "target_lists" },
);
