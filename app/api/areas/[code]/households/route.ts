import { z } from "zod";

import { householdListParams, listHouseholds } from "@/lib/analytics";
import { areaCodeParam } from "@/lib/area-codes";
import { queryRoute } from "@/lib/http";

// GET /api/areas/[code]/households?list=stacked|conflicting|uncovered|errors&page=&sort=&program=&desil=&from=&to= – the households behind a count
export const GET = queryRoute(
  z.intersection(z.object({ code: areaCodeParam }), householdListParams),
  listHouseholds,
  "Wilayah tidak ditemukan.",
);
