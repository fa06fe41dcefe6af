import { queryRoute } from "@/lib/http";
import { compareScenarios, comparisonParams } from "@/lib/targeting";

// GET /api/sasaran/bandingkan?a=&b= – two saved scenarios per kelurahan: in A, in B, in both, lost and gained
export const GET = queryRoute(comparisonParams, compareScenarios, "Skenario tidak ditemukan.", {
  capability: "plan_targeting",
});
