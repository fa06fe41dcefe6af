import { commandRoute } from "@/lib/http";
import { changeRule, ruleChange } from "@/lib/programs";

// POST /api/admin/rules – JSON { programs: [A, B], state: "pelengkap"|"melanggar_aturan"|"belum_diatur", note? }:
// what a pair of programs is; or the older { action: "add"|"remove", programs: [A, B], note? }: an exclusivity rule (admin; audited)
export const POST = commandRoute(ruleChange, changeRule, {
  capability: "manage_rules",
  key: "rules",
});
