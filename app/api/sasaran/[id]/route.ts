import { z } from "zod";

import { queryRoute } from "@/lib/http";
import { scenarioDetail, scenarioIdParam } from "@/lib/targeting";

// GET /api/sasaran/[id] – a saved scenario: parameters, data version, figures and, once adopted, how far payment followed it
export const GET = queryRoute(z.object({ id: scenarioIdParam }), scenarioDetail, "Skenario tidak ditemukan.", {
  capability: "plan_targeting",
});
