import { queryRoute } from "@/lib/http";
import { listSuggestions, suggestionListParams } from "@/lib/verval";

// GET /api/saran?kind=&per_kind= – suggestions of the account's areas: facts a proposal could fix, with the proposal prefilled (operator, lurah, Dinas Sosial)
export const GET = queryRoute(suggestionListParams, listSuggestions, "Tidak ditemukan.");
