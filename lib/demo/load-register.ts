import { bbox } from "@turf/turf";
import { sql } from "drizzle-orm";
import type { MultiPolygon } from "geojson";

import { queryRows } from "@/db/engine";
import { kecamatanLookup } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { analyzeAfterWrite } from "@/lib/db";
import { matchedColumns, matchJoins, matchReceipts } from "@/lib/matching";
import { joinHouseholdsToAreas } from "@/lib/spatial";

import { demoReceiptMonths, generateRegister, type DemoKelurahan, type FaultManifest } from "./register";
import { loadDemoReleases } from "./releases";

/** Marks every demo receipt, so a re-seed replaces exactly them. */
export const DEMO_SOURCE_FILE = "data contoh";

export interface RegisterLoadReport {
  households: number;
  persons: number;
  receipts: number;
  manifest: FaultManifest;
}

export type RegisterStep = "generate" | "households" | "persons" | "receipts" | "join" | "match" | "releases";

async function demoGeography(ctx: Context, kabkotaCode: string): Promise<DemoKelurahan[]> {
  const rows = await queryRows<{ kelurahan: string; code: string; geojson: string }>(
    ctx.db,
    sql`SELECT parent_code AS kelurahan, code, ST_AsGeoJSON(geom, 7) AS geojson
        FROM area WHERE level = 'rt' AND kabkota_code = ${kabkotaCode} AND geom IS NOT NULL ORDER BY code`,
  );
  const byKelurahan = new Map<string, DemoKelurahan>();
  for (const row of rows) {
    const polygon = JSON.parse(row.geojson) as MultiPolygon;
    const kelurahan = byKelurahan.get(row.kelurahan) ?? { code: row.kelurahan, rts: [] };
    kelurahan.rts.push({ code: row.code, polygon, bbox: bbox(polygon) as [number, number, number, number] });
    byKelurahan.set(row.kelurahan, kelurahan);
  }
  return [...byKelurahan.values()];
}

/**
 * Generates and loads the demo register of a kabupaten/kota (households, members, recipient
 * lists 2019–2025 with their faults) through COPY, replacing an earlier demo register, then
 * runs the spatial join and the receipt matching as an import would.
 */
export async function loadDemoRegister({
  ctx,
  input,
  onStep = () => undefined,
}: {
  ctx: Context;
  input: { kabkotaCode: string; households: number; seed: number; receiptsFrom?: string };
  onStep?: (step: RegisterStep) => void;
}): Promise<RegisterLoadReport> {
  onStep("generate");
  const kelurahan = await demoGeography(ctx, input.kabkotaCode);
  if (kelurahan.length === 0) throw new Error(`Belum ada RT untuk ${input.kabkotaCode}: buat batas wilayah dahulu.`);
  const register = generateRegister({
    kelurahan,
    households: input.households,
    seed: input.seed,
    isKecamatan: await kecamatanLookup(),
    receiptsFrom: input.receiptsFrom,
  });

  await ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM aid_receipt WHERE kabkota_code = ${input.kabkotaCode} AND source_file = ${DEMO_SOURCE_FILE}`,
    );
    await tx.execute(sql`DELETE FROM household WHERE kabkota_code = ${input.kabkotaCode} AND dtks_id LIKE 'DEMO-%'`);
    await tx.execute(
      sql`DELETE FROM import_batch WHERE file_name = ${DEMO_SOURCE_FILE} AND kabkota_code = ${input.kabkotaCode}`,
    );
    // The provincial and city programs of the demo, and the city's rule that its program
    // goes to no one who already receives from pusat or provinsi.
    await tx.execute(sql`
      INSERT INTO program (code, name, level, unit, max_desil, owner_area_code, description) VALUES
        ('BANSOS-KALTIM', 'Bantuan Sosial Provinsi Kalimantan Timur (contoh)', 'provinsi', 'household', 6, '64', 'Program provinsi dalam data contoh.'),
        ('SAMARINDA-PEDULI', 'Samarinda Peduli (contoh)', 'kabkota', 'household', 4, ${input.kabkotaCode}, 'Program kota dalam data contoh.')
      ON CONFLICT (code) DO NOTHING`);
    await tx.execute(sql`
      INSERT INTO program_exclusion (program_code, excluded_program_code, note)
      SELECT least(p.code, 'SAMARINDA-PEDULI'), greatest(p.code, 'SAMARINDA-PEDULI'), 'Program kota hanya untuk yang tidak menerima bantuan pusat atau provinsi.'
      FROM program p WHERE p.level IN ('pusat', 'provinsi')
      ON CONFLICT DO NOTHING`);
    for (const [code, population] of register.populationByKelurahan) {
      await tx.execute(sql`UPDATE area SET population = ${population} WHERE code = ${code}`);
    }
    await tx.execute(sql`
      UPDATE area p SET population = (SELECT sum(c.population) FROM area c WHERE c.parent_code = p.code)
      WHERE p.kabkota_code = ${input.kabkotaCode} AND p.level = 'kecamatan'`);
    await tx.execute(sql`
      UPDATE area p SET population = (SELECT sum(c.population) FROM area c WHERE c.parent_code = p.code)
      WHERE p.code = ${input.kabkotaCode}`);
  });

  onStep("households");
  await ctx.copyRows(
    "household",
    [
      "kabkota_code",
      "dtks_id",
      "no_kk",
      "no_kk_check",
      "address",
      "declared_kelurahan_code",
      "declared_rt_code",
      "rw",
      "rt",
      "geotag",
      "desil",
      "status",
      "nonaktif_reason",
      "verval_status",
      "verval_date",
    ],
    register.households.map((h) => [
      h.kabkotaCode,
      h.dtksId,
      h.noKk,
      h.noKkCheck,
      h.address,
      h.kelurahanCode,
      h.rtCode,
      h.rtCode.slice(14, 17),
      h.rtCode.slice(18, 21),
      h.geotag ? `SRID=4326;POINT(${h.geotag[0]} ${h.geotag[1]})` : null,
      h.desil,
      h.status,
      h.nonaktifReason,
      h.vervalStatus,
      h.vervalDate,
    ]),
  );

  onStep("persons");
  await ctx.db.execute(sql`DROP TABLE IF EXISTS demo_person_stage`);
  await ctx.db.execute(sql`
    CREATE UNLOGGED TABLE demo_person_stage (
      dtks_id text, ord int, nik text, nik_check nik_check, name text, birth_date date, sex sex, relation family_relation, death_date date)`);
  try {
    await ctx.copyRows(
      "demo_person_stage",
      ["dtks_id", "ord", "nik", "nik_check", "name", "birth_date", "sex", "relation", "death_date"],
      register.persons.map((p, i) => [
        register.households[p.household]!.dtksId,
        i,
        p.nik,
        p.nikCheck,
        p.name,
        p.birthDate,
        p.sex,
        p.relation,
        p.deathDate,
      ]),
    );
    await ctx.db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation, death_date)
      SELECT h.kabkota_code, h.id, s.nik, s.nik_check, s.name, s.birth_date, s.sex, s.relation, s.death_date
      FROM demo_person_stage s JOIN household h ON h.kabkota_code = ${input.kabkotaCode} AND h.dtks_id = s.dtks_id
      ORDER BY s.ord`);
  } finally {
    await ctx.db.execute(sql`DROP TABLE IF EXISTS demo_person_stage`);
  }
  // The matching below needs statistics of the tables just filled (PGlite has no autovacuum).
  await analyzeAfterWrite(ctx.db, "household", register.households.length);
  await analyzeAfterWrite(ctx.db, "person", register.persons.length);

  onStep("receipts");
  const [batch] = await queryRows<{ id: number }>(
    ctx.db,
    sql`INSERT INTO import_batch (kind, kabkota_code, file_name, file_sha256, status, message, finished_at)
        VALUES ('penerima', ${input.kabkotaCode}, ${DEMO_SOURCE_FILE}, ${`demo-${input.seed}-${input.households}`}, 'selesai',
                ${`Daftar penerima contoh ${demoReceiptMonths(input.receiptsFrom)} (dibuat, bukan data resmi).`}, now())
        RETURNING id::int AS id`,
  );
  // Receipts go through an unindexed staging table and are matched while they are inserted:
  // one pass over millions of rows instead of an insert and then an update of each.
  await ctx.db.execute(sql`DROP TABLE IF EXISTS demo_receipt_stage`);
  await ctx.db.execute(sql`
    CREATE UNLOGGED TABLE demo_receipt_stage (
      source_row int, program_code text, period text, nik text, nik_check nik_check, no_kk text, name text, amount bigint, kelurahan_code text)`);
  let receipts = 0;
  try {
    let row = 0;
    receipts = await ctx.copyRows(
      "demo_receipt_stage",
      ["source_row", "program_code", "period", "nik", "nik_check", "no_kk", "name", "amount", "kelurahan_code"],
      (function* () {
        for (const r of register.receipts())
          yield [++row, r.programCode, r.period, r.nik, r.nikCheck, r.noKk, r.name, r.amount, r.kelurahanCode];
      })(),
    );
    onStep("match");
    await ctx.db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                               import_batch_id, source_file, source_row, matched_person_id, matched_household_id, match_method)
      SELECT ${input.kabkotaCode}, r2.program_code, r2.period, r2.nik, r2.nik_check, r2.no_kk, r2.name, r2.amount, r2.kelurahan_code,
             ${batch!.id}, ${DEMO_SOURCE_FILE}, r2.source_row, ${matchedColumns(input.kabkotaCode)}
      FROM demo_receipt_stage r2
      ${matchJoins(input.kabkotaCode, sql.raw("demo_receipt_stage"), { wholeRegister: true })}
      ORDER BY r2.source_row`);
  } finally {
    await ctx.db.execute(sql`DROP TABLE IF EXISTS demo_receipt_stage`);
  }
  await ctx.db.execute(
    sql`UPDATE import_batch SET rows_total = ${receipts}, rows_accepted = ${receipts} WHERE id = ${batch!.id}`,
  );

  onStep("join");
  await analyzeAfterWrite(ctx.db, "aid_receipt", receipts);
  await joinHouseholdsToAreas({ ctx, input: { kabkotaCode: input.kabkotaCode } });
  // Receipts from real imports pointed at the households just replaced: match them again.
  const [imported] = await queryRows<{ any: boolean }>(
    ctx.db,
    sql`SELECT EXISTS (SELECT 1 FROM aid_receipt WHERE kabkota_code = ${input.kabkotaCode} AND source_file <> ${DEMO_SOURCE_FILE}) AS any`,
  );
  if (imported?.any) await matchReceipts({ ctx, input: { kabkotaCode: input.kabkotaCode } });
  onStep("releases");
  await loadDemoReleases(ctx, input.kabkotaCode);
  return {
    households: register.households.length,
    persons: register.persons.length,
    receipts,
    manifest: register.manifest,
  };
}
