import { z } from "zod";

import { clientAddress } from "@/lib/access";
import { AREA_EXPORT_FORMATS, exportAreaChildren, windowParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { badRequest, fileDownload, notFound, searchParamsOf, signedInRoute } from "@/lib/http";

const schema = z.intersection(
  z.object({
    code: areaCodeParam,
    format: z.enum(AREA_EXPORT_FORMATS, { error: "format harus csv, xlsx atau geojson" }).default("csv"),
  }),
  windowParams,
);

// GET /api/areas/[code]/export?format=csv|xlsx|geojson&from=&to= – the area's children with every count and indicator as a file (audited)
export const GET = signedInRoute(async ({ request, ctx, params }) => {
  const parsed = schema.safeParse({ ...searchParamsOf(request), ...params });
  if (!parsed.success) return badRequest(parsed.error);
  const file = await exportAreaChildren({ ctx, input: { ...parsed.data, ip: clientAddress(request.headers) } });
  if (!file) return notFound("Wilayah tidak ditemukan.");
  return fileDownload(file);
});
