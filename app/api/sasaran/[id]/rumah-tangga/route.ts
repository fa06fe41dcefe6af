import { z } from "zod";

import { queryRoute } from "@/lib/http";
import { scenarioHouseholds, scenarioIdParam } from "@/lib/targeting";

// GET /api/sasaran/[id]/rumah-tangga – a saved scenario's households in selection order (admin, Dinas Sosial; logged)
export const GET = queryRoute(z.object({ id: scenarioIdParam }), scenarioHouseholds, "Skenario tidak ditemukan.", {
  capability: "target_lists",
});
