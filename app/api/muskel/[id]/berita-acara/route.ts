import { notFound, signedInRoute } from "@/lib/http";
import { muskelIdParam, readMuskelMinutes } from "@/lib/verval";

// GET /api/muskel/[id]/berita-acara – the berita acara (PDF) of a musyawarah kelurahan in the account's areas (each view logged)
export const GET = signedInRoute(async ({ ctx, params }) => {
  const id = muskelIdParam.safeParse(params);
  if (!id.success) return notFound("Muskel tidak ditemukan.");
  const minutes = await readMuskelMinutes({ ctx, input: { id: id.data.id } });
  if (!minutes) return notFound("Muskel tidak ditemukan.");
  return new Response(Buffer.from(minutes.bytes), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="berita-acara-muskel-${id.data.id}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
});
