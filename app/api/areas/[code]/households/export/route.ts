import { z } from "zod";

import { clientAddress } from "@/lib/access";
import { EXPORT_FORMATS, exportHouseholdList, householdListParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { badRequest, fileDownload, notFound, searchParamsOf, signedInRoute } from "@/lib/http";

const schema = z.intersection(
  z.object({
    code: areaCodeParam,
    format: z.enum(EXPORT_FORMATS, { error: "format harus csv atau xlsx" }).default("csv"),
  }),
  householdListParams,
);

// GET /api/areas/[code]/households/export?list=…&format=csv|xlsx&program=&desil=&from=&to= – a whole household list as a file (audited)
export const GET = signedInRoute(
  async ({ request, ctx, params }) => {
    const parsed = schema.safeParse({ ...searchParamsOf(request), ...params });
    if (!parsed.success) return badRequest(parsed.error);
    const file = await exportHouseholdList({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
    if (!file) return notFound("Wilayah tidak ditemukan.");
    return fileDownload(file);
  },
  // Read in chunks of short transactions, so that on PGlite other requests are served between them.
  { inTurn: false },
);
