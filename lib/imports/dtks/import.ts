import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import { homeKabkotaCode, kecamatanLookup, kelurahanCodeSet } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { rootMessage, UserError } from "@/lib/errors";
import { matchReceipts } from "@/lib/matching";
import { joinHouseholdsToAreas } from "@/lib/spatial";
import { findLandedBatch, recordFailedBatch, recordRefusedBatch, type RowRejection, sha256, storeRejections } from "../batch";
import { readTable } from "../table";
import type { DtksColumn } from "../headers";
import { type DtksHousehold, type DtksPerson, parseDtksRows } from "./parse-rows";

export interface DtksImportReport {
  batchId: number;
  /** True when this very file had landed before: nothing was changed. */
  alreadyImported: boolean;
  rows: number;
  households: number;
  persons: number;
  newHouseholds: number;
  changedHouseholds: number;
  rejections: RowRejection[];
  warnings: string[];
}

/** Rows per statement when staging: each chunk travels as one JSON parameter. */
const STAGE_CHUNK = 10_000;

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

async function stage(ctx: Context, households: DtksHousehold[], persons: DtksPerson[]): Promise<void> {
  await ctx.db.execute(sql`
    CREATE TEMP TABLE dtks_stage_household (
      kabkota_code text, dtks_id text, no_kk text, no_kk_check nik_check, address text, kelurahan_code text,
      rw text, rt text, rt_code text, desil smallint, status household_status, nonaktif_reason nonaktif_reason,
      verval_status verval_status, verval_date date, lon double precision, lat double precision
    ) ON COMMIT DROP`);
  await ctx.db.execute(sql`
    CREATE TEMP TABLE dtks_stage_person (
      dtks_id text, line int, nik text, nik_check nik_check, name text, birth_date date, sex sex,
      relation family_relation, death_date date
    ) ON COMMIT DROP`);
  for (let at = 0; at < households.length; at += STAGE_CHUNK) {
    await ctx.db.execute(sql`
      INSERT INTO dtks_stage_household
      SELECT * FROM json_to_recordset(${JSON.stringify(households.slice(at, at + STAGE_CHUNK))}::json) AS x(
        "kabkotaCode" text, "dtksId" text, "noKk" text, "noKkCheck" nik_check, address text, "kelurahanCode" text,
        rw text, rt text, "rtCode" text, desil smallint, status household_status, "nonaktifReason" nonaktif_reason,
        "vervalStatus" verval_status, "vervalDate" date, lon double precision, lat double precision)`);
  }
  for (let at = 0; at < persons.length; at += STAGE_CHUNK) {
    await ctx.db.execute(sql`
      INSERT INTO dtks_stage_person
      SELECT * FROM json_to_recordset(${JSON.stringify(persons.slice(at, at + STAGE_CHUNK))}::json) AS x(
        "dtksId" text, line int, nik text, "nikCheck" nik_check, name text, "birthDate" date, sex sex,
        relation family_relation, "deathDate" date)`);
  }
}

/** Stage columns filled from the stored household when the file lacks the column. */
const HOUSEHOLD_FIELDS_BY_COLUMN: Partial<Record<DtksColumn, string[]>> = {
  no_kk: ["no_kk = h.no_kk", "no_kk_check = h.no_kk_check"],
  alamat: ["address = h.address"],
  rw: ["rw = h.rw", "rt_code = h.declared_rt_code"],
  rt: ["rt = h.rt", "rt_code = h.declared_rt_code"],
  desil: ["desil = h.desil"],
  status: ["status = h.status", "nonaktif_reason = h.nonaktif_reason"],
  status_verval: ["verval_status = h.verval_status"],
  tgl_verval: ["verval_date = h.verval_date"],
  latitude: ["lon = ST_X(h.geotag)", "lat = ST_Y(h.geotag)"],
  longitude: ["lon = ST_X(h.geotag)", "lat = ST_Y(h.geotag)"],
};
const PERSON_FIELDS_BY_COLUMN: Partial<Record<DtksColumn, string>> = {
  tgl_lahir: "birth_date = p.birth_date",
  jenis_kelamin: "sex = p.sex",
  hub_keluarga: "relation = p.relation",
  tgl_meninggal: "death_date = p.death_date",
};

/**
 * An export without, say, a status or a tgl_meninggal column says nothing about them: the
 * stored values stay (households by id_dtks, members by NIK within their household).
 */
async function keepStoredValuesOfAbsentColumns(ctx: Context, present: DtksColumn[]): Promise<void> {
  const absent = (Object.keys(HOUSEHOLD_FIELDS_BY_COLUMN) as DtksColumn[]).filter((column) => !present.includes(column));
  const householdSets = [...new Set(absent.flatMap((column) => HOUSEHOLD_FIELDS_BY_COLUMN[column]!))];
  if (householdSets.length) {
    await ctx.db.execute(sql`
      UPDATE dtks_stage_household s SET ${sql.raw(householdSets.join(", "))}
      FROM household h WHERE h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id`);
  }
  const personSets = (Object.keys(PERSON_FIELDS_BY_COLUMN) as DtksColumn[]).filter((column) => !present.includes(column)).map((column) => PERSON_FIELDS_BY_COLUMN[column]!);
  if (personSets.length) {
    await ctx.db.execute(sql`
      UPDATE dtks_stage_person sp SET ${sql.raw(personSets.join(", "))}
      FROM dtks_stage_household s
      JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
      JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      WHERE sp.dtks_id = s.dtks_id AND p.nik = sp.nik`);
  }
}

/**
 * Imports a DTKS member list (one row per person) as one batch: all accepted rows land or none
 * do. Households are upserted by (kabkota, id_dtks); a household whose register fields or
 * members changed keeps its previous state in household_history; its members are replaced by
 * the file's. Rejected rows are kept with their reason. The same file a second time changes
 * nothing. Afterwards the spatial join and the receipt matching run for the cities touched.
 */
export async function importDtks({ ctx, input }: { ctx: Context; input: { fileName: string; bytes: Uint8Array } }): Promise<DtksImportReport> {
  const fileSha256 = sha256(input.bytes);
  const landed = await findLandedBatch(ctx, { kind: "dtks", fileSha256 });
  if (landed) {
    return { batchId: landed.id, alreadyImported: true, rows: 0, households: 0, persons: 0, newHouseholds: 0, changedHouseholds: 0, rejections: [], warnings: [] };
  }

  const kelurahanCodes = await kelurahanCodeSet(ctx);
  const isKecamatan = await kecamatanLookup();
  let parsed: ReturnType<typeof parseDtksRows>;
  let rows = 0;
  try {
    const table = readTable(input.fileName, input.bytes);
    rows = table.rows.length;
    parsed = parseDtksRows(table, { isKecamatan, isKelurahan: (code) => kelurahanCodes.has(code) });
  } catch (error) {
    if (error instanceof UserError) await recordRefusedBatch(ctx, { kind: "dtks", fileName: input.fileName, fileSha256, message: error.message });
    throw error;
  }
  const kabkotaCode = mostCommon(parsed.households.map((h) => h.kabkotaCode)) ?? (await homeKabkotaCode(ctx));
  if (parsed.persons.length === 0) {
    const message = `Berkas ${input.fileName} ditolak: tidak ada baris yang sah dari ${rows} baris.`;
    await recordRefusedBatch(ctx, { kind: "dtks", fileName: input.fileName, fileSha256, message, kabkotaCode, rejections: parsed.rejections });
    throw new UserError(message, parsed.rejections.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`));
  }

  const result = await ctx.db.transaction(async (tx) => {
    const txCtx: Context = { ...ctx, db: tx };
    const [batch] = await queryRows<{ id: number }>(
      tx,
      sql`INSERT INTO import_batch (kind, kabkota_code, file_name, file_sha256, status, rows_total)
          VALUES ('dtks', ${kabkotaCode}, ${input.fileName}, ${fileSha256}, 'berjalan', ${rows}) RETURNING id::int AS id`,
    );
    const batchId = batch!.id;
    await stage(txCtx, parsed.households, parsed.persons);

    await keepStoredValuesOfAbsentColumns(txCtx, parsed.columns);

    // The state before the change, for every existing household whose fields or members differ.
    const memberJson = (p: string) => sql.raw(
      `jsonb_build_object('nik', ${p}.nik, 'name', ${p}.name, 'birth_date', ${p}.birth_date, 'sex', ${p}.sex, 'relation', ${p}.relation, 'death_date', ${p}.death_date)`,
    );
    const [history] = await queryRows<{ changed: number }>(
      tx,
      sql`
        WITH targets AS (
          SELECT h.kabkota_code, h.id, s.dtks_id FROM dtks_stage_household s
          JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
        ), current_members AS (
          SELECT t.id, jsonb_agg(${memberJson("p")} ORDER BY p.id) AS members
          FROM targets t JOIN person p ON p.kabkota_code = t.kabkota_code AND p.household_id = t.id
          GROUP BY t.id
        ), incoming_members AS (
          SELECT p.dtks_id, jsonb_agg(${memberJson("p")} ORDER BY p.line) AS members
          FROM dtks_stage_person p GROUP BY p.dtks_id
        ), compared AS (
          SELECT h.kabkota_code, h.id,
                 jsonb_build_object(
                   'no_kk', h.no_kk, 'address', h.address, 'kelurahan_code', h.declared_kelurahan_code, 'rt_code', h.declared_rt_code,
                   'desil', h.desil, 'status', h.status, 'nonaktif_reason', h.nonaktif_reason,
                   'verval_status', h.verval_status, 'verval_date', h.verval_date,
                   'geotag', CASE WHEN h.geotag IS NULL THEN NULL ELSE json_build_array(ST_X(h.geotag), ST_Y(h.geotag)) END,
                   'members', coalesce(cm.members, '[]'::jsonb)
                 ) AS previous,
                 jsonb_build_object(
                   'no_kk', s.no_kk, 'address', s.address, 'kelurahan_code', s.kelurahan_code, 'rt_code', s.rt_code,
                   'desil', s.desil, 'status', s.status, 'nonaktif_reason', s.nonaktif_reason,
                   'verval_status', s.verval_status, 'verval_date', s.verval_date,
                   'geotag', CASE WHEN s.lon IS NULL THEN NULL ELSE json_build_array(s.lon, s.lat) END,
                   'members', coalesce(im.members, '[]'::jsonb)
                 ) AS incoming
          FROM targets t
          JOIN household h ON h.kabkota_code = t.kabkota_code AND h.id = t.id
          JOIN dtks_stage_household s ON s.dtks_id = t.dtks_id AND s.kabkota_code = t.kabkota_code
          LEFT JOIN current_members cm ON cm.id = t.id
          LEFT JOIN incoming_members im ON im.dtks_id = t.dtks_id
        ), changed AS (
          INSERT INTO household_history (kabkota_code, household_id, import_batch_id, previous)
          SELECT kabkota_code, id, ${batchId}, previous FROM compared WHERE previous IS DISTINCT FROM incoming
          RETURNING household_id
        )
        SELECT count(*)::int AS changed FROM changed`,
    );

    const upserted = await queryRows<{ inserted: boolean }>(
      tx,
      sql`
        INSERT INTO household AS h (kabkota_code, dtks_id, no_kk, no_kk_check, address, declared_kelurahan_code, declared_rt_code,
                               rw, rt, geotag, desil, status, nonaktif_reason, verval_status, verval_date, import_batch_id)
        SELECT kabkota_code, dtks_id, no_kk, no_kk_check, address, kelurahan_code, rt_code, rw, rt,
               CASE WHEN lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END,
               desil, status, nonaktif_reason, verval_status, verval_date, ${batchId}
        FROM dtks_stage_household
        ON CONFLICT (kabkota_code, dtks_id) DO UPDATE SET
          no_kk = EXCLUDED.no_kk, no_kk_check = EXCLUDED.no_kk_check, address = EXCLUDED.address,
          declared_kelurahan_code = EXCLUDED.declared_kelurahan_code, declared_rt_code = EXCLUDED.declared_rt_code,
          rw = EXCLUDED.rw, rt = EXCLUDED.rt, geotag = EXCLUDED.geotag, desil = EXCLUDED.desil, status = EXCLUDED.status,
          nonaktif_reason = EXCLUDED.nonaktif_reason, verval_status = EXCLUDED.verval_status, verval_date = EXCLUDED.verval_date,
          import_batch_id = EXCLUDED.import_batch_id, updated_at = now()
        RETURNING (xmax = 0) AS inserted`,
    );

    await tx.execute(sql`
      DELETE FROM person p USING dtks_stage_household s, household h
      WHERE h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
        AND p.kabkota_code = h.kabkota_code AND p.household_id = h.id`);
    await tx.execute(sql`
      INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation, death_date)
      SELECT h.kabkota_code, h.id, p.nik, p.nik_check, p.name, p.birth_date, p.sex, p.relation, p.death_date
      FROM dtks_stage_person p
      JOIN dtks_stage_household s ON s.dtks_id = p.dtks_id
      JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
      ORDER BY p.line`);

    await storeRejections(txCtx, batchId, kabkotaCode, parsed.rejections);
    const newHouseholds = upserted.filter((row) => row.inserted).length;
    await tx.execute(sql`
      UPDATE import_batch SET status = 'selesai', finished_at = now(),
        rows_accepted = ${parsed.persons.length}, rows_rejected = ${parsed.rejections.length},
        message = ${`${parsed.households.length} rumah tangga (${newHouseholds} baru, ${history!.changed} berubah), ${parsed.persons.length} anggota; ${parsed.rejections.length} baris ditolak.`},
        details = ${JSON.stringify({ warnings: parsed.warnings.slice(0, 1000) })}::jsonb
      WHERE id = ${batchId}`);
    return { batchId, newHouseholds, changedHouseholds: history!.changed };
  }).catch(async (error: unknown) => {
    // The transaction rolled back; the attempt itself is remembered.
    await recordFailedBatch(ctx, { kind: "dtks", fileName: input.fileName, fileSha256, kabkotaCode, message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}` });
    throw error;
  });

  for (const code of new Set(parsed.households.map((h) => h.kabkotaCode))) {
    await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: code } });
    await matchReceipts({ ctx, input: { kabkotaCode: code } });
  }
  return {
    ...result,
    alreadyImported: false,
    rows,
    households: parsed.households.length,
    persons: parsed.persons.length,
    rejections: parsed.rejections,
    warnings: parsed.warnings,
  };
}
