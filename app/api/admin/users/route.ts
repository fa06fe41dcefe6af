import { NextResponse } from "next/server";
import { addUser, listUsers, userInput } from "@/lib/access/users";
import { badRequest, signedInRoute } from "@/lib/http";

// GET /api/admin/users – every account with its role and areas (admin)
export const GET = signedInRoute(async ({ ctx }) => NextResponse.json({ users: await listUsers({ ctx }) }), { capability: "manage_users" });

// POST /api/admin/users – JSON { username, displayName?, role, areaCodes, password }: a new account (admin)
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const parsed = userInput.safeParse(await request.json().catch(() => null));
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json(await addUser({ ctx, input: parsed.data }), { status: 201 });
  },
  { capability: "manage_users" },
);
