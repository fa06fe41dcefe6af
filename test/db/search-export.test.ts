import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";
import { queryRows } from "@/db/engine";
import { HOUSEHOLD_SORTS, listHouseholds } from "@/lib/analytics";
import { seedDemoCity } from "@/lib/demo";
import { exportHouseholdList } from "@/lib/exports/household-list";
import { readTable } from "@/lib/imports";
import { searchRegister } from "@/lib/search";
import { describeEachEngine } from "../helpers/each-engine";

const WINDOW = { from: "2025-01", to: "2025-12" };

describeEachEngine("search and list exports on the demo register", (fixture) => {
  let target: { household_id: number; dtks_id: string; name: string; nik: string; kelurahan: string };

  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 3, households: 600 } });
    // A head of household with a long name and a valid NIK, in a known kelurahan.
    [target] = await queryRows<typeof target>(
      fixture().ctx.db,
      sql`SELECT h.id::int AS household_id, h.dtks_id, p.name, p.nik, h.effective_kelurahan_code AS kelurahan
          FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
          WHERE p.nik_check = 'valid' AND length(p.name) >= 12 AND h.effective_kelurahan_code IS NOT NULL
          ORDER BY h.id LIMIT 1`,
    ) as [typeof target];
  });

  it("finds a member by a misspelt name, within the city and within its kelurahan, not in another kecamatan", async () => {
    const { ctx } = fixture();
    // One letter dropped from the middle of the name, and the case changed.
    const cut = Math.floor(target.name.length / 2);
    const typo = (target.name.slice(0, cut) + target.name.slice(cut + 1)).toLowerCase();
    const inCity = (await searchRegister({ ctx, input: { q: typo } }))!;
    expect(inCity.by).toBe("nama");
    expect(inCity.hits.map((h) => h.household_id)).toContain(target.household_id);
    const inKelurahan = (await searchRegister({ ctx, input: { q: typo, area: target.kelurahan } }))!;
    expect(inKelurahan.hits.map((h) => h.household_id)).toContain(target.household_id);
    expect(inKelurahan.hits.every((h) => h.kelurahan_code === target.kelurahan)).toBe(true);
    const [other] = await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT code FROM area WHERE level = 'kecamatan' AND code <> ${target.kelurahan.slice(0, 8)} ORDER BY code LIMIT 1`,
    );
    const elsewhere = (await searchRegister({ ctx, input: { q: typo, area: other!.code } }))!;
    expect(elsewhere.hits.map((h) => h.household_id)).not.toContain(target.household_id);
  });

  it("finds a member by a whole or partial NIK and shows the NIK masked", async () => {
    const { ctx } = fixture();
    const whole = (await searchRegister({ ctx, input: { q: target.nik } }))!;
    expect(whole.by).toBe("nik");
    expect(whole.hits.map((h) => h.household_id)).toContain(target.household_id);
    expect(whole.hits.every((h) => h.nik === null || /^\d{4}\*{10}\d{2}$/.test(h.nik))).toBe(true);
    const partial = (await searchRegister({ ctx, input: { q: target.nik.slice(6, 14) } }))!;
    expect(partial.hits.map((h) => h.household_id)).toContain(target.household_id);
    expect(JSON.stringify(partial)).not.toContain(target.nik);
  });

  it("exports a whole list as CSV and XLSX, with formulas neutralized", async () => {
    const { ctx } = fixture();
    const list = (await listHouseholds({ ctx, input: { code: "64.72", list: "stacked", page: 1, sort: "wilayah", ...WINDOW } }))!;
    expect(list.total).toBeGreaterThan(0);
    // A register id that a spreadsheet would run as a formula.
    const victim = list.households[0]!;
    await ctx.db.execute(sql`UPDATE household SET dtks_id = '=HYPERLINK("http://contoh.invalid","klik")' WHERE id = ${victim.id}`);
    try {
      for (const format of ["csv", "xlsx"] as const) {
        const file = (await exportHouseholdList({ ctx, input: { code: "64.72", list: "stacked", sort: "wilayah", format, ...WINDOW } }))!;
        expect(file.rows).toBe(list.total);
        const table = readTable(file.fileName, file.body);
        expect(table.headers[0]!.replace(/^\ufeff/, "")).toBe("id_dtks");
        expect(table.rows).toHaveLength(list.total);
        const ids = table.rows.map((row) => row.cells[0]!);
        expect(ids).toContain(`'=HYPERLINK("http://contoh.invalid","klik")`);
        expect(ids.some((id) => id.startsWith("="))).toBe(false);
      }
    } finally {
      await ctx.db.execute(sql`UPDATE household SET dtks_id = ${victim.dtks_id} WHERE id = ${victim.id}`);
    }
  });

  it("exports a list read in chunks exactly as read at once, in every sort", async () => {
    const { ctx } = fixture();
    for (const sort of HOUSEHOLD_SORTS) {
      const input = { code: "64.72", list: "stacked", sort, format: "csv", ...WINDOW } as const;
      const whole = (await listHouseholds({ ctx, input: { ...input, page: 1, pageSize: 10_000 } }))!;
      expect(whole.total).toBeGreaterThan(7);
      const file = (await exportHouseholdList({ ctx, input, chunkRows: 7 }))!;
      const ids = readTable(file.fileName, file.body).rows.map((row) => row.cells[0]!);
      expect(ids, sort).toEqual(whole.households.map((h) => h.dtks_id));
    }
  });
});
