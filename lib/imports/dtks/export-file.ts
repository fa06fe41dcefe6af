import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { writeCsv } from "@/lib/exports";

import { DTKS_COLUMNS, type DtksColumn } from "../headers";

/** Text columns, and the geotag as numbers: as text, a negative latitude would be neutralized as a formula. */
type MemberRow = Record<DtksColumn, string | number | null>;

/**
 * The register of a kabupaten/kota as a DTKS member list in the import format (one row per
 * person, canonical headers), so a file Tepat writes can be read back by the importer.
 */
export async function exportDtksMemberList({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; /** The first N households by id; all when absent. */ households?: number };
}): Promise<{ csv: string; households: number; rows: number }> {
  const rows = await queryRows<MemberRow>(
    ctx.db,
    sql`
      WITH chosen AS (
        SELECT * FROM household WHERE kabkota_code = ${input.kabkotaCode}
        ORDER BY id ${input.households === undefined ? sql`` : sql`LIMIT ${input.households}`}
      )
      SELECT h.dtks_id AS id_dtks, h.no_kk, p.nik, p.name AS nama, p.birth_date::text AS tgl_lahir, p.sex::text AS jenis_kelamin,
             p.relation::text AS hub_keluarga, h.address AS alamat, h.declared_kelurahan_code AS kode_kelurahan, h.rw, h.rt,
             h.desil::text AS desil, h.status::text AS status, h.nonaktif_reason::text AS alasan_nonaktif,
             p.death_date::text AS tgl_meninggal, h.verval_status::text AS status_verval, h.verval_date::text AS tgl_verval,
             ST_Y(h.geotag) AS latitude, ST_X(h.geotag) AS longitude
      FROM chosen h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      ORDER BY h.id, p.id`,
  );
  const columns = Object.keys(DTKS_COLUMNS) as DtksColumn[];
  const csv = writeCsv([columns, ...rows.map((row) => columns.map((column) => row[column]))]);
  return { csv, households: new Set(rows.map((row) => row.id_dtks)).size, rows: rows.length };
}
