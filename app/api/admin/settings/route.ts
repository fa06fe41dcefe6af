import { commandRoute } from "@/lib/http";
import { changeSetting, settingChange } from "@/lib/programs/rules";

// POST /api/admin/settings – JSON { key, value }: a tunable setting (admin; audited)
export const POST = commandRoute(settingChange, changeSetting, { capability: "manage_rules", key: "settings" });
