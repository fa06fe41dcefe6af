import { NextResponse } from "next/server";
import { updateUser, userUpdate } from "@/lib/access/users";
import { badRequest, signedInRoute } from "@/lib/http";

// POST /api/admin/users/[id] – JSON { displayName?, role, areaCodes, active, password? }: changes an account and ends its sessions (admin)
export const POST = signedInRoute(
  async ({ request, ctx, params }) => {
    const body = await request.json().catch(() => null);
    const parsed = userUpdate.safeParse({ ...(body && typeof body === "object" ? body : {}), id: params.id });
    if (!parsed.success) return badRequest(parsed.error);
    return NextResponse.json(await updateUser({ ctx, input: parsed.data }));
  },
  { capability: "manage_users" },
);
