import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { ProposalKind } from "@/db/schema/vocabulary";
import { assertCan, placeInScope, recordHouseholdRead } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { formatDate } from "@/lib/format";
import { maskIdNumber } from "@/lib/nik";

import type { HouseholdState } from "./snapshot";

/** A household as a proposal form needs it: members by id and name, NIK masked. */
export interface HouseholdForProposal {
  id: number;
  dtks_id: string;
  kelurahan_code: string;
  kelurahan_name: string | null;
  status: string;
  nonaktif_reason: string | null;
  address: string | null;
  rw: string | null;
  rt: string | null;
  no_kk: string | null;
  members: Array<{
    id: number;
    name: string;
    relation: string | null;
    birth_date: string | null;
    death_date: string | null;
    nik: string | null;
    nik_check: string;
  }>;
}

/** The household a proposal is drafted for, when it lies in the actor's scope (read logged); else null. */
export async function householdForProposal(ctx: Context, id: number): Promise<HouseholdForProposal | null> {
  assertCan(ctx.actor, "person_details");
  const kabkota = await homeKabkotaCode(ctx);
  const [household] = await queryRows<Omit<HouseholdForProposal, "members"> & { rt_code: string | null }>(
    ctx.db,
    sql`SELECT h.id::int AS id, h.dtks_id, h.effective_kelurahan_code AS kelurahan_code, h.effective_rt_code AS rt_code,
               a.name AS kelurahan_name, h.status, h.nonaktif_reason, h.address, h.rw, h.rt, h.no_kk
        FROM household h LEFT JOIN area a ON a.code = h.effective_kelurahan_code
        WHERE h.kabkota_code = ${kabkota} AND h.id = ${id}`,
  );
  if (!household || !placeInScope(ctx.actor, household.kelurahan_code, household.rt_code)) return null;
  await recordHouseholdRead(ctx, household);
  const members = await queryRows<HouseholdForProposal["members"][number]>(
    ctx.db,
    sql`SELECT id::int AS id, name, relation, birth_date::text, death_date::text, nik, nik_check
        FROM person WHERE kabkota_code = ${kabkota} AND household_id = ${id} ORDER BY id`,
  );
  const { rt_code: _rt, ...rest } = household;
  return {
    ...rest,
    no_kk: maskIdNumber(household.no_kk),
    members: members.map((m) => ({ ...m, nik: maskIdNumber(m.nik) })),
  };
}

type Change = Record<string, unknown> & {
  household?: Record<string, unknown>;
  members?: Array<Record<string, unknown>>;
};

/**
 * What a proposal asks, in sentences a lurah reads: members named (from the household as it was
 * when drafted), dates as people write them, NIK and No. KK masked.
 */
export function describeChange(kind: ProposalKind, change: Change, base: HouseholdState | null): string[] {
  const nameOf = (id: unknown) => base?.members.find((m) => m.id === id)?.name ?? `anggota #${String(id)}`;
  const date = (value: unknown) => (typeof value === "string" ? formatDate(value) : "–");
  const id = (value: unknown) => (typeof value === "string" ? (maskIdNumber(value) ?? value) : "–");
  const lines: string[] = [];
  switch (kind) {
    case "nonaktif":
      lines.push(`Nonaktifkan rumah tangga, alasan: ${String(change.reason)}.`);
      if (change.reason === "meninggal")
        lines.push(
          `Meninggal: ${change.person_id ? nameOf(change.person_id) : "anggota satu-satunya"}, tanggal ${date(change.death_date)}.`,
        );
      if (change.destination) lines.push(`Pindah ke: ${String(change.destination)}.`);
      if (change.duplicate_of) lines.push(`Ganda dengan rumah tangga ${String(change.duplicate_of)}.`);
      break;
    case "aktif_kembali":
      lines.push(`Aktifkan kembali: ${String(change.why)}.`);
      break;
    case "baru": {
      const h = change.household ?? {};
      lines.push(
        `Rumah tangga baru di ${[h.address, h.rw && `RW ${String(h.rw)}`, h.rt && `RT ${String(h.rt)}`].filter(Boolean).join(", ") || "alamat belum diisi"}${h.desil ? `, desil ${String(h.desil)}` : ""}.`,
      );
      for (const m of change.members ?? [])
        lines.push(
          `Anggota: ${String(m.name)}${m.relation ? ` (${String(m.relation)})` : ""}, NIK ${id(m.nik)}, lahir ${date(m.birth_date)}.`,
        );
      break;
    }
    case "perubahan": {
      const h = change.household ?? {};
      const labels: Record<string, string> = {
        address: "Alamat",
        rw: "RW",
        rt: "RT",
        rt_code: "Kode RT",
        kelurahan_code: "Kelurahan",
        no_kk: "No. KK",
      };
      for (const [key, label] of Object.entries(labels))
        if (h[key] !== undefined) lines.push(`${label} menjadi: ${key === "no_kk" ? id(h[key]) : String(h[key])}.`);
      if (h.geotag) {
        const g = h.geotag as { lon: number; lat: number };
        lines.push(`Geotag menjadi: ${g.lat.toFixed(5)}, ${g.lon.toFixed(5)}.`);
      }
      for (const m of change.members ?? []) {
        if (m.op === "meninggal") lines.push(`${nameOf(m.person_id)} meninggal pada ${date(m.death_date)}.`);
        if (m.op === "hapus") lines.push(`${nameOf(m.person_id)} dikeluarkan dari rumah tangga: ${String(m.why)}.`);
        if (m.op === "tambah") {
          const member = (m.member ?? {}) as Record<string, unknown>;
          lines.push(`Anggota baru: ${String(member.name)}, NIK ${id(member.nik)}, lahir ${date(member.birth_date)}.`);
        }
        if (m.op === "koreksi")
          lines.push(
            `Koreksi ${nameOf(m.person_id)}: ${
              [
                m.nik && `NIK ${id(m.nik)}`,
                m.name && `nama ${String(m.name)}`,
                m.birth_date && `tanggal lahir ${date(m.birth_date)}`,
              ]
                .filter(Boolean)
                .join(", ") || "belum diisi"
            }.`,
          );
      }
      break;
    }
  }
  return lines;
}
