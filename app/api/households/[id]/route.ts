import { z } from "zod";

import { explainHousehold, householdIdParam, windowParams } from "@/lib/analytics";
import { queryRoute } from "@/lib/http";

// GET /api/households/[id]?from=&to= – one household as the account's role may see it: members (or their count), receipts, the explanation of its counts, history (each read logged)
export const GET = queryRoute(
  z.intersection(z.object({ id: householdIdParam }), windowParams),
  explainHousehold,
  "Rumah tangga tidak ditemukan.",
);
