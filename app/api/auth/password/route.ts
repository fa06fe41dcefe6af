import { z } from "zod";

import { changeOwnPassword } from "@/lib/access";
import { commandRoute } from "@/lib/http";

const body = z.object({
  current: z.string({ error: "kata sandi saat ini wajib diisi" }).min(1, { error: "kata sandi saat ini wajib diisi" }),
  next: z.string({ error: "kata sandi baru wajib diisi" }).min(1, { error: "kata sandi baru wajib diisi" }),
});

// POST /api/auth/password – JSON { current, next }: the signed-in account changes its password; its other sessions end
export const POST = commandRoute(body, async ({ ctx, input }) => {
  await changeOwnPassword({ ctx, input });
  return { ok: true };
});
