import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, placeScopeSql, recordAudit } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { cleanPhoto, PHOTO_KINDS, type PhotoKind } from "./photo";

/** At most this many photos per proposal: a house, the KTP/KK, a certificate, a few more. */
export const MAX_PHOTOS_PER_PROPOSAL = 8;

export const photoKindParam = z.enum(PHOTO_KINDS, { error: `jenis foto salah satu dari: ${PHOTO_KINDS.join(", ")}` });

async function proposalInScope(ctx: Context, id: number) {
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<{ kabkota_code: string; state: string; kelurahan_code: string; author_id: number }>(
    ctx.db,
    sql`SELECT kabkota_code, state, kelurahan_code, author_id::int AS author_id FROM proposal
        WHERE kabkota_code = ${kabkota} AND id = ${id} AND ${placeScopeSql(ctx.actor, sql`kelurahan_code`, sql`rt_code`)}`,
  );
  return row ?? null;
}

/**
 * Attaches an evidence photo to a draft or returned proposal (its author, who may propose): the
 * bytes checked and stripped of EXIF (photo.ts) before they are stored. Null when the proposal is
 * unknown or out of scope. Logged.
 */
export async function addProposalPhoto({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: { id: number; kind: PhotoKind; fileName: string; bytes: Uint8Array };
}): Promise<{ id: number; kind: PhotoKind; size: number } | null> {
  assertCan(ctx.actor, "propose");
  const proposal = await proposalInScope(ctx, input.id);
  if (!proposal) return null;
  if (proposal.state !== "draf" && proposal.state !== "dikembalikan")
    throw new UserError("Foto hanya dapat ditambahkan selama usulan masih draf atau dikembalikan.");
  const photo = cleanPhoto(input.bytes, input.fileName);
  const [row] = await queryRows<{ id: number; count: number }>(
    ctx.db,
    sql`INSERT INTO proposal_photo (kabkota_code, proposal_id, kind, mime, bytes, size, uploaded_by)
        SELECT ${proposal.kabkota_code}, ${input.id}, ${input.kind}, ${photo.mime}, ${photo.bytes}, ${photo.bytes.byteLength}, ${ctx.actor.userId}
        WHERE (SELECT count(*) FROM proposal_photo WHERE kabkota_code = ${proposal.kabkota_code} AND proposal_id = ${input.id}) < ${MAX_PHOTOS_PER_PROPOSAL}
        RETURNING id::int AS id`,
  );
  if (!row) throw new UserError(`Usulan ini sudah memiliki ${MAX_PHOTOS_PER_PROPOSAL} foto; hapus yang tidak perlu.`);
  await recordAudit(ctx, {
    action: "proposal_photo",
    entity: "proposal",
    entityId: input.id,
    areaCode: proposal.kelurahan_code,
    detail: { action: "unggah", photo: row.id, kind: input.kind },
  });
  return { id: row.id, kind: input.kind, size: photo.bytes.byteLength };
}

/** An evidence photo of a proposal in scope, for a role that sees persons; every view is logged. */
export async function readProposalPhoto({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number; photoId: number };
}): Promise<{ mime: string; bytes: Uint8Array } | null> {
  assertCan(ctx.actor, "person_details");
  const proposal = await proposalInScope(ctx, input.id);
  if (!proposal) return null;
  const [photo] = await queryRows<{ mime: string; bytes: Uint8Array }>(
    ctx.db,
    sql`SELECT mime, bytes FROM proposal_photo
        WHERE kabkota_code = ${proposal.kabkota_code} AND proposal_id = ${input.id} AND id = ${input.photoId}`,
  );
  if (!photo) return null;
  await recordAudit(ctx, {
    action: "proposal_photo",
    entity: "proposal",
    entityId: input.id,
    areaCode: proposal.kelurahan_code,
    detail: { action: "lihat", photo: input.photoId },
  });
  return photo;
}
