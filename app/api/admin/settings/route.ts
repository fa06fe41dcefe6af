import { commandRoute } from "@/lib/http";
import { changeSetting } from "@/lib/programs";
import { settingChange } from "@/lib/settings";

// POST /api/admin/settings – JSON { key, value }: a tunable setting (admin; audited)
export const POST = commandRoute(settingChange, changeSetting, { capability: "manage_rules", key: "settings" });
