import { z } from "zod";

import { areaCodeParam, areaTrend, windowParams } from "@/lib/analytics";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/trend?from=YYYY-MM&to=YYYY-MM – month-by-month counts of an area
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), windowParams),
  areaTrend,
  "Wilayah tidak ditemukan.",
);
