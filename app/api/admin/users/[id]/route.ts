import { updateUser, userUpdate } from "@/lib/access";
import { commandRoute } from "@/lib/http";

// POST /api/admin/users/[id] – JSON { displayName?, role, areaCodes, active, password? }: changes an account and ends its sessions (admin)
export const POST = commandRoute(userUpdate, updateUser, { capability: "manage_users" });
