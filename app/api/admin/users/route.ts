import { NextResponse } from "next/server";

import { addUser, listUsers, userInput } from "@/lib/access";
import { commandRoute, signedInRoute } from "@/lib/http";

// GET /api/admin/users – every account with its role and areas (admin)
export const GET = signedInRoute(async ({ ctx }) => NextResponse.json({ users: await listUsers({ ctx }) }), {
  capability: "manage_users",
});

// POST /api/admin/users – JSON { username, displayName?, role, areaCodes, password }: a new account (admin)
export const POST = commandRoute(userInput, addUser, { capability: "manage_users", status: 201 });
