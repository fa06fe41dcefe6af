import { sql } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, placeInScope, placeScopeSql, recordAudit } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { todayInWita } from "@/lib/format";

import { isoDate } from "./change";
import { FieldErrors } from "./proposals";

/** A berita acara is a scanned PDF; SIKS-NG takes at most 10 MB. */
export const MAX_MINUTES_BYTES = 10 * 1024 * 1024;

/** States in which a proposal can still be taken to a musyawarah kelurahan. */
const MUSKEL_STATES = ["diajukan", "disetujui_lurah"] as const;
const awaitingStates = sql.join(
  MUSKEL_STATES.map((state) => sql`${state}`),
  sql`, `,
);

export const muskelInput = z.object({
  kelurahan_code: z.string().trim().min(1, { error: "pilih kelurahan" }).max(20),
  held_on: isoDate,
  attendance: z.coerce
    .number({ error: "jumlah hadir harus angka" })
    .int({ error: "jumlah hadir harus bilangan bulat" })
    .min(1, { error: "jumlah hadir paling sedikit 1" })
    .max(5000, { error: "jumlah hadir paling banyak 5.000" }),
  attendees: z.string().trim().max(4000, { error: "daftar hadir paling banyak 4.000 huruf" }).optional(),
  proposal_ids: z
    .array(z.coerce.number().int().positive())
    .min(1, { error: "pilih paling sedikit satu usulan yang dibahas" })
    .max(500),
});
export type MuskelInput = z.infer<typeof muskelInput>;

export interface MuskelSummary {
  id: number;
  kelurahan_code: string;
  kelurahan_name: string | null;
  held_on: string;
  attendance: number;
  attendees: string | null;
  minutes_file_name: string;
  minutes_size: number;
  created_by: string | null;
  proposals: Array<{ id: number; kind: string; state: string }>;
}

/** A berita acara's bytes, checked: a PDF no larger than 10 MB. */
function checkMinutes(bytes: Uint8Array): void {
  if (bytes.byteLength === 0) throw new FieldErrors({ minutes: "unggah berita acara (PDF)" });
  if (bytes.byteLength > MAX_MINUTES_BYTES)
    throw new FieldErrors({ minutes: "berita acara lebih dari 10 MB; pindai ulang dengan resolusi lebih rendah" });
  const head = new TextDecoder().decode(bytes.subarray(0, 1024));
  if (!head.includes("%PDF-"))
    throw new FieldErrors({ minutes: "berita acara harus berkas PDF; foto atau dokumen Word simpan dulu sebagai PDF" });
}

/**
 * Records a musyawarah kelurahan (the lurah, or an admin): its date, attendance and berita acara,
 * and the proposals of that kelurahan it discussed (submitted or approved, not yet in another
 * muskel). A `baru` proposal cannot be approved without one (proposals.ts). Logged.
 */
export async function createMuskel({
  ctx,
  input,
  minutes,
}: {
  ctx: SignedInContext;
  input: MuskelInput;
  minutes: { fileName: string; bytes: Uint8Array };
}): Promise<MuskelSummary> {
  assertCan(ctx.actor, "approve_proposals");
  if (!placeInScope(ctx.actor, input.kelurahan_code, null))
    throw new FieldErrors({ kelurahan_code: "kelurahan ini bukan wilayah Anda" });
  if (input.held_on > todayInWita()) throw new FieldErrors({ held_on: "tanggal muskel belum terjadi" });
  checkMinutes(minutes.bytes);
  const kabkota = await homeKabkotaCode(ctx);
  const ids = [...new Set(input.proposal_ids)];
  const idList = sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  );
  const id = await ctx.db.transaction(async (tx) => {
    const eligible = await queryRows<{ id: number }>(
      tx,
      sql`SELECT id::int AS id FROM proposal
          WHERE kabkota_code = ${kabkota} AND kelurahan_code = ${input.kelurahan_code} AND muskel_id IS NULL
            AND state IN (${awaitingStates}) AND id IN (${idList})
          FOR UPDATE`,
    );
    const found = new Set(eligible.map((row) => row.id));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length)
      throw new FieldErrors({
        proposal_ids: `usulan ${missing.map((i) => `#${i}`).join(", ")} bukan usulan kelurahan ini yang menunggu muskel (diajukan atau disetujui lurah, belum dibahas di muskel lain)`,
      });
    const [row] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO muskel (kabkota_code, kelurahan_code, held_on, attendance, attendees, minutes_file_name, minutes, minutes_size, created_by)
          VALUES (${kabkota}, ${input.kelurahan_code}, ${input.held_on}, ${input.attendance}, ${input.attendees || null},
                  ${minutes.fileName.slice(0, 200)}, ${minutes.bytes}, ${minutes.bytes.byteLength}, ${ctx.actor.userId})
          RETURNING id::int AS id`,
    );
    await tx.execute(sql`UPDATE proposal SET muskel_id = ${row!.id}, updated_at = now()
                         WHERE kabkota_code = ${kabkota} AND id IN (${idList})`);
    await tx.execute(sql`INSERT INTO proposal_history (kabkota_code, proposal_id, action, from_state, to_state, actor_id, note)
                         SELECT kabkota_code, id, 'muskel', state, state, ${ctx.actor.userId}, ${`Dibahas dalam musyawarah kelurahan #${row!.id}`}
                         FROM proposal WHERE kabkota_code = ${kabkota} AND id IN (${idList})`);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "muskel_create",
        entity: "muskel",
        entityId: row!.id,
        areaCode: input.kelurahan_code,
        detail: { held_on: input.held_on, attendance: input.attendance, proposals: ids, file: minutes.fileName },
      },
    );
    return row!.id;
  });
  const [created] = await listMuskel({ ctx, input: { id } });
  return created!;
}

export const muskelIdParam = z.object({ id: z.coerce.number().int().positive({ error: "nomor muskel tidak valid" }) });
export const muskelListParams = muskelIdParam.partial();

/** The musyawarah kelurahan of the actor's areas, newest first, with the proposals each discussed. */
export async function listMuskel({
  ctx,
  input,
}: {
  ctx: Context;
  input: z.infer<typeof muskelListParams>;
}): Promise<MuskelSummary[]> {
  assertCan(ctx.actor, "person_details");
  const kabkota = await homeKabkotaCode(ctx);
  return queryRows<MuskelSummary>(
    ctx.db,
    sql`SELECT m.id::int AS id, m.kelurahan_code, a.name AS kelurahan_name, m.held_on::text AS held_on, m.attendance,
               m.attendees, m.minutes_file_name, m.minutes_size, u.display_name AS created_by,
               coalesce((SELECT json_agg(json_build_object('id', p.id, 'kind', p.kind, 'state', p.state) ORDER BY p.id)
                         FROM proposal p WHERE p.kabkota_code = m.kabkota_code AND p.muskel_id = m.id), '[]'::json) AS proposals
        FROM muskel m LEFT JOIN area a ON a.code = m.kelurahan_code LEFT JOIN app_user u ON u.id = m.created_by
        WHERE m.kabkota_code = ${kabkota} AND ${placeScopeSql(ctx.actor, sql`m.kelurahan_code`, sql`NULL::text`)}
          ${input.id ? sql`AND m.id = ${input.id}` : sql``}
        ORDER BY m.held_on DESC, m.id DESC LIMIT 200`,
  );
}

/** A muskel's berita acara (PDF) when the muskel lies in the actor's areas; null otherwise. Logged. */
export async function readMuskelMinutes({
  ctx,
  input,
}: {
  ctx: Context;
  input: { id: number };
}): Promise<{ fileName: string; bytes: Uint8Array } | null> {
  assertCan(ctx.actor, "person_details");
  const kabkota = await homeKabkotaCode(ctx);
  const [row] = await queryRows<{ file_name: string; bytes: Uint8Array; kelurahan_code: string }>(
    ctx.db,
    sql`SELECT minutes_file_name AS file_name, minutes AS bytes, kelurahan_code FROM muskel
        WHERE kabkota_code = ${kabkota} AND id = ${input.id} AND ${placeScopeSql(ctx.actor, sql`kelurahan_code`, sql`NULL::text`)}`,
  );
  if (!row) return null;
  await recordAudit(ctx, {
    action: "muskel_minutes",
    entity: "muskel",
    entityId: input.id,
    areaCode: row.kelurahan_code,
  });
  return { fileName: row.file_name, bytes: row.bytes };
}

/** Proposals of the actor's areas waiting for a muskel: submitted or approved, in none yet. */
export async function proposalsAwaitingMuskel(
  ctx: Context,
): Promise<Array<{ id: number; kind: string; state: string; kelurahan_code: string; title: string }>> {
  assertCan(ctx.actor, "approve_proposals");
  const kabkota = await homeKabkotaCode(ctx);
  return queryRows(
    ctx.db,
    sql`SELECT p.id::int AS id, p.kind, p.state, p.kelurahan_code,
               coalesce(p.change #>> '{members,0,name}', h.dtks_id, '') AS title
        FROM proposal p LEFT JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${kabkota} AND p.muskel_id IS NULL AND p.state IN (${awaitingStates})
          AND ${placeScopeSql(ctx.actor, sql`p.kelurahan_code`, sql`p.rt_code`)}
        ORDER BY (p.kind = 'baru') DESC, p.id LIMIT 500`,
  );
}
