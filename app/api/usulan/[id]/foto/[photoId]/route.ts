import { z } from "zod";

import { notFound, signedInRoute } from "@/lib/http";
import { readProposalPhoto } from "@/lib/verval";

const params = z.object({ id: z.coerce.number().int().positive(), photoId: z.coerce.number().int().positive() });

// GET /api/usulan/[id]/foto/[photoId] – an evidence photo (roles that see persons, in scope; each view logged)
export const GET = signedInRoute(async ({ ctx, params: raw }) => {
  const parsed = params.safeParse(raw);
  if (!parsed.success) return notFound("Foto tidak ditemukan.");
  const photo = await readProposalPhoto({ ctx, input: parsed.data });
  if (!photo) return notFound("Foto tidak ditemukan.");
  return new Response(Buffer.from(photo.bytes), {
    headers: { "content-type": photo.mime, "cache-control": "private, no-store" },
  });
});
