import { NextResponse } from "next/server";

import { notFound, readMultipart, signedInRoute } from "@/lib/http";
import { addProposalPhoto, MAX_PHOTO_BYTES, photoKindParam, proposalIdParam } from "@/lib/verval";

/** A photo's limit plus room for the form around it. */
const MAX_BODY = MAX_PHOTO_BYTES + 64 * 1024;

// POST /api/usulan/[id]/foto – multipart { kind: rumah|ktp_kk|akta_kematian|lainnya, file }: an evidence photo (JPEG/PNG ≤ 5 MB, EXIF removed; audited)
export const POST = signedInRoute(
  async ({ request, ctx, params }) => {
    const id = proposalIdParam.safeParse(params);
    if (!id.success) return notFound("Usulan tidak ditemukan.");
    const form = await readMultipart(request, MAX_BODY);
    if (form === "too_large")
      return NextResponse.json({ error: "Foto terlalu besar: paling banyak 5 MB per foto." }, { status: 413 });
    const file = form?.get("file");
    if (!form || !(file instanceof File))
      return NextResponse.json({ error: "Kirim formulir dengan kolom file berisi foto." }, { status: 400 });
    const kind = photoKindParam.safeParse(form.get("kind"));
    if (!kind.success)
      return NextResponse.json(
        { error: "Parameter tidak valid", fields: { kind: kind.error.issues[0]!.message } },
        { status: 400 },
      );
    const photo = await addProposalPhoto({
      ctx,
      input: { id: id.data.id, kind: kind.data, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
    });
    return photo ? NextResponse.json({ photo }, { status: 201 }) : notFound("Usulan tidak ditemukan.");
  },
  { capability: "propose" },
);
