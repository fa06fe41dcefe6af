import { commandRoute } from "@/lib/http";
import { dismissSuggestion, suggestionDismissal } from "@/lib/verval";

// POST /api/saran/abaikan – JSON { key, reason }: the suggestion is not shown again for the same fact (audited)
export const POST = commandRoute(suggestionDismissal, dismissSuggestion, {
  capability: "verval",
  notFoundMessage: "Saran tidak ditemukan.",
});
