import { sql, type SQL } from "drizzle-orm";

import { queryRows, type Database } from "@/db/engine";
import { maskIdNumber } from "@/lib/nik";

/**
 * A household's register fields as one jsonb value, with `members` (a jsonb array) beside them:
 * the shape `household_history.previous` keeps (the DTKS import writes it the same way), and what
 * a proposal remembers of its household when drafted.
 */
export function householdStateSql(h: string, members: SQL): SQL {
  const c = (column: string) => sql.raw(`${h}.${column}`);
  return sql`jsonb_build_object(
    'no_kk', ${c("no_kk")}, 'address', ${c("address")}, 'kelurahan_code', ${c("declared_kelurahan_code")},
    'rt_code', ${c("declared_rt_code")}, 'rw', ${c("rw")}, 'rt', ${c("rt")},
    'desil', ${c("desil")}, 'status', ${c("status")}, 'nonaktif_reason', ${c("nonaktif_reason")},
    'verval_status', ${c("verval_status")}, 'verval_date', ${c("verval_date")},
    'geotag', CASE WHEN ${c("geotag")} IS NULL THEN NULL ELSE json_build_array(ST_X(${c("geotag")}), ST_Y(${c("geotag")})) END,
    'members', ${members})`;
}

/** One member as `household_history` keeps it; `withId` adds the person's id (a proposal's base names members by id). */
export function memberStateSql(p: string, { withId = false } = {}): SQL {
  const id = withId ? `'id', ${p}.id, ` : "";
  return sql.raw(
    `jsonb_build_object(${id}'nik', ${p}.nik, 'name', ${p}.name, 'birth_date', ${p}.birth_date, 'sex', ${p}.sex, 'relation', ${p}.relation, 'death_date', ${p}.death_date)`,
  );
}

export interface MemberState {
  id?: number;
  nik: string | null;
  name: string;
  birth_date: string | null;
  sex: string | null;
  relation: string | null;
  death_date: string | null;
}

export interface HouseholdState {
  no_kk: string | null;
  address: string | null;
  kelurahan_code: string | null;
  rt_code: string | null;
  rw: string | null;
  rt: string | null;
  desil: number | null;
  status: string;
  nonaktif_reason: string | null;
  verval_status: string;
  verval_date: string | null;
  geotag: [number, number] | null;
  members: MemberState[];
}

/** A household's state now, members with their ids, or null when it does not exist; `lock` holds its row until the transaction ends. */
export async function householdState(
  db: Database,
  kabkota: string,
  householdId: number,
  { lock = false } = {},
): Promise<HouseholdState | null> {
  if (lock)
    await db.execute(sql`SELECT 1 FROM household WHERE kabkota_code = ${kabkota} AND id = ${householdId} FOR UPDATE`);
  const [row] = await queryRows<{ state: HouseholdState }>(
    db,
    sql`SELECT ${householdStateSql(
      "h",
      sql`coalesce((SELECT jsonb_agg(${memberStateSql("p", { withId: true })} ORDER BY p.id)
                    FROM person p WHERE p.kabkota_code = h.kabkota_code AND p.household_id = h.id), '[]'::jsonb)`,
    )} AS state
        FROM household h WHERE h.kabkota_code = ${kabkota} AND h.id = ${householdId}`,
  );
  return row?.state ?? null;
}

const FIELD_LABELS: Record<Exclude<keyof HouseholdState, "members">, string> = {
  no_kk: "No. KK",
  address: "alamat",
  kelurahan_code: "kelurahan",
  rt_code: "kode RT",
  rw: "RW",
  rt: "RT",
  desil: "desil",
  status: "status",
  nonaktif_reason: "alasan nonaktif",
  verval_status: "status verval",
  verval_date: "tanggal verval",
  geotag: "geotag",
};
const MEMBER_LABELS: Record<Exclude<keyof MemberState, "id">, string> = {
  nik: "NIK",
  name: "nama",
  birth_date: "tanggal lahir",
  sex: "jenis kelamin",
  relation: "hubungan",
  death_date: "tanggal meninggal",
};

function shown(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (key === "nik" || key === "no_kk") return maskIdNumber(String(value)) ?? "–";
  if (Array.isArray(value)) return value.map((n: number) => n.toFixed(5)).join(", ");
  return String(value);
}

/**
 * What changed between two states of a household, one line each in Bahasa Indonesia, NIK and
 * No. KK masked: why a proposal drafted on `before` may not be applied to `after`.
 */
export function stateDifferences(before: HouseholdState, after: HouseholdState): string[] {
  const lines: string[] = [];
  for (const [key, label] of Object.entries(FIELD_LABELS) as [keyof typeof FIELD_LABELS, string][]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      lines.push(`${label}: ${shown(key, before[key])} → ${shown(key, after[key])}`);
  }
  const afterById = new Map(after.members.map((m) => [m.id, m]));
  for (const member of before.members) {
    const now = afterById.get(member.id);
    if (!now) {
      lines.push(`anggota ${member.name}: tidak ada lagi`);
      continue;
    }
    for (const [key, label] of Object.entries(MEMBER_LABELS) as [keyof typeof MEMBER_LABELS, string][]) {
      if (JSON.stringify(member[key]) !== JSON.stringify(now[key]))
        lines.push(`anggota ${member.name}, ${label}: ${shown(key, member[key])} → ${shown(key, now[key])}`);
    }
  }
  const known = new Set(before.members.map((m) => m.id));
  for (const member of after.members) if (!known.has(member.id)) lines.push(`anggota baru: ${member.name}`);
  return lines;
}
