import { eventLoopPass } from "@/db/engine";
import type { FamilyRelation, NikCheck, NonaktifReason, Sex } from "@/db/schema/vocabulary";
import { normalizeAreaCode } from "@/lib/area-codes";
import { checkNoKk, idNumberText, nikCheckOf } from "@/lib/nik";

import { ROWS_PER_PROGRESS, type RowRejection } from "../batch";
import { CsvFileError } from "../csv";
import { parseDate } from "../dates";
import { DTKS_COLUMNS, mapHeaders, type DtksColumn } from "../headers";
import { controlColumnOf, controlReason, idCell, rawCells, type Table } from "../table";
import {
  readDegrees,
  readDesil,
  readHouseholdStatus,
  readNeighbourhood,
  readNonaktifReason,
  readRelation,
  readSex,
  readVervalStatus,
} from "../values";

export interface DtksHousehold {
  kabkotaCode: string;
  dtksId: string;
  noKk: string | null;
  noKkCheck: NikCheck;
  address: string | null;
  kelurahanCode: string;
  rw: string | null;
  rt: string | null;
  rtCode: string | null;
  desil: number | null;
  status: "aktif" | "nonaktif";
  nonaktifReason: NonaktifReason | null;
  vervalStatus: "terverifikasi" | "belum";
  vervalDate: string | null;
  lon: number | null;
  lat: number | null;
}

export interface DtksPerson {
  dtksId: string;
  line: number;
  nik: string | null;
  nikCheck: NikCheck;
  name: string;
  birthDate: string | null;
  sex: Sex | null;
  relation: FamilyRelation | null;
  deathDate: string | null;
}

export interface ParsedDtks {
  /** The canonical columns the file has: an absent one leaves the stored value as it is. */
  columns: DtksColumn[];
  households: DtksHousehold[];
  persons: DtksPerson[];
  rejections: RowRejection[];
  /** Facts about accepted rows the operator should see (mangled numbers, unknown relations). */
  warnings: string[];
}

export interface DtksParseContext {
  isKecamatan: (digits: string) => boolean;
  isKelurahan: (code: string) => boolean;
  /** Hears how many rows are checked, every ROWS_PER_PROGRESS rows. */
  onRows?: (done: number) => void;
}

const REQUIRED: DtksColumn[] = ["id_dtks", "nik", "nama", "kode_kelurahan"];
/** Household fields repeat on every member row and must agree within a household. */
const HOUSEHOLD_FIELDS = [
  "noKk",
  "address",
  "kelurahanCode",
  "rw",
  "rt",
  "desil",
  "status",
  "nonaktifReason",
  "vervalStatus",
  "vervalDate",
  "lon",
  "lat",
] as const satisfies ReadonlyArray<keyof DtksHousehold>;
const FIELD_COLUMN: Record<(typeof HOUSEHOLD_FIELDS)[number], DtksColumn> = {
  noKk: "no_kk",
  address: "alamat",
  kelurahanCode: "kode_kelurahan",
  rw: "rw",
  rt: "rt",
  desil: "desil",
  status: "status",
  nonaktifReason: "alasan_nonaktif",
  vervalStatus: "status_verval",
  vervalDate: "tgl_verval",
  lon: "longitude",
  lat: "latitude",
};

class RowProblem extends Error {
  constructor(
    readonly field: DtksColumn,
    message: string,
  ) {
    super(message);
  }
}

function fail(field: DtksColumn, message: string): never {
  throw new RowProblem(field, message);
}

type Member = { household: DtksHousehold; person: DtksPerson; cells: string[] };

/**
 * Validates a DTKS member list row by row. A row that cannot be read is rejected with its line,
 * field and reason; a household whose rows disagree on a household field is rejected whole.
 * An invalid NIK is not a rejection: it is stored with its check result.
 */
export async function parseDtksRows(table: Table, context: DtksParseContext): Promise<ParsedDtks> {
  const mapping = mapHeaders(table.headers, DTKS_COLUMNS);
  const missing = REQUIRED.filter((column) => mapping.columns[column] === undefined);
  if (missing.length) {
    throw new CsvFileError(`Kolom wajib tidak ada: ${missing.join(", ")}. Kolom berkas: ${table.headers.join(", ")}.`);
  }
  if (mapping.duplicated.length) throw new CsvFileError(`Kolom disebut dua kali: ${mapping.duplicated.join(", ")}.`);

  const rejections: RowRejection[] = [];
  const warnings: string[] = [];
  const byHousehold = new Map<string, Member[]>();
  // A household lands whole or not at all: its members replace the stored ones, so landing it
  // without a refused member row would delete that member from the register.
  const heldBack = new Map<string, number[]>();
  const raw = (cells: readonly string[]) => rawCells(table.headers, cells);

  // Hot loop (hundreds of thousands of rows): helpers are made once, not per row.
  let cells: string[] = [];
  const cell = (column: DtksColumn) => {
    const index = mapping.columns[column];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  const dateOf = (column: DtksColumn) => {
    const text = cell(column);
    const date = parseDate(text);
    if (text && !date) fail(column, `${column} "${text}" bukan tanggal (YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY)`);
    return date;
  };

  let checked = 0;
  for (const row of table.rows) {
    if (++checked % ROWS_PER_PROGRESS === 0) {
      context.onRows?.(checked);
      await eventLoopPass();
    }
    const line = row.line;
    cells = row.cells;
    try {
      const control = controlColumnOf(row, mapping.columns);
      if (control) fail(control, controlReason(control));
      const dtksId = cell("id_dtks") || fail("id_dtks", "id_dtks kosong");
      const name = cell("nama") || fail("nama", "nama kosong");
      const kelurahanCode = normalizeAreaCode(cell("kode_kelurahan"));
      if (!kelurahanCode || !context.isKelurahan(kelurahanCode)) {
        fail("kode_kelurahan", `kode_kelurahan "${cell("kode_kelurahan")}" bukan kelurahan yang dikenal`);
      }
      const rw = readNeighbourhood(cell("rw"));
      if (rw === undefined) fail("rw", `rw "${cell("rw")}" bukan nomor RW`);
      const rt = readNeighbourhood(cell("rt"));
      if (rt === undefined) fail("rt", `rt "${cell("rt")}" bukan nomor RT`);
      const desil = readDesil(cell("desil"));
      if (desil === undefined) fail("desil", `desil "${cell("desil")}" harus 1 sampai 10`);
      const status =
        readHouseholdStatus(cell("status")) ?? fail("status", `status "${cell("status")}" harus aktif atau nonaktif`);
      const reason = readNonaktifReason(cell("alasan_nonaktif"));
      if (reason === undefined) {
        fail(
          "alasan_nonaktif",
          `alasan_nonaktif "${cell("alasan_nonaktif")}" tidak dikenal (meninggal, pindah, mampu, ganda, menolak, tidak ditemukan)`,
        );
      }
      if (status === "nonaktif" && !reason) fail("alasan_nonaktif", "status nonaktif tanpa alasan_nonaktif");
      const vervalStatus =
        readVervalStatus(cell("status_verval")) ??
        fail("status_verval", `status_verval "${cell("status_verval")}" harus terverifikasi atau belum`);
      const birthDate = dateOf("tgl_lahir");
      const deathDate = dateOf("tgl_meninggal");
      const vervalDate = dateOf("tgl_verval");
      const sex = readSex(cell("jenis_kelamin"));
      if (sex === undefined) fail("jenis_kelamin", `jenis_kelamin "${cell("jenis_kelamin")}" harus L atau P`);
      const lat = readDegrees(cell("latitude"), 90);
      if (lat === undefined) fail("latitude", `latitude "${cell("latitude")}" bukan derajat lintang`);
      const lon = readDegrees(cell("longitude"), 180);
      if (lon === undefined) fail("longitude", `longitude "${cell("longitude")}" bukan derajat bujur`);
      if ((lat === null) !== (lon === null))
        fail(
          lat === null ? "latitude" : "longitude",
          "latitude dan longitude harus diisi berdua atau dikosongkan berdua",
        );

      const nikText = idNumberText(idCell(row, mapping.columns.nik), "NIK");
      const noKkText = idNumberText(idCell(row, mapping.columns.no_kk), "No. KK");
      for (const warning of [nikText.warning, noKkText.warning])
        if (warning) warnings.push(`Baris ${line}: ${warning}`);
      const { relation, known } = readRelation(cell("hub_keluarga"));
      if (!known)
        warnings.push(`Baris ${line}: hub_keluarga "${cell("hub_keluarga")}" tidak dikenal, dicatat sebagai "lainnya"`);

      const household: DtksHousehold = {
        kabkotaCode: kelurahanCode!.slice(0, 5),
        dtksId,
        noKk: noKkText.value,
        noKkCheck: checkNoKk(noKkText.value, context).check,
        address: cell("alamat") || null,
        kelurahanCode: kelurahanCode!,
        rw: rw ?? null,
        rt: rt ?? null,
        rtCode: rw && rt ? `${kelurahanCode}.${rw}.${rt}` : null,
        desil: desil ?? null,
        status,
        nonaktifReason: status === "nonaktif" ? reason! : null,
        vervalStatus,
        vervalDate,
        lon: lon ?? null,
        lat: lat ?? null,
      };
      const person: DtksPerson = {
        dtksId,
        line,
        nik: nikText.value,
        nikCheck: nikCheckOf(nikText, { ...context, birthDate, sex: sex ?? null }),
        name,
        birthDate,
        sex: sex ?? null,
        relation,
        deathDate,
      };
      const members = byHousehold.get(dtksId);
      if (members) members.push({ household, person, cells });
      else byHousehold.set(dtksId, [{ household, person, cells }]);
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      rejections.push({ line, field: error.field, reason: error.message, raw: raw(cells) });
      if (cell("id_dtks")) heldBack.set(cell("id_dtks"), [...(heldBack.get(cell("id_dtks")) ?? []), line]);
    }
  }

  const households: DtksHousehold[] = [];
  const persons: DtksPerson[] = [];
  for (const [dtksId, members] of byHousehold) {
    const first = members[0]!;
    const disagreement = HOUSEHOLD_FIELDS.find((field) =>
      members.some((m) => m.household[field] !== first.household[field]),
    );
    if (disagreement) {
      const column = FIELD_COLUMN[disagreement];
      const values = members.map((m) => `baris ${m.person.line}: "${m.household[disagreement] ?? ""}"`).join(", ");
      for (const member of members) {
        rejections.push({
          line: member.person.line,
          field: column,
          reason: `baris rumah tangga ${dtksId} tidak sepakat pada kolom ${column} (${values})`,
          raw: raw(member.cells),
        });
      }
      continue;
    }
    const seenNik = new Map<string, number>();
    const duplicates = new Set<number>();
    for (const member of members) {
      const earlier = member.person.nik ? seenNik.get(member.person.nik) : undefined;
      if (earlier !== undefined) {
        rejections.push({
          line: member.person.line,
          field: "nik",
          reason: `NIK ${member.person.nik} sudah ada di baris ${earlier} untuk rumah tangga yang sama`,
          raw: raw(member.cells),
        });
        duplicates.add(member.person.line);
      } else if (member.person.nik) seenNik.set(member.person.nik, member.person.line);
    }
    const refusedLines = [...(heldBack.get(dtksId) ?? []), ...duplicates];
    if (refusedLines.length) {
      for (const member of members) {
        if (duplicates.has(member.person.line)) continue;
        rejections.push({
          line: member.person.line,
          field: null,
          reason: `rumah tangga ${dtksId} ditunda utuh karena baris ${refusedLines.sort((a, b) => a - b).join(", ")} ditolak; perbaiki baris itu lalu impor lagi`,
          raw: raw(member.cells),
        });
      }
      continue;
    }
    households.push(first.household);
    for (const member of members) persons.push(member.person);
  }
  rejections.sort((a, b) => a.line - b.line);
  const columns = (Object.keys(DTKS_COLUMNS) as DtksColumn[]).filter((column) => mapping.columns[column] !== undefined);
  return { columns, households, persons, rejections, warnings };
}
