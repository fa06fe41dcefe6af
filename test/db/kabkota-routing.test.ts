import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import {
  areaMonthlyCoverage,
  areaOverlap,
  areaSummary,
  areaTrend,
  explainHousehold,
  listHouseholds,
  warmCoverage,
} from "@/lib/analytics";
import { contextOf, type Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { importDtks, importRecipients } from "@/lib/imports";
import { linkRecords } from "@/lib/linkage";
import { readAreaReport } from "@/lib/report";
import { readScorecard } from "@/lib/scorecard";
import { searchRegister } from "@/lib/search";
import { vectorTile } from "@/lib/tiles";
import { listSuggestions, myTasks } from "@/lib/verval";

import { insertActors } from "../helpers/factories";
import { captureStatements, planOf, scansOf, type CapturedStatement } from "../helpers/statement-capture";
import { openTestDatabase } from "../helpers/test-database";

const CITY = "64.72";
const KECAMATAN = "64.72.05";
const KELURAHAN = "64.72.05.1004";

/**
 * The fan-outs docs/scale.md documents: a statement every shard answers, on purpose. A household
 * reached by its id alone (the household page, /rumah-tangga/{id}) asks each shard's primary key
 * once for one row.
 */
const DOCUMENTED_FAN_OUTS: Array<{ table: string; statement: RegExp }> = [
  { table: "household", statement: /^SELECT id::int AS id, dtks_id, kabkota_code, .* FROM household WHERE id = \$1$/ },
];

/** The scans no kabupaten/kota ties, statement by statement: what would fan out to every shard. */
function unrouted(statements: CapturedStatement[]) {
  return statements.flatMap(({ sql: text, scans }) =>
    scans
      .filter((scan) => !scan.routed)
      .filter((scan) => !DOCUMENTED_FAN_OUTS.some((f) => f.table === scan.table && f.statement.test(text)))
      .map((scan) => `${scan.table} ${scan.alias}: ${text.slice(0, 240)}`),
  );
}

/**
 * The property that makes the register's questions Citus router queries (docs/scale.md): every
 * statement a domain verb runs on `household`, `person`, `aid_receipt`, the coverage tables or
 * record linkage's reads them for one kabupaten/kota — each scan held to a `kabkota_code` equality, a join between
 * them through its `kabkota_code`. Checked on the plans PostgreSQL makes (PGlite, EXPLAIN VERBOSE),
 * captured as the verbs run on a seeded city.
 */
describe("every statement on the distributed tables is routed by kabkota_code [pglite]", () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let ctx: Context;
  let dinsos: Context;
  let lurah: Context;
  let household = 0;

  beforeAll(async () => {
    handle = await openTestDatabase("pglite");
    ctx = contextOf(handle);
    await seedDemoCity({ ctx, input: { seed: 3, households: 400 } });
    await warmCoverage({ ctx });
    const actors = await insertActors(ctx.db, {
      dinsos: { role: "dinsos", areas: [CITY] },
      lurah: { role: "lurah", areas: [KELURAHAN] },
    });
    dinsos = { ...ctx, actor: actors.dinsos };
    lurah = { ...ctx, actor: actors.lurah };
    const [row] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT id::int AS id FROM household WHERE kabkota_code = ${CITY} AND effective_kelurahan_code = ${KELURAHAN} LIMIT 1`,
    );
    household = row!.id;
  }, 300_000);

  afterAll(async () => {
    await handle?.close();
  });

  it("judges plans: a scan without a kabkota_code equality is caught, one with it passes", async () => {
    const plan = async (text: string) => scansOf(await planOf(ctx.db, sql.raw(text), { verbose: true }));
    expect(await plan(`SELECT count(*) FROM household h WHERE h.id = 1`)).toEqual([
      { table: "household", alias: "h", routed: false },
    ]);
    expect(await plan(`SELECT count(*) FROM household h WHERE h.kabkota_code = '64.72' AND h.id = 1`)).toEqual([
      { table: "household", alias: "h", routed: true },
    ]);
    // A join without kabkota_code leaves the joined table to every shard.
    const join = await plan(
      `SELECT count(*) FROM household h JOIN person p ON p.household_id = h.id WHERE h.kabkota_code = '64.72'`,
    );
    expect(join.find((s) => s.table === "person")).toEqual({ table: "person", alias: "p", routed: false });
    const colocated = await plan(
      `SELECT count(*) FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id WHERE h.kabkota_code = '64.72'`,
    );
    expect(colocated.every((s) => s.routed)).toBe(true);
  });

  it("finds a verb whose filter on kabkota_code is removed (the capture sees what runs)", async () => {
    const capture = captureStatements(handle.pglite!);
    try {
      await ctx.db.execute(sql`SELECT count(*) FROM aid_receipt r WHERE r.period = '2025-01'`);
      await ctx.db.transaction(async (tx) => {
        await tx.execute(
          sql`SELECT count(*) FROM aid_receipt r WHERE r.kabkota_code = ${CITY} AND r.period = '2025-01'`,
        );
      });
    } finally {
      capture.stop();
    }
    expect(unrouted(capture.statements)).toEqual([
      "aid_receipt r: SELECT count(*) FROM aid_receipt r WHERE r.period = '2025-01'",
    ]);
    expect(capture.statements).toHaveLength(2);
  });

  it("routes every statement of the area, household, search, tile, verval, scorecard, report and import verbs", async () => {
    const capture = captureStatements(handle.pglite!);
    try {
      for (const code of [CITY, KECAMATAN, KELURAHAN]) {
        const summary = await areaSummary({ ctx: dinsos, input: { code } });
        await areaSummary({ ctx: dinsos, input: { code, from: "2024-02", to: "2024-07" } });
        await areaOverlap({ ctx: dinsos, input: { code } });
        await areaTrend({ ctx: dinsos, input: { code } });
        await areaMonthlyCoverage({ ctx: dinsos, input: { code, ...summary!.window } });
        await readScorecard({ ctx: dinsos, input: { code } });
        await readAreaReport({ ctx: dinsos, input: { code, indicator: "stacked_rate" } });
      }
      for (const list of ["stacked", "uncovered", "errors", "all"] as const)
        await listHouseholds({ ctx: lurah, input: { code: KELURAHAN, list, page: 1, sort: "alamat" } });
      await explainHousehold({ ctx: lurah, input: { id: household } });
      await searchRegister({ ctx: dinsos, input: { by: "nama", q: "Siti" } });
      for (const layer of ["kelurahan", "rt", "rumah-tangga"] as const)
        await vectorTile({ ctx: dinsos, input: { layer, z: 13, x: 6762, y: 4107 } });
      await listSuggestions({ ctx: lurah, input: {} });
      await myTasks(lurah);
      await importRecipients({
        ctx: dinsos,
        input: {
          fileName: "pkh-routing.csv",
          bytes: new TextEncoder().encode(`nik,nominal,kode_kelurahan\n6472051708850003,750000,${KELURAHAN}\n`),
          program: "PKH",
          period: "2025-11",
        },
      });
      // Linkage before and after the DTKS file brings a new name: the second run compares the names
      // it kept with the register names met since.
      await linkRecords({ ctx: dinsos, input: { kabkotaCode: CITY } });
      await importDtks({
        ctx: dinsos,
        input: {
          fileName: "dtks-routing.csv",
          bytes: new TextEncoder().encode(
            "id_dtks,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,kode_kelurahan,rw,rt,desil\n" +
              `RUTE-1,6472051203150007,6472051708850003,Ahmad Rute,17-08-1985,L,kepala keluarga,${KELURAHAN},1,2,3\n`,
          ),
        },
      });
      await linkRecords({ ctx: dinsos, input: { kabkotaCode: CITY } });
      await warmCoverage({ ctx });
    } finally {
      capture.stop();
    }
    expect(capture.statements.length).toBeGreaterThan(100);
    expect(unrouted(capture.statements)).toEqual([]);
  }, 600_000);
});
