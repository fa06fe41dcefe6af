import { commandRoute } from "@/lib/http";
import { programChange, saveProgram } from "@/lib/programs";

// POST /api/admin/programs – JSON { code, name, level, unit?, max_desil?, owner_area_code?, description?, active? }:
// adds a program or changes one by its code (admin; audited old → new); answers every program
export const POST = commandRoute(programChange, saveProgram, { capability: "manage_rules", key: "programs" });
