import { z } from "zod";
import { explainHousehold, householdIdParam, windowParams } from "@/lib/analytics";
import { queryRoute } from "@/lib/http";

// GET /api/households/[id]?from=&to= – one household: members, receipts per period and the explanation of its counts
export const GET = queryRoute(z.intersection(z.object({ id: householdIdParam }), windowParams), explainHousehold, "Rumah tangga tidak ditemukan.");
