import { commandRoute } from "@/lib/http";
import { computeScenario, scenarioParams } from "@/lib/targeting";

// POST /api/sasaran/hitung – JSON scenario { program, quota, area?, covered_window?, exclude_programs?, max_desil?, require_verified? }:
// its candidates, selection and figures, households only for admin and Dinas Sosial (README, "Tidak double")
export const POST = commandRoute(scenarioParams, computeScenario, {
  capability: "plan_targeting",
  notFoundMessage: "Wilayah tidak ditemukan atau di luar wilayah Anda.",
});
