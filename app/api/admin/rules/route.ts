import { commandRoute } from "@/lib/http";
import { changeExclusionRule, exclusionRuleChange } from "@/lib/programs";

// POST /api/admin/rules – JSON { action: "add"|"remove", programs: [A, B], note? }: an exclusivity rule (admin; audited)
export const POST = commandRoute(exclusionRuleChange, changeExclusionRule, {
  capability: "manage_rules",
  key: "rules",
});
