import { z } from "zod";

import { commandRoute, queryRoute } from "@/lib/http";
import { listScenarios, saveScenario, saveScenarioParams } from "@/lib/targeting";

// GET /api/sasaran – saved scenarios of the account's areas, newest first (admin, Dinas Sosial, pimpinan)
export const GET = queryRoute(z.object({}), listScenarios, "Tidak ditemukan.", { capability: "plan_targeting" });

// POST /api/sasaran – JSON { name, based_on?, …scenario }: computes and saves a scenario, immutable (201)
export const POST = commandRoute(saveScenarioParams, saveScenario, {
  capability: "plan_targeting",
  status: 201,
  notFoundMessage: "Wilayah tidak ditemukan atau di luar wilayah Anda.",
});
