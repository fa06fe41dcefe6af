import { z } from "zod";

import { areaTrend, windowParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/trend?from=YYYY-MM&to=YYYY-MM – month-by-month counts of an area
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), windowParams),
  areaTrend,
  "Wilayah tidak ditemukan.",
);
