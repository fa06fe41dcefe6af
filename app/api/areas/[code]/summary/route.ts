import { z } from "zod";

import { areaSummary, windowParams } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/summary?from=YYYY-MM&to=YYYY-MM – counts for an area and its children in a window
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), windowParams),
  areaSummary,
  "Wilayah tidak ditemukan.",
);
