import { z } from "zod";

import { areaOverlap, windowParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/overlap?from=YYYY-MM&to=YYYY-MM – program combinations and program mix of an area's households in a window
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), windowParams),
  areaOverlap,
  "Wilayah tidak ditemukan.",
);
