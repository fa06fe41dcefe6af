import { z } from "zod";

import { commandRoute } from "@/lib/http";
import { adoptScenario, scenarioIdParam } from "@/lib/targeting";

// POST /api/sasaran/[id]/tetapkan – adopts a saved scenario as the program's list, retiring the one before (admin, Dinas Sosial; audited)
export const POST = commandRoute(z.object({ id: scenarioIdParam }), adoptScenario, {
  capability: "target_lists",
  notFoundMessage: "Skenario tidak ditemukan.",
});
