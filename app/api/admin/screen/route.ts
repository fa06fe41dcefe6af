import { commandRoute } from "@/lib/http";
import { changeScreenScenes, screenScenesInput } from "@/lib/screen";

// POST /api/admin/screen – JSON { scenes: [...] }: which scenes the command-center screen rotates through, in order (admin; audited)
export const POST = commandRoute(screenScenesInput, changeScreenScenes, { capability: "manage_rules", key: "scenes" });
