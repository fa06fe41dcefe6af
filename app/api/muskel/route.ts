import { NextResponse } from "next/server";

import { badRequest, queryRoute, readMultipart, signedInRoute } from "@/lib/http";
import { createMuskel, listMuskel, MAX_MINUTES_BYTES, muskelInput, muskelListParams } from "@/lib/verval";

/** The berita acara's limit plus room for the form around it. */
const MAX_BODY = MAX_MINUTES_BYTES + 64 * 1024;

// GET /api/muskel – the musyawarah kelurahan of the account's areas with the proposals each discussed (roles that see persons)
export const GET = queryRoute(muskelListParams, listMuskel, "Tidak ditemukan.");

// POST /api/muskel – multipart { kelurahan_code, held_on, attendance, attendees?, proposal_ids (repeated), berita_acara (PDF ≤ 10 MB) }: lurah of the kelurahan, or admin (201; audited)
export const POST = signedInRoute(
  async ({ request, ctx }) => {
    const form = await readMultipart(request, MAX_BODY);
    if (form === "too_large")
      return NextResponse.json(
        { error: "Berita acara terlalu besar: paling banyak 10 MB.", fields: { minutes: "paling banyak 10 MB" } },
        { status: 413 },
      );
    if (!form) return NextResponse.json({ error: "Kirim formulir muskel dengan berita acaranya." }, { status: 400 });
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" && value.trim() !== "" ? value : undefined;
    };
    const parsed = muskelInput.safeParse({
      kelurahan_code: text("kelurahan_code"),
      held_on: text("held_on"),
      attendance: text("attendance"),
      attendees: text("attendees"),
      proposal_ids: form.getAll("proposal_ids").filter((v) => typeof v === "string"),
    });
    if (!parsed.success) return badRequest(parsed.error);
    const file = form.get("berita_acara");
    const minutes =
      file instanceof File
        ? { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }
        : { fileName: "", bytes: new Uint8Array() };
    const muskel = await createMuskel({ ctx, input: parsed.data, minutes });
    return NextResponse.json({ muskel }, { status: 201 });
  },
  { capability: "approve_proposals" },
);
