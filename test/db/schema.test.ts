import { sql } from "drizzle-orm";
import { expect, it } from "vitest";

import { migrateDatabase, queryRows } from "@/db/engine";
import { checkHealth } from "@/lib/health";

import { describeEachEngine } from "../helpers/each-engine";
import { insertArea, insertBatch, insertHousehold } from "../helpers/factories";

describeEachEngine("migrated schema", (fixture, engine) => {
  it("has PostGIS and pg_trgm installed", async () => {
    const health = await checkHealth({ ctx: fixture().ctx });
    expect(health).toMatchObject({ ok: true, engine });
    expect(health.postgis).toMatch(/^3\.\d+\.\d+/);
    const ext = await queryRows<{ extname: string }>(
      fixture().ctx.db,
      sql`SELECT extname FROM pg_extension ORDER BY extname`,
    );
    expect(ext.map((e) => e.extname)).toEqual(expect.arrayContaining(["pg_trgm", "postgis"]));
  });

  it("holds the national programs, their aliases and the default exclusivity rules", async () => {
    const { db } = fixture().ctx;
    const programs = await queryRows<{ code: string; level: string; unit: string }>(
      db,
      sql`SELECT code, level, unit FROM program ORDER BY code`,
    );
    expect(programs).toEqual([
      { code: "BLT-DD", level: "desa", unit: "household" },
      { code: "BPNT", level: "pusat", unit: "household" },
      { code: "BST", level: "pusat", unit: "household" },
      { code: "PBI-JK", level: "pusat", unit: "person" },
      { code: "PKH", level: "pusat", unit: "household" },
    ]);
    const [sembako] = await queryRows<{ program_code: string }>(
      db,
      sql`SELECT program_code FROM program_alias WHERE alias = 'SEMBAKO'`,
    );
    expect(sembako?.program_code).toBe("BPNT");
    const rules = await queryRows<{ pair: string }>(
      db,
      sql`SELECT program_code || '×' || excluded_program_code AS pair FROM program_exclusion ORDER BY 1`,
    );
    expect(rules.map((r) => r.pair)).toEqual(["BLT-DD×BPNT", "BLT-DD×BST", "BLT-DD×PKH", "BPNT×BST", "BST×PKH"]);
  });

  it("carries kabkota_code in the key of every large table (Citus distribution column)", async () => {
    const rows = await queryRows<{ table_name: string; first_key: string }>(
      fixture().ctx.db,
      sql`
        SELECT c.relname AS table_name, a.attname AS first_key
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
        WHERE i.indisprimary AND c.relname = ANY(${sql.param([
          "household",
          "household_history",
          "person",
          "aid_receipt",
          "import_rejection",
          "proposal",
          "proposal_history",
          "linkage_pair",
          "linkage_register_name",
          "linkage_listed_name",
          "linkage_name_pair",
        ])}::text[])
        ORDER BY 1`,
    );
    expect(rows).toHaveLength(11);
    for (const row of rows) expect(row.first_key, row.table_name).toBe("kabkota_code");
  });

  it("refuses to change or delete audit log entries", async () => {
    const { db } = fixture().ctx;
    await db.execute(sql`INSERT INTO audit_log (action, username) VALUES ('uji', 'tes')`);
    await expect(db.execute(sql`UPDATE audit_log SET action = 'diubah'`)).rejects.toThrow();
    await expect(db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'uji'`,
    );
    expect(row?.n).toBe(1);
  });

  it("rejects register values outside their vocabularies", async () => {
    const { db } = fixture().ctx;
    // Refused by the named constraint, not by anything else the factory might get wrong.
    const violates = (constraint: string) => ({
      cause: expect.objectContaining({ message: expect.stringContaining(constraint) }),
    });
    await expect(insertHousehold(db, { dtksId: "x1", desil: 11 })).rejects.toMatchObject(
      violates("household_desil_range"),
    );
    await expect(insertHousehold(db, { dtksId: "x2", status: "nonaktif" })).rejects.toMatchObject(
      violates("household_nonaktif_has_reason"),
    );
    await expect(insertArea(db, { code: "64.7", level: "kabkota" })).rejects.toMatchObject(
      violates("area_code_format"),
    );
  });

  it("plans no nested loop in the data change trigger, whose transition tables keep the row count of a session's first call", async () => {
    const { db } = fixture().ctx;
    const [trigger] = await queryRows<{ config: string[] | null }>(
      db,
      sql`SELECT proconfig AS config FROM pg_proc WHERE proname = 'record_data_change'`,
    );
    // A later CREATE OR REPLACE of the function drops the setting unless it names it again (0038).
    expect(trigger?.config).toContain("enable_nestloop=off");
    const batch = await insertBatch(db);
    await db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, no_kk, source_file, source_row, import_batch_id)
      SELECT '64.72', 'PKH', '2021-03', lpad(n::text, 16, '7'), 'uji', n, ${batch.id} FROM generate_series(1, 2000) n`);
    // The session's first update of receipts changes none; the next moves 2,000 to another month.
    await db.execute(sql`UPDATE aid_receipt SET period = '2021-05' WHERE import_batch_id = ${batch.id} AND false`);
    await db.execute(sql`UPDATE aid_receipt SET period = '2021-04' WHERE import_batch_id = ${batch.id}`);
    const changes = await queryRows<{ period: string }>(
      db,
      sql`SELECT period FROM coverage_change
          WHERE scope = 'period' AND data_version = (SELECT version FROM data_version WHERE id = 1) ORDER BY period`,
    );
    expect(changes.map((change) => change.period)).toEqual(["2021-03", "2021-04"]);
  });

  it("applies the migrations again as a no-op", async () => {
    await migrateDatabase(fixture().handle);
    const [row] = await queryRows<{ n: number }>(fixture().ctx.db, sql`SELECT count(*)::int AS n FROM program`);
    expect(row?.n).toBe(5);
  });
});
