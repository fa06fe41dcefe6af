import { sql } from "drizzle-orm";

import { queryRows, type Database } from "@/db/engine";
import type { NationalCheck, ProposalKind } from "@/db/schema/vocabulary";
import { maskIdNumber } from "@/lib/nik";

import type { HouseholdState } from "./snapshot";

/** What a national DTKS/DTSEN file says, as far as an applied proposal can be checked against it. */
export interface NationalFile {
  /** The DTKS columns the file has: a field it lacks is not judged. */
  columns: ReadonlySet<string>;
  households: ReadonlyArray<{
    dtksId: string;
    noKk: string | null;
    address: string | null;
    kelurahanCode: string;
    rw: string | null;
    rt: string | null;
    status: "aktif" | "nonaktif";
  }>;
  persons: ReadonlyArray<{ dtksId: string; nik: string | null; name: string; deathDate: string | null }>;
}

interface AppliedProposal {
  id: number;
  kind: ProposalKind;
  kelurahan_code: string;
  dtks_id: string | null;
  change: {
    household?: Record<string, string | undefined>;
    members?: Array<{
      op?: string;
      person_id?: number;
      nik?: string;
      name?: string;
      member?: { nik?: string; name: string };
    }>;
  };
  base: HouseholdState | null;
}

type FileHousehold = NationalFile["households"][number];
type FilePerson = NationalFile["persons"][number];

/** A national file looked up by ID DTKS (households, their members) and by NIK (the households holding it). */
interface NationalIndex {
  households: Map<string, FileHousehold>;
  persons: Map<string, FilePerson[]>;
  householdsOfNik: Map<string, string[]>;
}

function indexFile(file: NationalFile): NationalIndex {
  const index: NationalIndex = {
    households: new Map(file.households.map((h) => [h.dtksId, h])),
    persons: new Map(),
    householdsOfNik: new Map(),
  };
  for (const person of file.persons) {
    const members = index.persons.get(person.dtksId);
    if (members) members.push(person);
    else index.persons.set(person.dtksId, [person]);
    if (!person.nik) continue;
    const holders = index.householdsOfNik.get(person.nik);
    if (holders) holders.push(person.dtksId);
    else index.householdsOfNik.set(person.nik, [person.dtksId]);
  }
  return index;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? "").trim().toLowerCase().replace(/\s+/g, " ") === (b ?? "").trim().toLowerCase().replace(/\s+/g, " ");

/** The household fields a `perubahan` may set, with the DTKS column that carries each and its label. */
const HOUSEHOLD_FIELDS = [
  { field: "address", column: "alamat", label: "alamat", of: (h: FileHousehold) => h.address },
  { field: "rw", column: "rw", label: "RW", of: (h: FileHousehold) => h.rw },
  { field: "rt", column: "rt", label: "RT", of: (h: FileHousehold) => h.rt },
  { field: "no_kk", column: "no_kk", label: "No. KK", of: (h: FileHousehold) => h.noKk },
  {
    field: "kelurahan_code",
    column: "kode_kelurahan",
    label: "kode kelurahan",
    of: (h: FileHousehold) => h.kelurahanCode,
  },
] as const;

/**
 * Where a national file still disagrees with an applied proposal, in sentences (NIK and No. KK
 * masked); none when the file reflects it. A household absent from a file that covers its
 * kelurahan has left the national register: that reflects a deactivation and nothing else.
 */
function nationalDifferences(proposal: AppliedProposal, file: NationalFile, index: NationalIndex): string[] {
  const household = proposal.dtks_id ? index.households.get(proposal.dtks_id) : undefined;
  const members = household ? (index.persons.get(household.dtksId) ?? []) : [];
  const memberByNik = (nik: string | undefined | null) => (nik ? members.find((m) => m.nik === nik) : undefined);
  const masked = (nik: string | null | undefined) => maskIdNumber(nik ?? null) ?? "tanpa NIK";
  switch (proposal.kind) {
    case "nonaktif":
      return household && file.columns.has("status") && household.status === "aktif"
        ? ["rumah tangga masih berstatus aktif di data nasional"]
        : [];
    case "aktif_kembali":
      if (!household) return ["rumah tangga tidak ada di data nasional"];
      return household.status === "aktif" ? [] : ["rumah tangga masih berstatus nonaktif di data nasional"];
    case "baru": {
      const niks = (proposal.change.members ?? []).map((m) => m.nik).filter((n): n is string => Boolean(n));
      const found = new Map<string, number>();
      for (const nik of niks)
        for (const dtksId of index.householdsOfNik.get(nik) ?? []) found.set(dtksId, (found.get(dtksId) ?? 0) + 1);
      const best = [...found].sort((a, b) => b[1] - a[1])[0];
      if (!best) return ["rumah tangga baru belum ada di data nasional"];
      const listed = new Set((index.persons.get(best[0]) ?? []).map((p) => p.nik));
      return niks
        .filter((nik) => !listed.has(nik))
        .map((nik) => `anggota ${masked(nik)} belum tercatat di data nasional`);
    }
    case "perubahan": {
      if (!household) return ["rumah tangga tidak ada di data nasional"];
      const differences: string[] = [];
      const wanted = proposal.change.household ?? {};
      for (const { field, column, label, of } of HOUSEHOLD_FIELDS) {
        const value = wanted[field];
        if (value === undefined || !file.columns.has(column) || same(of(household), value)) continue;
        const show = (v: string | null | undefined) => (field === "no_kk" ? masked(v) : `"${v ?? ""}"`);
        differences.push(`${label}: data nasional ${show(of(household))}, usulan ${show(value)}`);
      }
      const nikOf = (personId: number | undefined) => proposal.base?.members.find((m) => m.id === personId)?.nik;
      for (const change of proposal.change.members ?? []) {
        const nik =
          change.op === "tambah" ? change.member?.nik : change.op === "koreksi" ? change.nik : nikOf(change.person_id);
        const person = memberByNik(nik);
        const who = `anggota ${masked(nik)}`;
        if (change.op === "meninggal" && person && !person.deathDate && file.columns.has("tgl_meninggal"))
          differences.push(`${who} masih tercatat hidup di data nasional`);
        if (change.op === "hapus" && person) differences.push(`${who} masih tercatat sebagai anggota di data nasional`);
        if (change.op === "tambah" && nik && !person)
          differences.push(`${who} belum tercatat sebagai anggota di data nasional`);
        if (change.op === "koreksi" && nik && !person)
          differences.push(`NIK ${masked(nik)} belum dikoreksi di data nasional`);
        if (change.op === "koreksi" && person && change.name && !same(person.name, change.name))
          differences.push(`nama ${who}: data nasional "${person.name}", usulan "${change.name}"`);
      }
      return differences;
    }
  }
}

/**
 * Marks every applied proposal a newer national file covers (its household is in the file, or the
 * file carries its kelurahan): `tercermin` where the file agrees, `tidak_tercermin` with the
 * differences where it still says otherwise. Runs in the import's transaction, before the file
 * overwrites the register. Answers the counts.
 */
export async function checkAppliedProposals(
  db: Database,
  input: { kabkotaCode: string; batchId: number; file: NationalFile },
): Promise<Record<NationalCheck, number>> {
  const { file } = input;
  const applied = await queryRows<AppliedProposal>(
    db,
    sql`SELECT p.id::int AS id, p.kind, p.kelurahan_code, h.dtks_id, p.change, p.base
        FROM proposal p LEFT JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${input.kabkotaCode} AND p.state = 'diterapkan'`,
  );
  const counts: Record<NationalCheck, number> = { tercermin: 0, tidak_tercermin: 0 };
  if (!applied.length) return counts;
  const index = indexFile(file);
  const kelurahan = new Set(file.households.map((h) => h.kelurahanCode));
  const results = applied
    .filter(
      (p) =>
        (p.dtks_id !== null && index.households.has(p.dtks_id)) ||
        kelurahan.has(p.kelurahan_code) ||
        (p.change.household?.kelurahan_code !== undefined && kelurahan.has(p.change.household.kelurahan_code)),
    )
    .map((p) => {
      const differences = nationalDifferences(p, file, index);
      const check: NationalCheck = differences.length ? "tidak_tercermin" : "tercermin";
      counts[check] += 1;
      return { id: p.id, check, differences };
    });
  if (results.length)
    await db.execute(sql`
      UPDATE proposal p SET national_check = r."check", national_differences = r.differences,
                            national_batch_id = ${input.batchId}, national_checked_at = now()
      FROM jsonb_to_recordset(${JSON.stringify(results)}::jsonb) AS r(id bigint, "check" national_check, differences jsonb)
      WHERE p.kabkota_code = ${input.kabkotaCode} AND p.id = r.id`);
  return counts;
}
