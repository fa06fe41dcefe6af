import { sql, type SQLWrapper } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { importBatch } from "@/db/schema";
import type { NationalCheck } from "@/db/schema/vocabulary";
import { actorUserId, assertCan } from "@/lib/access";
import { homeKabkotaCode, kecamatanLookup, kelurahanCodeSet } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { analyzeAfterWrite } from "@/lib/db";
import { rootMessage, UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { matchReceipts } from "@/lib/matching";
import { recordedNote, recordPastRelease, recordRelease, releaseMode, type ReleaseInput } from "@/lib/releases";
import { placementColumnList, placementOf } from "@/lib/spatial";
import { checkAppliedProposals } from "@/lib/verval";

import {
  findLandedBatch,
  finishBatch,
  recordFailedBatch,
  recordRefusedBatch,
  sha256,
  takeImportTurn,
  type ImportProgress,
  type RowRejection,
} from "../batch";
import { DTKS_COLUMNS, mapHeaders, type DtksColumn } from "../headers";
import { applyColumnMapping, type ColumnMapping } from "../presets";
import { openStage, type Stage, type StageColumn } from "../stage";
import { readTable, type Table } from "../table";
import { isDesilList, matchDesilRows, parseDesilRows, writeDesilUpdates } from "./desil-update";
import { parseDtksRows, type ParsedDtks } from "./parse-rows";

export interface DtksImportReport {
  batchId: number;
  /** True when this very file had landed before: nothing was changed. */
  alreadyImported: boolean;
  rows: number;
  households: number;
  persons: number;
  newHouseholds: number;
  changedHouseholds: number;
  /** Applied proposals the file covers, by whether it reflects them (lib/verval/national.ts). */
  proposals: Record<NationalCheck, number>;
  /** A DTSEN desil list (NIK, name, desil): it changed only the desil of known households. */
  desilList: boolean;
  /** A release older than the latest held: recorded beside the register, which it left as it was. */
  pastRelease: boolean;
  /** The release the file was recorded as, with the households it now lists. */
  release: { name: string; date: string; households: number } | null;
  rejections: RowRejection[];
  warnings: string[];
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const HOUSEHOLD_STAGE: StageColumn[] = [
  { name: "kabkota_code", type: "text", joined: true },
  { name: "dtks_id", type: "text", joined: true },
  { name: "no_kk", type: "text" },
  { name: "no_kk_check", type: "nik_check" },
  { name: "address", type: "text" },
  { name: "kelurahan_code", type: "text" },
  { name: "rw", type: "text" },
  { name: "rt", type: "text" },
  { name: "rt_code", type: "text" },
  { name: "desil", type: "smallint" },
  { name: "status", type: "household_status" },
  { name: "nonaktif_reason", type: "nonaktif_reason" },
  { name: "verval_status", type: "verval_status" },
  { name: "verval_date", type: "date" },
  { name: "lon", type: "double precision" },
  { name: "lat", type: "double precision" },
];
const PERSON_STAGE: StageColumn[] = [
  { name: "dtks_id", type: "text", joined: true },
  { name: "line", type: "int" },
  { name: "nik", type: "text", joined: true },
  { name: "nik_check", type: "nik_check" },
  { name: "name", type: "text" },
  { name: "birth_date", type: "date" },
  { name: "sex", type: "sex" },
  { name: "relation", type: "family_relation" },
  { name: "death_date", type: "date" },
];

/** The parsed file in two stage tables, loaded through COPY. */
async function stage(ctx: Context, parsed: ParsedDtks): Promise<{ households: Stage; persons: Stage }> {
  const households = await openStage(ctx, "dtks_rt", HOUSEHOLD_STAGE);
  const persons = await openStage(ctx, "dtks_art", PERSON_STAGE).catch(async (error: unknown) => {
    await households.drop();
    throw error;
  });
  // Each COPY has a connection of its own on a server, so the two tables load side by side.
  const loads = await Promise.allSettled([
    households.load(
      (function* () {
        for (const h of parsed.households)
          yield [
            h.kabkotaCode,
            h.dtksId,
            h.noKk,
            h.noKkCheck,
            h.address,
            h.kelurahanCode,
            h.rw,
            h.rt,
            h.rtCode,
            h.desil,
            h.status,
            h.nonaktifReason,
            h.vervalStatus,
            h.vervalDate,
            h.lon,
            h.lat,
          ];
      })(),
    ),
    persons.load(
      (function* () {
        for (const p of parsed.persons)
          yield [p.dtksId, p.line, p.nik, p.nikCheck, p.name, p.birthDate, p.sex, p.relation, p.deathDate];
      })(),
    ),
  ]);
  const failed = loads.find((load) => load.status === "rejected");
  if (failed) {
    await households.drop();
    await persons.drop();
    throw failed.reason;
  }
  return { households, persons };
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
async function keepStoredValuesOfAbsentColumns(
  ctx: Context,
  staged: { households: Stage; persons: Stage },
  present: DtksColumn[],
): Promise<void> {
  const absent = (Object.keys(HOUSEHOLD_FIELDS_BY_COLUMN) as DtksColumn[]).filter(
    (column) => !present.includes(column),
  );
  const householdSets = [...new Set(absent.flatMap((column) => HOUSEHOLD_FIELDS_BY_COLUMN[column]!))];
  if (householdSets.length) {
    await ctx.db.execute(sql`
      UPDATE ${staged.households.table} s SET ${sql.raw(householdSets.join(", "))}
      FROM household h WHERE h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id`);
  }
  const personSets = (Object.keys(PERSON_FIELDS_BY_COLUMN) as DtksColumn[])
    .filter((column) => !present.includes(column))
    .map((column) => PERSON_FIELDS_BY_COLUMN[column]!);
  if (personSets.length) {
    await ctx.db.execute(sql`
      UPDATE ${staged.persons.table} sp SET ${sql.raw(personSets.join(", "))}
      FROM ${staged.households.table} s
      JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
      JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      WHERE sp.dtks_id = s.dtks_id AND p.nik = sp.nik`);
  }
}

interface OutsideKabkota {
  dtksId: string;
  lon: number;
  lat: number;
  kelurahanCode: string;
  kabkotaName: string;
}

/** The person columns a DTKS file writes, besides the household. */
const MEMBER_COLUMNS = ["nik", "nik_check", "name", "birth_date", "sex", "relation", "death_date"] as const;

/** New members written by one statement. */
const MEMBERS_PER_STATEMENT = 25_000;

/**
 * Writes the members of the households this batch brought in or changed (`import_batch_id`),
 * keeping each member the file still lists under the same person id: a member is the same by
 * NIK, or, without one, by name and birth date (the nth of equal ones pairs with the nth). Only
 * members whose fields differ are updated, those the file drops are deleted and those it adds
 * inserted, so receipts matched to an unchanged member stay matched as they were and nothing
 * downstream (matching, the coverage cache) counts them again. How many persons it wrote.
 */
async function writeMembers(
  db: Context["db"],
  {
    batchId,
    stagedHouseholds,
    stagedPersons,
  }: { batchId: number; stagedHouseholds: SQLWrapper; stagedPersons: SQLWrapper },
): Promise<number> {
  const memberKey = (p: string) =>
    sql.raw(
      `coalesce('n' || ${p}.nik, 'm' || lower(coalesce(${p}.name, '')) || '|' || coalesce(${p}.birth_date::text, ''))`,
    );
  const columns = sql.raw(MEMBER_COLUMNS.join(", "));
  await db.execute(sql`DROP TABLE IF EXISTS dtks_member_pairs`);
  await db.execute(sql`
    CREATE TEMP TABLE dtks_member_pairs ON COMMIT DROP AS
    WITH incoming AS (
      SELECT h.kabkota_code, h.id AS household_id, p.line, ${sql.raw(MEMBER_COLUMNS.map((column) => `p.${column}`).join(", "))},
             row_number() OVER (PARTITION BY h.id, ${memberKey("p")} ORDER BY p.line) AS nth, ${memberKey("p")} AS member_key
      FROM ${stagedPersons} p
      JOIN ${stagedHouseholds} s ON s.dtks_id = p.dtks_id
      JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
      WHERE h.import_batch_id = ${batchId}
    ), held AS (
      SELECT p.kabkota_code, p.household_id, p.id, ${memberKey("p")} AS member_key,
             row_number() OVER (PARTITION BY p.household_id, ${memberKey("p")} ORDER BY p.id) AS nth
      FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      WHERE h.import_batch_id = ${batchId}
    )
    SELECT coalesce(i.kabkota_code, held.kabkota_code) AS kabkota_code, coalesce(i.household_id, held.household_id) AS household_id,
           held.id AS person_id, i.line, ${sql.raw(MEMBER_COLUMNS.map((column) => `i.${column}`).join(", "))}
    FROM incoming i
    FULL JOIN held ON held.household_id = i.household_id AND held.member_key = i.member_key AND held.nth = i.nth`);
  await db.execute(sql`
    DELETE FROM person p USING dtks_member_pairs m
    WHERE m.line IS NULL AND p.kabkota_code = m.kabkota_code AND p.id = m.person_id`);
  // Two statements: each write's triggers read their own transition table.
  const [updated] = await queryRows<{ written: number }>(
    db,
    sql`
    WITH written AS (
      UPDATE person p SET ${sql.raw(MEMBER_COLUMNS.map((column) => `${column} = m.${column}`).join(", "))}, updated_at = now()
      FROM dtks_member_pairs m
      WHERE m.person_id IS NOT NULL AND m.line IS NOT NULL AND p.kabkota_code = m.kabkota_code AND p.id = m.person_id
        AND (${sql.raw(MEMBER_COLUMNS.map((column) => `p.${column}`).join(", "))})
            IS DISTINCT FROM (${sql.raw(MEMBER_COLUMNS.map((column) => `m.${column}`).join(", "))})
      RETURNING 1
    )
    SELECT count(*)::int AS written FROM written`,
  );
  // New members in runs of file lines: on PGlite a statement holds the process's one thread, and
  // 147,000 members in one took 8.7 s in which not even the job's progress was answered.
  const [{ last } = { last: null }] = await queryRows<{ last: number | null }>(
    db,
    sql`SELECT max(line)::int AS last FROM dtks_member_pairs WHERE person_id IS NULL`,
  );
  let inserted = 0;
  for (let after = 0; last !== null && after < last; after += MEMBERS_PER_STATEMENT) {
    const [run] = await queryRows<{ written: number }>(
      db,
      sql`
      WITH written AS (
        INSERT INTO person (kabkota_code, household_id, ${columns})
        SELECT m.kabkota_code, m.household_id, ${columns} FROM dtks_member_pairs m
        WHERE m.person_id IS NULL AND m.line > ${after} AND m.line <= ${after + MEMBERS_PER_STATEMENT} ORDER BY m.line
        RETURNING 1
      )
      SELECT count(*)::int AS written FROM written`,
    );
    inserted += run!.written;
  }
  await db.execute(sql`DROP TABLE dtks_member_pairs`);
  return updated!.written + inserted;
}

/** The file's households whose geotag lies outside their kabupaten/kota (location_status di_luar_kabkota). */
async function householdsOutsideKabkota(ctx: Context, stagedHouseholds: SQLWrapper): Promise<OutsideKabkota[]> {
  return queryRows<OutsideKabkota>(
    ctx.db,
    sql`SELECT s.dtks_id AS "dtksId", s.lon, s.lat, h.declared_kelurahan_code AS "kelurahanCode", coalesce(k.name, h.kabkota_code) AS "kabkotaName"
        FROM ${stagedHouseholds} s
        JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
        LEFT JOIN area k ON k.code = h.kabkota_code
        WHERE h.location_status = 'di_luar_kabkota'
        ORDER BY s.dtks_id`,
  );
}

/** One warning per household placed outside its kabupaten/kota, naming its first line. */
function outsideKabkotaWarnings(parsed: ParsedDtks, outside: OutsideKabkota[]): string[] {
  if (outside.length === 0) return [];
  const firstLine = new Map<string, number>();
  for (const person of parsed.persons) if (!firstLine.has(person.dtksId)) firstLine.set(person.dtksId, person.line);
  return outside
    .map((h) => ({ line: firstLine.get(h.dtksId) ?? 0, h }))
    .sort((a, b) => a.line - b.line)
    .map(
      ({ line, h }) =>
        `Baris ${line}: titik lokasi rumah tangga ${h.dtksId} (lintang ${h.lat}, bujur ${h.lon}) berada di luar ${h.kabkotaName}; ` +
        `rumah tangga ini dihitung di kelurahan yang dinyatakan (${h.kelurahanCode}). Periksa latitude/longitude-nya.`,
    );
}

/**
 * Imports a DTKS member list (one row per person) as one batch: all accepted rows land or none
 * do. Households are upserted by (kabkota, id_dtks); a household whose register fields or
 * members changed keeps its previous state in household_history and its members become the
 * file's (`writeMembers`: a member still listed keeps its person id); unchanged households are
 * not written. Rejected rows are kept with their reason.
 * The same file a second time changes nothing. The file's rows reach the database through COPY
 * into stage tables; the households the batch brings in or changes are placed in their polygons
 * as they are written, and the receipts they can affect matched again, in the same transaction.
 */
export async function importDtks({
  ctx,
  input,
}: {
  ctx: Context;
  input: {
    fileName: string;
    bytes: Uint8Array;
    /** The DTSEN release the file is, when it names one: the register after it is kept as that release. */
    release?: ReleaseInput;
    /** Which of the file's headers holds each column, where the file's names are not the format's. */
    columns?: ColumnMapping;
    onProgress?: ImportProgress;
  };
}): Promise<DtksImportReport> {
  assertCan(ctx.actor, "import");
  const progress = input.onProgress ?? (() => undefined);
  const fileSha256 = sha256(input.bytes);
  const release = input.release ?? null;
  // The same file as another release is another batch: its households are recorded for that release too.
  const period = release?.name ?? null;
  const alreadyImported = (batchId: number): DtksImportReport => ({
    batchId,
    alreadyImported: true,
    rows: 0,
    households: 0,
    persons: 0,
    newHouseholds: 0,
    changedHouseholds: 0,
    proposals: { tercermin: 0, tidak_tercermin: 0 },
    desilList: false,
    pastRelease: false,
    release: null,
    rejections: [],
    warnings: [],
  });
  const landed = await findLandedBatch(ctx, { kind: "dtks", fileSha256, period });
  if (landed) return alreadyImported(landed.id);

  progress({ step: "membaca" });

  const kelurahanCodes = await kelurahanCodeSet(ctx);
  const isKecamatan = await kecamatanLookup();
  const refuse = async (error: unknown, kabkotaCode?: string) => {
    if (error instanceof UserError)
      await recordRefusedBatch(ctx, {
        kind: "dtks",
        fileName: input.fileName,
        fileSha256,
        period,
        message: error.message,
        kabkotaCode,
      });
    throw error;
  };
  let table: Table;
  try {
    table = applyColumnMapping(readTable(input.fileName, input.bytes), input.columns ?? {}, DTKS_COLUMNS);
  } catch (error) {
    return refuse(error);
  }
  if (isDesilList(mapHeaders(table.headers, DTKS_COLUMNS))) {
    const kabkotaCode = await homeKabkotaCode(ctx);
    const mode =
      release && (await releaseMode(ctx, kabkotaCode, release).catch((error: unknown) => refuse(error, kabkotaCode)));
    if (mode === "past")
      await refuse(
        new UserError(
          `Daftar desil mengubah desil di register, jadi hanya dapat dinamai rilis terbaru atau yang lebih baru, bukan rilis lama ${release!.name}.`,
        ),
        kabkotaCode,
      );
    return importDesilList(ctx, { ...input, fileSha256, table, kabkotaCode, release, progress, alreadyImported });
  }
  let parsed: ParsedDtks;
  const rows = table.rows.length;
  progress({ step: "memeriksa", done: 0, total: rows });
  try {
    parsed = await parseDtksRows(table, {
      isKecamatan,
      isKelurahan: (code) => kelurahanCodes.has(code),
      onRows: (done) => progress({ step: "memeriksa", done, total: rows }),
    });
  } catch (error) {
    return refuse(error);
  }
  const kabkotaCode = mostCommon(parsed.households.map((h) => h.kabkotaCode)) ?? (await homeKabkotaCode(ctx));
  const mode =
    release && (await releaseMode(ctx, kabkotaCode, release).catch((error: unknown) => refuse(error, kabkotaCode)));
  if (parsed.persons.length === 0) {
    const message = `Berkas ${input.fileName} ditolak: tidak ada baris yang sah dari ${rows} baris.`;
    await recordRefusedBatch(ctx, {
      kind: "dtks",
      fileName: input.fileName,
      fileSha256,
      period,
      message,
      kabkotaCode,
      rejections: parsed.rejections,
    });
    throw new UserError(
      message,
      parsed.rejections.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`),
    );
  }

  progress({ step: "memeriksa", done: rows, total: rows });
  progress({ step: "memuat", detail: `${formatInteger(parsed.persons.length)} baris` });
  const staged = await stage(ctx, parsed);
  if (mode === "past")
    return importPastRelease(ctx, {
      ...input,
      fileSha256,
      rows,
      parsed,
      staged,
      kabkotaCode,
      release: release!,
      progress,
      alreadyImported,
    });
  const stagedHouseholds = staged.households.table;
  const stagedPersons = staged.persons.table;
  const result = await ctx.db
    .transaction(async (tx) => {
      const txCtx: Context = { ...ctx, db: tx };
      await takeImportTurn(tx, () => progress({ step: "menunggu" }));
      // The same file may have landed while this import waited for its turn.
      const landedMeanwhile = await findLandedBatch(txCtx, { kind: "dtks", fileSha256, period });
      if (landedMeanwhile) return { landed: landedMeanwhile.id };
      progress({
        step: "menulis",
        detail: `${formatInteger(parsed.households.length)} rumah tangga dan ${formatInteger(parsed.persons.length)} anggota`,
      });
      const [batch] = await tx
        .insert(importBatch)
        .values({
          createdBy: actorUserId(ctx.actor),
          kind: "dtks",
          kabkotaCode,
          fileName: input.fileName,
          fileSha256,
          period,
          status: "berjalan",
          rowsTotal: rows,
        })
        .returning({ id: importBatch.id });
      const batchId = batch!.id;
      // Before the file overwrites the register: does it carry what applied proposals changed?
      const proposals = await checkAppliedProposals(tx, {
        kabkotaCode,
        batchId,
        file: { columns: new Set(parsed.columns), households: parsed.households, persons: parsed.persons },
      });
      await keepStoredValuesOfAbsentColumns(txCtx, staged, parsed.columns);

      // Every existing household whose fields or members differ keeps its state before the change
      // and is marked with this batch; households the file repeats unchanged are left alone.
      const memberJson = (p: string) =>
        sql.raw(
          `jsonb_build_object('nik', ${p}.nik, 'name', ${p}.name, 'birth_date', ${p}.birth_date, 'sex', ${p}.sex, 'relation', ${p}.relation, 'death_date', ${p}.death_date)`,
        );
      const [history] = await queryRows<{ changed: number }>(
        tx,
        sql`
        WITH targets AS (
          SELECT h.kabkota_code, h.id, s.dtks_id FROM ${stagedHouseholds} s
          JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id
        ), current_members AS (
          SELECT t.id, jsonb_agg(${memberJson("p")} ORDER BY p.id) AS members,
                 jsonb_agg(${memberJson("p")} ORDER BY ${memberJson("p")}) AS member_set
          FROM targets t JOIN person p ON p.kabkota_code = t.kabkota_code AND p.household_id = t.id
          GROUP BY t.id
        ), incoming_members AS (
          SELECT p.dtks_id, jsonb_agg(${memberJson("p")} ORDER BY p.line) AS members,
                 jsonb_agg(${memberJson("p")} ORDER BY ${memberJson("p")}) AS member_set
          FROM ${stagedPersons} p GROUP BY p.dtks_id
        ), compared AS (
          SELECT h.kabkota_code, h.id, cm.member_set IS DISTINCT FROM im.member_set AS members_changed,
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
          JOIN ${stagedHouseholds} s ON s.dtks_id = t.dtks_id AND s.kabkota_code = t.kabkota_code
          LEFT JOIN current_members cm ON cm.id = t.id
          LEFT JOIN incoming_members im ON im.dtks_id = t.dtks_id
        ), changed AS (
          INSERT INTO household_history (kabkota_code, household_id, import_batch_id, previous)
          SELECT kabkota_code, id, ${batchId}, previous FROM compared
          -- Members compared as sets: kept members keep their ids, so id order is not the file's order.
          WHERE members_changed OR (previous - 'members') IS DISTINCT FROM (incoming - 'members')
          RETURNING kabkota_code, household_id
        ), marked AS (
          UPDATE household h SET import_batch_id = ${batchId}
          FROM changed c WHERE h.kabkota_code = c.kabkota_code AND h.id = c.household_id
          RETURNING h.id
        )
        SELECT count(*)::int AS changed FROM marked`,
      );

      // The households to write (new, or changed and marked above), placed in their polygons
      // before they are written, so each is written once.
      progress({ step: "menempatkan", detail: "rumah tangga ke kelurahan dan RT, lalu anggotanya" });
      await tx.execute(sql`DROP TABLE IF EXISTS dtks_households_to_write`);
      await tx.execute(sql`
      CREATE TEMP TABLE dtks_households_to_write ON COMMIT DROP AS
      SELECT s.kabkota_code, s.dtks_id AS key, s.kelurahan_code AS declared_kelurahan_code, s.rt_code AS declared_rt_code,
             CASE WHEN s.lon IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326) END AS geotag
      FROM ${stagedHouseholds} s
      WHERE NOT EXISTS (
        SELECT 1 FROM household unchanged
        WHERE unchanged.kabkota_code = s.kabkota_code AND unchanged.dtks_id = s.dtks_id
          AND unchanged.import_batch_id IS DISTINCT FROM ${batchId})`);
      await tx.execute(sql`CREATE INDEX ON dtks_households_to_write USING gist (geotag)`);
      // Statistics of the keys only: the placement looks the points up per polygon, behind a
      // fence, whatever their geotags' statistics say.
      await tx.execute(sql`ANALYZE dtks_households_to_write (kabkota_code, key)`);
      const toWrite = sql.raw("dtks_households_to_write");
      const placement = placementOf({
        points: toWrite,
        subjects: toWrite,
        areas: sql`a.kabkota_code IN (SELECT DISTINCT kabkota_code FROM dtks_households_to_write)`,
      });
      const [upserted] = await queryRows<{ inserted: number }>(
        tx,
        sql`
        WITH written AS (
          INSERT INTO household AS h (kabkota_code, dtks_id, no_kk, no_kk_check, address, declared_kelurahan_code, declared_rt_code,
                                 rw, rt, geotag, desil, status, nonaktif_reason, verval_status, verval_date, import_batch_id, ${placementColumnList()})
          SELECT s.kabkota_code, s.dtks_id, s.no_kk, s.no_kk_check, s.address, s.kelurahan_code, s.rt_code, s.rw, s.rt, pl.geotag,
                 s.desil, s.status, s.nonaktif_reason, s.verval_status, s.verval_date, ${batchId},
                 ${placementColumnList((column) => `pl.${column}`)}
          FROM ${stagedHouseholds} s JOIN ${placement} pl ON pl.kabkota_code = s.kabkota_code AND pl.key = s.dtks_id
          ON CONFLICT (kabkota_code, dtks_id) DO UPDATE SET
            no_kk = EXCLUDED.no_kk, no_kk_check = EXCLUDED.no_kk_check, address = EXCLUDED.address,
            declared_kelurahan_code = EXCLUDED.declared_kelurahan_code, declared_rt_code = EXCLUDED.declared_rt_code,
            rw = EXCLUDED.rw, rt = EXCLUDED.rt, geotag = EXCLUDED.geotag, desil = EXCLUDED.desil, status = EXCLUDED.status,
            nonaktif_reason = EXCLUDED.nonaktif_reason, verval_status = EXCLUDED.verval_status, verval_date = EXCLUDED.verval_date,
            ${placementColumnList((column) => `${column} = EXCLUDED.${column}`)},
            updated_at = now()
          RETURNING (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted)::int AS inserted FROM written`,
      );

      const newHouseholds = upserted!.inserted;
      const outsideKabkota = await householdsOutsideKabkota(txCtx, stagedHouseholds);

      const persons = await writeMembers(tx, { batchId, stagedHouseholds, stagedPersons });

      // A large batch changes the tables' make-up: the matching below needs fresh statistics.
      await analyzeAfterWrite(txCtx.db, "household", newHouseholds + history!.changed);
      await analyzeAfterWrite(txCtx.db, "person", persons);
      progress({ step: "mencocokkan", detail: "penerimaan dengan rumah tangga yang berubah" });
      for (const code of new Set(parsed.households.map((h) => h.kabkotaCode))) {
        await matchReceipts({ ctx: txCtx, input: { kabkotaCode: code, dtksBatchId: batchId } });
      }

      const recorded =
        release &&
        (await recordRelease(txCtx, {
          kabkotaCode,
          release,
          batchId,
          households: sql`(SELECT h.id FROM ${stagedHouseholds} s
                           JOIN household h ON h.kabkota_code = s.kabkota_code AND h.dtks_id = s.dtks_id)`,
        }));
      const warnings = [...outsideKabkotaWarnings(parsed, outsideKabkota), ...parsed.warnings];
      await finishBatch(txCtx, {
        id: batchId,
        kabkotaCode,
        rejections: parsed.rejections,
        accepted: parsed.persons.length,
        message:
          `${parsed.households.length} rumah tangga (${newHouseholds} baru, ${history!.changed} berubah), ${parsed.persons.length} anggota; ${parsed.rejections.length} baris ditolak.` +
          recordedNote(recorded),
        details: { warnings: warnings.slice(0, 1000), outside_kabkota: outsideKabkota.length },
      });
      return {
        batchId,
        newHouseholds,
        changedHouseholds: history!.changed,
        warnings,
        proposals,
        release: recorded,
      };
    })
    .catch(async (error: unknown) => {
      // The transaction rolled back; the attempt itself is remembered.
      await recordFailedBatch(ctx, {
        kind: "dtks",
        fileName: input.fileName,
        fileSha256,
        kabkotaCode,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    })
    .finally(async () => {
      await staged.households.drop();
      await staged.persons.drop();
    });

  if (result.landed !== undefined) return alreadyImported(result.landed);
  return {
    ...result,
    alreadyImported: false,
    rows,
    households: parsed.households.length,
    persons: parsed.persons.length,
    desilList: false,
    pastRelease: false,
    rejections: parsed.rejections,
  };
}

/**
 * A release older than the latest held: the file is checked and staged as every DTKS file, then
 * only recorded as that release (lib/releases `recordPastRelease`), so the register, later
 * releases and every count of today stay as they were. One batch, as every import.
 */
async function importPastRelease(
  ctx: Context,
  input: {
    fileName: string;
    fileSha256: string;
    rows: number;
    parsed: ParsedDtks;
    staged: { households: Stage; persons: Stage };
    kabkotaCode: string;
    release: ReleaseInput;
    progress: ImportProgress;
    alreadyImported: (batchId: number) => DtksImportReport;
  },
): Promise<DtksImportReport> {
  const { fileName, fileSha256, parsed, staged, kabkotaCode, release, progress } = input;
  const period = release.name;
  const result = await ctx.db
    .transaction(async (tx) => {
      const txCtx: Context = { ...ctx, db: tx };
      await takeImportTurn(tx, () => progress({ step: "menunggu" }));
      const landedMeanwhile = await findLandedBatch(txCtx, { kind: "dtks", fileSha256, period });
      if (landedMeanwhile) return { landed: landedMeanwhile.id };
      const [batch] = await tx
        .insert(importBatch)
        .values({
          createdBy: actorUserId(ctx.actor),
          kind: "dtks",
          kabkotaCode,
          fileName,
          fileSha256,
          period,
          status: "berjalan",
          rowsTotal: input.rows,
        })
        .returning({ id: importBatch.id });
      const batchId = batch!.id;
      progress({ step: "menulis", detail: `rilis lama ${release.name}, tanpa mengubah register` });
      await keepStoredValuesOfAbsentColumns(txCtx, staged, parsed.columns);
      const recorded = await recordPastRelease(txCtx, {
        kabkotaCode,
        release,
        batchId,
        households: staged.households.table,
        persons: staged.persons.table,
      });
      const warnings = [
        ...(recorded.unknown
          ? [
              `${recorded.unknown} rumah tangga rilis ${release.name} tidak ada lagi di register, jadi tidak dihitung di rilis itu.`,
            ]
          : []),
        ...parsed.warnings,
      ];
      await finishBatch(txCtx, {
        id: batchId,
        kabkotaCode,
        rejections: parsed.rejections,
        accepted: parsed.persons.length,
        message:
          `Rilis lama ${release.name} dicatat tanpa mengubah register: ${parsed.households.length} rumah tangga di berkas; ${parsed.rejections.length} baris ditolak.` +
          recordedNote(recorded),
        details: { warnings: warnings.slice(0, 1000) },
      });
      const { unknown: _unknown, ...shown } = recorded;
      return { landed: undefined, batchId, release: shown, warnings };
    })
    .catch(async (error: unknown) => {
      await recordFailedBatch(ctx, {
        kind: "dtks",
        fileName,
        fileSha256,
        kabkotaCode,
        period,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    })
    .finally(async () => {
      await staged.households.drop();
      await staged.persons.drop();
    });
  if (result.landed !== undefined) return input.alreadyImported(result.landed);
  return {
    batchId: result.batchId,
    alreadyImported: false,
    rows: input.rows,
    households: parsed.households.length,
    persons: parsed.persons.length,
    newHouseholds: 0,
    changedHouseholds: 0,
    proposals: { tercermin: 0, tidak_tercermin: 0 },
    desilList: false,
    pastRelease: true,
    release: result.release,
    rejections: parsed.rejections,
    warnings: result.warnings,
  };
}

/**
 * A DTSEN desil list (NIK, name, desil): the desil of each known person's household changes,
 * rows of unknown persons are refused one by one, and nothing else in the register moves. One
 * batch, all or nothing, as every import; named as a release, it records the households it lists.
 */
async function importDesilList(
  ctx: Context,
  input: {
    fileName: string;
    fileSha256: string;
    table: Table;
    kabkotaCode: string;
    release: ReleaseInput | null;
    progress: ImportProgress;
    alreadyImported: (batchId: number) => DtksImportReport;
  },
): Promise<DtksImportReport> {
  const { fileName, fileSha256, table, kabkotaCode, release, progress } = input;
  const period = release?.name ?? null;
  progress({ step: "memeriksa", done: 0, total: table.rows.length });
  const parsed = parseDesilRows(table);
  progress({ step: "memeriksa", done: table.rows.length, total: table.rows.length });
  progress({ step: "mencocokkan", detail: `${formatInteger(parsed.rows.length)} NIK di register` });
  const result = await ctx.db
    .transaction(async (tx) => {
      const txCtx: Context = { ...ctx, db: tx };
      await takeImportTurn(tx, () => progress({ step: "menunggu" }));
      const landedMeanwhile = await findLandedBatch(txCtx, { kind: "dtks", fileSha256, period });
      if (landedMeanwhile) return { landed: landedMeanwhile.id, refused: undefined };
      const matched = await matchDesilRows(txCtx, { kabkotaCode, table, rows: parsed.rows });
      const rejections = [...parsed.rejections, ...matched.rejections].sort((a, b) => a.line - b.line);
      if (matched.matches.length === 0) return { refused: rejections, landed: undefined };
      const [batch] = await tx
        .insert(importBatch)
        .values({
          createdBy: actorUserId(ctx.actor),
          kind: "dtks",
          kabkotaCode,
          fileName,
          fileSha256,
          period,
          status: "berjalan",
          rowsTotal: table.rows.length,
        })
        .returning({ id: importBatch.id });
      const batchId = batch!.id;
      progress({ step: "menulis", detail: `desil ${formatInteger(matched.matches.length)} rumah tangga` });
      const changed = await writeDesilUpdates(txCtx, { kabkotaCode, batchId, matches: matched.matches });
      const ids = matched.matches.map((m) => m.householdId);
      const recorded =
        release &&
        (await recordRelease(txCtx, {
          kabkotaCode,
          release,
          batchId,
          households: sql`(SELECT unnest(${`{${ids.join(",")}}`}::bigint[]) AS id)`,
        }));
      await finishBatch(txCtx, {
        id: batchId,
        kabkotaCode,
        rejections,

        accepted: table.rows.length - rejections.length,
        message:
          `Daftar desil: ${matched.matches.length} rumah tangga dikenali (${changed} berubah desil); ${rejections.length} baris ditolak.` +
          recordedNote(recorded),
      });
      return {
        landed: undefined,
        refused: undefined,
        batchId,
        households: matched.matches.length,
        changed,
        rejections,
        release: recorded,
      };
    })
    .catch(async (error: unknown) => {
      await recordFailedBatch(ctx, {
        kind: "dtks",
        fileName,
        fileSha256,
        kabkotaCode,
        period,
        message: `Impor gagal dan dibatalkan seluruhnya: ${rootMessage(error)}`,
      });
      throw error;
    });
  if (result.landed !== undefined) return input.alreadyImported(result.landed);
  if (result.refused) {
    const message = `Berkas ${fileName} ditolak: tidak ada NIK yang dikenal di register dari ${table.rows.length} baris.`;
    await recordRefusedBatch(ctx, {
      kind: "dtks",
      fileName,
      fileSha256,
      period,
      message,
      kabkotaCode,
      rejections: result.refused,
    });
    throw new UserError(
      message,
      result.refused.slice(0, 20).map((r) => `Baris ${r.line}: ${r.reason}`),
    );
  }
  return {
    batchId: result.batchId,
    alreadyImported: false,
    rows: table.rows.length,
    households: result.households,
    persons: 0,
    newHouseholds: 0,
    changedHouseholds: result.changed,
    proposals: { tercermin: 0, tidak_tercermin: 0 },
    desilList: true,
    pastRelease: false,
    release: result.release,
    rejections: result.rejections,
    warnings: [],
  };
}
