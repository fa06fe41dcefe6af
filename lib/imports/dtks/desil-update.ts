import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { idNumberText } from "@/lib/nik";

import type { RowRejection } from "../batch";
import { CsvFileError } from "../csv";
import { DTKS_COLUMNS, mapHeaders, type DtksColumn, type HeaderMapping } from "../headers";
import { controlColumnOf, controlReason, idCell, rejectionOf, type Table } from "../table";
import { readDesil } from "../values";

/**
 * A DTSEN desil list: NIK, name and desil, without the household columns of a full export
 * (id_dtks, kode_kelurahan). It updates the desil of the households of persons the register knows.
 */
export function isDesilList(mapping: HeaderMapping<DtksColumn>): boolean {
  const has = (column: DtksColumn) => mapping.columns[column] !== undefined;
  return has("nik") && has("desil") && !has("id_dtks") && !has("kode_kelurahan");
}

export interface DesilRow {
  line: number;
  nik: string;
  name: string;
  desil: number;
}

/** The rows of a desil list that can be read; the others refused with their line and field. */
export function parseDesilRows(table: Table): { rows: DesilRow[]; rejections: RowRejection[] } {
  const mapping = mapHeaders(table.headers, DTKS_COLUMNS);
  if (mapping.columns.nama === undefined)
    throw new CsvFileError(
      `Daftar desil perlu kolom nama di samping nik dan desil. Kolom berkas: ${table.headers.join(", ")}.`,
    );
  if (mapping.duplicated.length) throw new CsvFileError(`Kolom disebut dua kali: ${mapping.duplicated.join(", ")}.`);
  const rows: DesilRow[] = [];
  const rejections: RowRejection[] = [];
  for (const row of table.rows) {
    const cell = (column: DtksColumn) => (row.cells[mapping.columns[column]!] ?? "").trim();
    const refuse = (field: DtksColumn, reason: string) => rejections.push(rejectionOf(table, row, field, reason));
    const control = controlColumnOf(row, mapping.columns);
    if (control) {
      refuse(control, controlReason(control));
      continue;
    }
    const nik = idNumberText(idCell(row, mapping.columns.nik), "NIK");
    if (!nik.value || nik.mangled || !/^\d{16}$/.test(nik.value)) {
      refuse("nik", `NIK "${cell("nik")}" harus 16 angka untuk mencari anggota di register`);
      continue;
    }
    const name = cell("nama");
    if (!name) {
      refuse("nama", "nama kosong");
      continue;
    }
    const desil = readDesil(cell("desil"));
    if (!desil) {
      refuse("desil", `desil "${cell("desil")}" harus 1 sampai 10`);
      continue;
    }
    rows.push({ line: row.line, nik: nik.value, name, desil });
  }
  return { rows, rejections };
}

/** How alike a list's name and the register's must be (trigram similarity of name keys) to take the NIK as that person's. */
const SAME_NAME = 0.5;

export interface DesilMatch {
  line: number;
  householdId: number;
  /** The household's desil before the list. */
  previous: number | null;
  desil: number;
}

/**
 * Finds each row's person by NIK among the living members of the kabupaten/kota's households.
 * A row is refused when no household holds its NIK, when several do (a register duplicate to
 * settle first), when its name is not the register's (a NIK typed for another person), and
 * when another row gives the same household another desil.
 */
export async function matchDesilRows(
  ctx: Context,
  input: { kabkotaCode: string; table: Table; rows: DesilRow[] },
): Promise<{ matches: DesilMatch[]; rejections: RowRejection[] }> {
  const found = await queryRows<{
    line: number;
    households: number;
    household_id: number | null;
    desil: number | null;
    similarity: number | null;
  }>(
    ctx.db,
    sql`
      SELECT x.line, count(p.id)::int AS households, min(p.household_id)::int AS household_id,
             min(h.desil)::int AS desil, max(similarity(p.name_key, tepat_name_key(x.name)))::float8 AS similarity
      FROM json_to_recordset(${JSON.stringify(input.rows)}::json) AS x(line int, nik text, name text, desil int)
      LEFT JOIN person p ON p.kabkota_code = ${input.kabkotaCode} AND p.nik = x.nik AND p.death_date IS NULL
      LEFT JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      GROUP BY x.line ORDER BY x.line`,
  );
  const rowOf = new Map(input.rows.map((row) => [row.line, row]));
  const tableRowOf = new Map(input.table.rows.map((row) => [row.line, row]));
  const rejections: RowRejection[] = [];
  const refuse = (line: number, field: DtksColumn, reason: string) =>
    rejections.push(rejectionOf(input.table, tableRowOf.get(line)!, field, reason));
  const byHousehold = new Map<number, DesilMatch>();
  for (const match of found) {
    const row = rowOf.get(match.line)!;
    if (match.households === 0 || match.household_id === null) {
      refuse(
        row.line,
        "nik",
        "NIK tidak ada di register (anggota yang masih hidup); desil hanya diperbarui untuk rumah tangga yang sudah ada",
      );
      continue;
    }
    if (match.households > 1) {
      refuse(
        row.line,
        "nik",
        `NIK tercatat di ${match.households} rumah tangga; selesaikan data ganda ini dulu lewat verval`,
      );
      continue;
    }
    if ((match.similarity ?? 0) < SAME_NAME) {
      refuse(
        row.line,
        "nama",
        `nama "${row.name}" tidak sesuai dengan nama pemilik NIK ini di register; periksa NIK-nya`,
      );
      continue;
    }
    const earlier = byHousehold.get(match.household_id);
    if (earlier && earlier.desil !== row.desil) {
      refuse(
        row.line,
        "desil",
        `desil ${row.desil} berbeda dengan desil ${earlier.desil} di baris ${earlier.line} untuk rumah tangga yang sama`,
      );
      continue;
    }
    if (!earlier)
      byHousehold.set(match.household_id, {
        line: row.line,
        householdId: match.household_id,
        previous: match.desil,
        desil: row.desil,
      });
  }
  return { matches: [...byHousehold.values()], rejections };
}

/**
 * Writes the desil of each matched household whose desil changes, keeping its state before in
 * household_history and marking it with the batch. Returns how many changed.
 */
export async function writeDesilUpdates(
  ctx: Context,
  input: { kabkotaCode: string; batchId: number; matches: DesilMatch[] },
): Promise<number> {
  const changes = input.matches
    .filter((m) => m.previous !== m.desil)
    .map((m) => ({ household_id: m.householdId, desil: m.desil }));
  if (!changes.length) return 0;
  const [written] = await queryRows<{ changed: number }>(
    ctx.db,
    sql`
      WITH change AS (
        SELECT x.household_id, x.desil FROM json_to_recordset(${JSON.stringify(changes)}::json) AS x(household_id bigint, desil int)
      ), history AS (
        INSERT INTO household_history (kabkota_code, household_id, import_batch_id, previous)
        SELECT h.kabkota_code, h.id, ${input.batchId},
               jsonb_build_object('desil', h.desil, 'status', h.status, 'nonaktif_reason', h.nonaktif_reason,
                                  'verval_status', h.verval_status, 'verval_date', h.verval_date)
        FROM change c JOIN household h ON h.kabkota_code = ${input.kabkotaCode} AND h.id = c.household_id
        RETURNING household_id
      ), updated AS (
        UPDATE household h SET desil = c.desil, import_batch_id = ${input.batchId}, updated_at = now()
        FROM change c WHERE h.kabkota_code = ${input.kabkotaCode} AND h.id = c.household_id
        RETURNING h.id
      )
      SELECT count(*)::int AS changed FROM updated`,
  );
  return written!.changed;
}
