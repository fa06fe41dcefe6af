import { sql, type SQL } from "drizzle-orm";
import { expect, it } from "vitest";

import { areaSummary, warmCoverage } from "@/lib/analytics";
import {
  analyzeChangedTables,
  analyzeNewKeys,
  keysUnknownToStatistics,
  queryRows,
  vacuumAfterRewrite,
  type Database,
} from "@/lib/db";
import { seedDemoCity } from "@/lib/demo";
import { openStage } from "@/lib/imports/stage";

import { describeEachEngine } from "../helpers/each-engine";
import { planOf } from "../helpers/statement-capture";

/** What the planner believes a table holds: -1 when its statistics were never taken. */
async function believedRows(db: Database, table: string): Promise<number> {
  const [row] = await queryRows<{ rows: number }>(
    db,
    sql`SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = ${table}::regclass`,
  );
  return row!.rows;
}

/** How many rows the planner expects `query` to return. */
async function plannedRows(db: Database, query: SQL): Promise<number> {
  return (await planOf(db, query))["Plan Rows"] as number;
}

/**
 * Runs `work` with the server's autovacuum off for `tables`: taking their statistics first, it
 * would make a test of when the app takes them prove nothing.
 */
async function withoutAutovacuum(db: Database, tables: string[], work: () => Promise<void>): Promise<void> {
  for (const table of tables) {
    await db.execute(sql`ALTER TABLE ${sql.identifier(table)} SET (autovacuum_enabled = false)`);
  }
  try {
    await work();
  } finally {
    for (const table of tables) {
      await db.execute(sql`ALTER TABLE ${sql.identifier(table)} RESET (autovacuum_enabled)`);
    }
  }
}

describeEachEngine("the planner's statistics kept as autovacuum would (PGlite has none)", (fixture, engine) => {
  it("analyzes a table that has rows but no statistics, then only once it grew by more than a tenth", async () => {
    const { db } = fixture().ctx;
    // The server's own autovacuum must not take them first, or the test would prove nothing.
    await db.execute(sql`CREATE TABLE statistics_probe (id int) WITH (autovacuum_enabled = false)`);
    await db.execute(sql`INSERT INTO statistics_probe SELECT generate_series(1, 20000)`);
    expect(await believedRows(db, "statistics_probe")).toBeLessThan(0);

    expect(await analyzeChangedTables(db)).toContain("statistics_probe");
    expect(await believedRows(db, "statistics_probe")).toBe(20000);
    expect(await analyzeChangedTables(db)).not.toContain("statistics_probe");

    await db.execute(sql`INSERT INTO statistics_probe SELECT generate_series(1, 1000)`);
    expect(await analyzeChangedTables(db)).not.toContain("statistics_probe");
    await db.execute(sql`INSERT INTO statistics_probe SELECT generate_series(1, 10000)`);
    expect(await analyzeChangedTables(db)).toContain("statistics_probe");
    expect(await believedRows(db, "statistics_probe")).toBe(31000);
    await db.execute(sql`DROP TABLE statistics_probe`);
  });

  it("takes an import stage's statistics of the columns it marks joined, or of all when it marks none", async () => {
    const { ctx } = fixture();
    const statisticsOf = async (table: string) =>
      (
        await queryRows<{ name: string }>(
          ctx.db,
          sql`SELECT attname AS name FROM pg_stats WHERE schemaname = current_schema() AND tablename = ${table} ORDER BY attname`,
        )
      ).map((row) => row.name);
    const rows = Array.from({ length: 2000 }, (_, n) => [`ID-${n}`, n % 7, `Jl. Contoh ${n}`]);
    const columns = [
      { name: "dtks_id", type: "text" },
      { name: "desil", type: "int" },
      { name: "address", type: "text" },
    ];
    const marked = await openStage(ctx, "probe_marked", [{ ...columns[0]!, joined: true }, ...columns.slice(1)]);
    const unmarked = await openStage(ctx, "probe_all", columns);
    try {
      await marked.load(rows);
      await unmarked.load(rows);
      const names = (
        await queryRows<{ name: string }>(
          ctx.db,
          sql`SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'import_stage_%probe_%' ORDER BY tablename`,
        )
      ).map((row) => row.name);
      expect(names).toHaveLength(2);
      const byPurpose = (purpose: string) => names.find((name) => name.includes(purpose))!;
      expect(await statisticsOf(byPurpose("probe_marked"))).toEqual(["dtks_id"]);
      expect(await statisticsOf(byPurpose("probe_all"))).toEqual(["address", "desil", "dtks_id"]);
    } finally {
      await marked.drop();
      await unmarked.drop();
    }
  });

  it("leaves no table of the register, releases or coverage cache without statistics once a seed is warmed", async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 2, households: 1500 } });
    await warmCoverage({ ctx });
    for (const table of ["household", "person", "aid_receipt", "dtks_release_household", "coverage_month_household"]) {
      const [counted] = await queryRows<{ rows: number }>(
        ctx.db,
        sql`SELECT count(*)::int AS rows FROM ${sql.identifier(table)}`,
      );
      expect(counted!.rows, table).toBeGreaterThan(1000);
      const believed = await believedRows(ctx.db, table);
      expect(Math.abs(believed - counted!.rows) / counted!.rows, table).toBeLessThan(0.1);
    }
  });

  // The receipts of the seed above.
  it("vacuums and analyzes the receipts after a write rewrote more than a twentieth of them, and not after a smaller one", async () => {
    const { db } = fixture().ctx;
    const vacuums = async () => {
      await db.execute(sql`SELECT pg_stat_clear_snapshot()`);
      const [row] = await queryRows<{ vacuums: number; analyses: number }>(
        db,
        sql`SELECT vacuum_count::int AS vacuums, analyze_count::int AS analyses
            FROM pg_stat_user_tables WHERE relid = 'aid_receipt'::regclass`,
      );
      return row!;
    };
    const rewrite = async (every: number) => {
      const [row] = await queryRows<{ rows: number }>(
        db,
        sql`WITH rewritten AS (UPDATE aid_receipt SET amount = amount WHERE id % ${every} = 0 RETURNING 1)
            SELECT count(*)::int AS rows FROM rewritten`,
      );
      return row!.rows;
    };
    const before = await vacuums();
    expect(await vacuumAfterRewrite(db, "aid_receipt", await rewrite(100))).toBe(false);
    expect(await vacuums()).toEqual(before);
    let announced = false;
    expect(
      await vacuumAfterRewrite(db, "aid_receipt", await rewrite(10), () => {
        announced = true;
      }),
    ).toBe(true);
    expect(announced).toBe(true);
    // Its statistics too: the rewritten columns (a relink's matches) are planned from anew.
    expect(await vacuums()).toEqual({ vacuums: before.vacuums + 1, analyses: before.analyses + 1 });
  });

  // The receipts of the seed above.
  it("analyzes the receipts when a list brings a month their statistics do not know, and not for a month they know", async () => {
    const { db } = fixture().ctx;
    const estimatedRows = (period: string) =>
      plannedRows(db, sql`SELECT * FROM aid_receipt WHERE kabkota_code = '64.72' AND period = ${period}`);
    const [{ latest, next }] = (await queryRows<{ latest: string; next: string }>(
      db,
      sql`SELECT max(period) AS latest, to_char(to_date(max(period), 'YYYY-MM') + interval '1 month', 'YYYY-MM') AS next
          FROM aid_receipt`,
    )) as [{ latest: string; next: string }];
    expect(await analyzeNewKeys(db, "aid_receipt", [latest])).toBe(false);
    await db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                               import_batch_id, source_file, source_row)
      SELECT kabkota_code, program_code, ${next}, nik, nik_check, no_kk, name, amount, kelurahan_code,
             import_batch_id, 'uji-bulan-baru', source_row
      FROM aid_receipt WHERE period = ${latest} ORDER BY id LIMIT 500`);
    // Unknown to the statistics, a month of 500 receipts is planned as a handful.
    expect(await estimatedRows(next)).toBeLessThan(10);
    expect(await analyzeNewKeys(db, "aid_receipt", [latest, next])).toBe(true);
    expect(await estimatedRows(next)).toBeGreaterThan(250);
    expect(await analyzeNewKeys(db, "aid_receipt", [next])).toBe(false);
  });

  // The register of the seed above.
  it("knows the rows of a base and of months stored anew before a window is counted from them", async () => {
    const { ctx } = fixture();
    await withoutAutovacuum(ctx.db, ["coverage_base_household", "coverage_month_household"], async () => {
      // A write that changes everything: the next summary stores a new base and new months.
      await ctx.db.execute(sql`UPDATE program SET name = name || '' WHERE code = (SELECT min(code) FROM program)`);
      await areaSummary({ ctx, input: { code: "64.72" } });
      const stored = await queryRows<{ table: string; id: number; rows: number }>(
        ctx.db,
        sql`SELECT 'coverage_base_household' AS table, b.id, count(*)::int AS rows
            FROM coverage_base b JOIN coverage_base_household h ON h.base_id = b.id
            WHERE b.data_version = (SELECT version FROM data_version WHERE id = 1) GROUP BY b.id
            UNION ALL
            SELECT 'coverage_month_household', m.id, count(*)::int
            FROM coverage_month m JOIN coverage_month_household h ON h.month_id = m.id
            WHERE m.data_version = (SELECT version FROM data_version WHERE id = 1) GROUP BY m.id`,
      );
      expect(stored.filter((part) => part.table === "coverage_base_household")).toHaveLength(1);
      expect(stored.filter((part) => part.table === "coverage_month_household").length).toBeGreaterThan(1);
      for (const part of stored) {
        const key = sql.raw(part.table === "coverage_base_household" ? "base_id" : "month_id");
        const planned = await plannedRows(
          ctx.db,
          sql`SELECT * FROM ${sql.identifier(part.table)} WHERE kabkota_code = '64.72' AND ${key} = ${part.id}`,
        );
        // Unknown to the statistics, a part of hundreds of rows is planned as a handful.
        expect(planned, `${part.table} ${part.id}`).toBeGreaterThan(part.rows / 2);
      }
    });
  });

  // The cache of the seed above, at the version the previous test stored.
  it("takes the month tables' statistics when most of a window's months are new, not for a new month among known ones", async () => {
    const { ctx } = fixture();
    await withoutAutovacuum(ctx.db, ["coverage_month_household", "coverage_month_rt"], async () => {
      await areaSummary({ ctx, input: { code: "64.72" } });
      const [{ latest, next }] = (await queryRows<{ latest: string; next: string }>(
        ctx.db,
        sql`SELECT max(period) AS latest, to_char(to_date(max(period), 'YYYY-MM') + interval '1 month', 'YYYY-MM') AS next
            FROM aid_receipt`,
      )) as [{ latest: string; next: string }];
      // A month's list: the first receipts matched in the latest month that has any, a month on.
      await ctx.db.execute(sql`
        INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, amount, kelurahan_code,
                                 matched_household_id, match_method, import_batch_id, source_file, source_row)
        SELECT kabkota_code, program_code, ${next}, nik, nik_check, no_kk, name, amount, kelurahan_code,
               matched_household_id, match_method, import_batch_id, 'uji-bulan-berikut', source_row
        FROM aid_receipt WHERE matched_household_id IS NOT NULL
          AND period = (SELECT max(period) FROM aid_receipt WHERE matched_household_id IS NOT NULL)
        ORDER BY id LIMIT 400`);
      const monthOf = async (period: string) => {
        const [month] = await queryRows<{ id: number; rows: number; months: number }>(
          ctx.db,
          sql`SELECT m.id, (SELECT count(*)::int FROM coverage_month_household h WHERE h.month_id = m.id) AS rows,
                     (SELECT count(*)::int FROM coverage_month o WHERE o.data_version = m.data_version) AS months
              FROM coverage_month m WHERE m.period = ${period} AND m.data_version = (SELECT version FROM data_version WHERE id = 1)`,
        );
        return month!;
      };
      const planned = (id: number) =>
        plannedRows(
          ctx.db,
          sql`SELECT * FROM coverage_month_household WHERE kabkota_code = '64.72' AND month_id = ${id}`,
        );
      // The default window ends at the new month: the others, carried, are known.
      await areaSummary({ ctx, input: { code: "64.72" } });
      const month = await monthOf(next);
      expect(month.rows).toBeGreaterThan(100);
      expect(month.months).toBeGreaterThan(4);
      // Not analyzed for it: planned as a handful.
      expect(await planned(month.id)).toBeLessThan(10);
      // The month before it holds only the unmatched receipts of the test above: no household
      // rows, which no analysis would make known. A window of it alone analyzes nothing.
      const empty = await monthOf(latest);
      expect(empty.rows).toBe(0);
      await areaSummary({ ctx, input: { code: "64.72", from: latest, to: latest } });
      expect(await planned(month.id)).toBeLessThan(10);
      // A window of that month alone: every month it reads is new, so they are analyzed first.
      await areaSummary({ ctx, input: { code: "64.72", from: next, to: next } });
      expect(await planned(month.id)).toBeGreaterThan(month.rows / 2);
      // An id at or below the greatest one known was stored before the statistics were taken,
      // with its rows or with none (a month without matched receipts): never new, never analyzed for.
      expect(await keysUnknownToStatistics(ctx.db, "coverage_month_household", [0, month.id - 1, month.id])).toBe(0);
      // More than a quarter of the months new: taken; a quarter: left.
      const ahead = 2 ** 30;
      const share = { unknownShare: 0.25 };
      const known = [month.id, month.id - 1, month.id - 2];
      expect(await analyzeNewKeys(ctx.db, "coverage_month_rt", [...known, ahead], share)).toBe(false);
      expect(await analyzeNewKeys(ctx.db, "coverage_month_rt", [...known.slice(1), ahead], share)).toBe(true);
    });
  });

  // Two connections: the server's alone.
  it.skipIf(engine !== "postgres")(
    "leaves a table another transaction holds for ANALYZE after a short wait, its own transaction intact",
    async () => {
      const { db } = fixture().ctx;
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding = () => {};
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = db.transaction(async (tx) => {
        await tx.execute(sql`ANALYZE coverage_span_rt`);
        holding();
        await released;
      });
      await held;
      try {
        const seen = await db.transaction(async (tx) => {
          const before = await queryRows<{ wait: string }>(tx, sql`SELECT current_setting('lock_timeout') AS wait`);
          const analyzed = await analyzeNewKeys(tx, "coverage_span_rt", [2 ** 30]);
          const after = await queryRows<{ wait: string }>(tx, sql`SELECT current_setting('lock_timeout') AS wait`);
          return { analyzed, before, after };
        });
        expect(seen.analyzed).toBe(false);
        expect(seen.after).toEqual(seen.before);
      } finally {
        release();
        await holder;
      }
      // Once the other transaction has ended, the table is analyzed.
      expect(await analyzeNewKeys(db, "coverage_span_rt", [2 ** 30])).toBe(true);
    },
  );
});
