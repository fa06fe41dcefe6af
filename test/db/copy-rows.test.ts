import { sql } from "drizzle-orm";
import { expect, it } from "vitest";

import { queryRows } from "@/db/engine";

import { describeEachEngine } from "../helpers/each-engine";

describeEachEngine("bulk load through COPY", (fixture) => {
  it("loads many rows exactly, with NULL, empty text, quotes, commas, line breaks and geometry", async () => {
    const { ctx } = fixture();
    await ctx.db.execute(sql`CREATE TABLE copy_probe (n int, label text, geom geometry(Point, 4326))`);
    const tricky = ['kutip "dua"', "koma, titik", "baris\nbaru", "", "ñ é ü"];
    const rows = function* () {
      for (let n = 0; n < 120_000; n++) {
        yield [
          n,
          n % 7 === 0 ? null : tricky[n % tricky.length]!,
          n % 3 === 0 ? null : `SRID=4326;POINT(${117 + n / 1e6} -0.5)`,
        ];
      }
    };
    expect(await ctx.copyRows("copy_probe", ["n", "label", "geom"], rows())).toBe(120_000);
    const [summary] = await queryRows<{
      rows: number;
      nulls: number;
      empties: number;
      quoted: number;
      points: number;
      sum: number;
    }>(
      ctx.db,
      sql`SELECT count(*)::int AS rows, count(*) FILTER (WHERE label IS NULL)::int AS nulls,
                 count(*) FILTER (WHERE label = '')::int AS empties,
                 count(*) FILTER (WHERE label = 'kutip "dua"')::int AS quoted,
                 count(geom)::int AS points, sum(n)::float8 AS sum
          FROM copy_probe`,
    );
    const expected = { nulls: 0, empties: 0, quoted: 0, points: 0, sum: 0 };
    for (let n = 0; n < 120_000; n++) {
      const label = n % 7 === 0 ? null : tricky[n % tricky.length];
      if (label === null) expected.nulls++;
      else if (label === "") expected.empties++;
      else if (label === 'kutip "dua"') expected.quoted++;
      if (n % 3 !== 0) expected.points++;
      expected.sum += n;
    }
    expect(summary).toEqual({ rows: 120_000, ...expected });
    const [line] = await queryRows<{ label: string }>(ctx.db, sql`SELECT label FROM copy_probe WHERE n = 2`);
    expect(line!.label).toBe("baris\nbaru");
  });
});
