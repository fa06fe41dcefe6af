import { sql } from "drizzle-orm";

import { queryRows, type Database } from "@/db/engine";
import type { NikCheck, NonaktifReason, ProposalKind, Sex } from "@/db/schema/vocabulary";
import { kecamatanLookup } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { matchReceipts } from "@/lib/matching";
import { checkNik, checkNoKk } from "@/lib/nik";
import { placeHouseholds } from "@/lib/spatial";

import type { BaruChange, MemberInput, PerubahanChange, ProposalChange } from "./change";
import { householdState, householdStateSql, memberStateSql, stateDifferences, type HouseholdState } from "./snapshot";

/** The proposal as apply needs it. */
export interface ApplicableProposal {
  id: number;
  kabkotaCode: string;
  kind: ProposalKind;
  householdId: number | null;
  kelurahanCode: string;
  rtCode: string | null;
  reason: NonaktifReason | null;
  change: unknown;
  base: HouseholdState | null;
}

/** The household changed after the proposal was drafted: applying it would overwrite newer data. */
export class StaleProposal extends UserError {
  constructor(differences: string[]) {
    super(
      "Data sudah berubah sejak usulan dibuat; usulan tidak diterapkan. Kembalikan ke pengusul untuk diperbarui.",
      differences,
    );
  }
}

/** The calendar day in WITA, `YYYY-MM-DD`. */
const TODAY_WITA = sql`(now() AT TIME ZONE 'Asia/Makassar')::date`;

/**
 * Applies a verified proposal to the register inside the caller's transaction: the household (or
 * a new one with a Tepat-issued ID DTKS, `TEPAT-<id>`, until the national register gives one),
 * its members, a history row naming the proposal, its placement in the polygons and the matching
 * of the receipts it may now take or lose. A household that changed since the proposal was drafted
 * is refused with the differences (StaleProposal), and nothing is written. The coverage caches
 * follow through the data version the writes move.
 */
export async function applyProposal(ctx: Context, proposal: ApplicableProposal): Promise<{ householdId: number }> {
  const db = ctx.db;
  const kabkota = proposal.kabkotaCode;
  const isKecamatan = await kecamatanLookup();
  let householdId: number;
  if (proposal.kind === "baru") {
    householdId = await insertHousehold(db, proposal, proposal.change as BaruChange, isKecamatan);
  } else {
    householdId = proposal.householdId!;
    const now = await householdState(db, kabkota, householdId, { lock: true });
    if (!now) throw new StaleProposal(["rumah tangga tidak ada lagi di data"]);
    if (proposal.base) {
      const differences = stateDifferences(proposal.base, now);
      if (differences.length) throw new StaleProposal(differences);
    }
    await db.execute(sql`
      INSERT INTO household_history (kabkota_code, household_id, proposal_id, previous)
      SELECT h.kabkota_code, h.id, ${proposal.id},
             ${householdStateSql("h", sql`coalesce((SELECT jsonb_agg(${memberStateSql("p")} ORDER BY p.id) FROM person p WHERE p.kabkota_code = h.kabkota_code AND p.household_id = h.id), '[]'::jsonb)`)}
      FROM household h WHERE h.kabkota_code = ${kabkota} AND h.id = ${householdId}`);
    await changeHousehold(db, proposal, now, isKecamatan);
  }
  await placeHouseholds(db, kabkota, [householdId]);
  await matchReceipts({ ctx, input: { kabkotaCode: kabkota, householdIds: [householdId] } });
  return { householdId };
}

async function changeHousehold(
  db: Database,
  proposal: ApplicableProposal,
  now: HouseholdState,
  isKecamatan: (code: string) => boolean,
): Promise<void> {
  const kabkota = proposal.kabkotaCode;
  const id = proposal.householdId!;
  const where = sql`kabkota_code = ${kabkota} AND id = ${id}`;
  switch (proposal.kind) {
    case "nonaktif": {
      const change = proposal.change as ProposalChange["nonaktif"];
      await db.execute(
        sql`UPDATE household SET status = 'nonaktif', nonaktif_reason = ${change.reason}, updated_at = now() WHERE ${where}`,
      );
      if (change.reason === "meninggal") {
        const living = now.members.filter((m) => m.death_date === null);
        const who = change.person_id ?? (living.length === 1 ? living[0]!.id : undefined);
        if (who !== undefined) await markDeceased(db, proposal, who, change.death_date!);
      }
      return;
    }
    case "aktif_kembali":
      await db.execute(sql`UPDATE household SET status = 'aktif', nonaktif_reason = NULL, verval_status = 'terverifikasi',
                                  verval_date = ${TODAY_WITA}, updated_at = now() WHERE ${where}`);
      return;
    case "perubahan":
      await applyPerubahan(db, proposal, proposal.change as PerubahanChange, isKecamatan);
      return;
    case "baru":
      throw new Error("a new household is inserted, not changed");
  }
}

async function markDeceased(db: Database, proposal: ApplicableProposal, personId: number, deathDate: string) {
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`UPDATE person SET death_date = ${deathDate}, updated_at = now()
        WHERE kabkota_code = ${proposal.kabkotaCode} AND household_id = ${proposal.householdId} AND id = ${personId}
        RETURNING id::int AS id`,
  );
  if (!row) throw new StaleProposal([`anggota yang diusulkan meninggal tidak ada lagi di rumah tangga ini`]);
}

async function applyPerubahan(
  db: Database,
  proposal: ApplicableProposal,
  change: PerubahanChange,
  isKecamatan: (code: string) => boolean,
): Promise<void> {
  const kabkota = proposal.kabkotaCode;
  const id = proposal.householdId!;
  const h = change.household;
  const sets = [
    h.address !== undefined && sql`address = ${h.address}`,
    h.rw !== undefined && sql`rw = ${h.rw}`,
    h.rt !== undefined && sql`rt = ${h.rt}`,
    h.kelurahan_code !== undefined && sql`declared_kelurahan_code = ${h.kelurahan_code}`,
    (h.rt_code !== undefined || h.kelurahan_code !== undefined) && sql`declared_rt_code = ${h.rt_code ?? null}`,
    h.no_kk !== undefined && sql`no_kk = ${h.no_kk}, no_kk_check = ${checkNoKk(h.no_kk, { isKecamatan }).check}`,
    h.geotag !== undefined && sql`geotag = ST_SetSRID(ST_MakePoint(${h.geotag.lon}, ${h.geotag.lat}), 4326)`,
  ].filter((part) => part !== false);
  await db.execute(sql`UPDATE household SET ${sql.join([...sets, sql`verval_status = 'terverifikasi'`, sql`verval_date = ${TODAY_WITA}`, sql`updated_at = now()`], sql`, `)}
                       WHERE kabkota_code = ${kabkota} AND id = ${id}`);
  for (const member of change.members) {
    switch (member.op) {
      case "meninggal":
        await markDeceased(db, proposal, member.person_id, member.death_date);
        break;
      case "tambah":
        await insertMembers(db, kabkota, id, [member.member], isKecamatan);
        break;
      case "hapus": {
        const [gone] = await queryRows<{ id: number }>(
          db,
          sql`DELETE FROM person WHERE kabkota_code = ${kabkota} AND household_id = ${id} AND id = ${member.person_id} RETURNING id::int AS id`,
        );
        if (!gone) throw new StaleProposal(["anggota yang diusulkan dihapus tidak ada lagi di rumah tangga ini"]);
        break;
      }
      case "koreksi": {
        const [row] = await queryRows<{
          nik: string | null;
          nik_check: NikCheck;
          birth_date: string | null;
          sex: Sex | null;
        }>(
          db,
          sql`SELECT nik, nik_check, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex FROM person
              WHERE kabkota_code = ${kabkota} AND household_id = ${id} AND id = ${member.person_id}`,
        );
        if (!row) throw new StaleProposal(["anggota yang dikoreksi tidak ada lagi di rumah tangga ini"]);
        const nik = member.nik ?? row.nik;
        const birthDate = member.birth_date ?? row.birth_date;
        // Checked again against the (corrected) birth date; a mangled NIK left as it was stays mangled.
        const nikCheck =
          member.nik === undefined && row.nik_check === "mangled"
            ? row.nik_check
            : checkNik(nik, { isKecamatan, birthDate, sex: row.sex }).check;
        await db.execute(sql`UPDATE person SET name = ${member.name ?? sql`name`}, nik = ${nik}, nik_check = ${nikCheck},
                                    birth_date = ${birthDate}, updated_at = now()
                             WHERE kabkota_code = ${kabkota} AND id = ${member.person_id}`);
        break;
      }
    }
  }
}

async function insertMembers(
  db: Database,
  kabkota: string,
  householdId: number,
  members: readonly MemberInput[],
  isKecamatan: (code: string) => boolean,
): Promise<void> {
  for (const m of members) {
    const check = checkNik(m.nik ?? null, { isKecamatan, birthDate: m.birth_date ?? null, sex: m.sex ?? null }).check;
    await db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation)
      VALUES (${kabkota}, ${householdId}, ${m.nik ?? null}, ${check}, ${m.name}, ${m.birth_date ?? null}, ${m.sex ?? null}, ${m.relation ?? null})`);
  }
}

async function insertHousehold(
  db: Database,
  proposal: ApplicableProposal,
  change: BaruChange,
  isKecamatan: (code: string) => boolean,
): Promise<number> {
  const h = change.household;
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`INSERT INTO household (kabkota_code, dtks_id, no_kk, no_kk_check, address, declared_kelurahan_code, declared_rt_code,
                               rw, rt, geotag, desil, status, verval_status, verval_date)
        VALUES (${proposal.kabkotaCode}, ${`TEPAT-${proposal.id}`}, ${h.no_kk ?? null}, ${checkNoKk(h.no_kk ?? null, { isKecamatan }).check},
                ${h.address ?? null}, ${proposal.kelurahanCode}, ${h.rt_code ?? proposal.rtCode}, ${h.rw ?? null}, ${h.rt ?? null},
                ${h.geotag ? sql`ST_SetSRID(ST_MakePoint(${h.geotag.lon}, ${h.geotag.lat}), 4326)` : null},
                ${h.desil ?? null}, 'aktif', 'terverifikasi', ${TODAY_WITA})
        ON CONFLICT (kabkota_code, dtks_id) DO NOTHING
        RETURNING id::int AS id`,
  );
  if (!row) throw new StaleProposal([`ID DTKS TEPAT-${proposal.id} sudah dipakai`]);
  await insertMembers(db, proposal.kabkotaCode, row.id, change.members, isKecamatan);
  return row.id;
}
