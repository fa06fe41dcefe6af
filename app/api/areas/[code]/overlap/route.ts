import { z } from "zod";

import { areaCodeParam, areaOverlap, windowParams } from "@/lib/analytics";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/overlap?from=YYYY-MM&to=YYYY-MM – program combinations and program mix of an area's households in a window
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), windowParams),
  areaOverlap,
  "Wilayah tidak ditemukan.",
);
