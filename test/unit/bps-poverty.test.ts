import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { parseCsv } from "@/lib/imports";
import { BPS_POVERTY, bpsPovertyOf, yearsWithGaps } from "@/lib/reference/bps-poverty";

import { HAS_SHARED_DATA, SHARED_DATA } from "../helpers/shared-data";

describe("BPS poverty series", () => {
  it("shows the years BPS has no figure for as gaps, not zeros", () => {
    const samarinda = yearsWithGaps(bpsPovertyOf("64.72")!);
    expect(samarinda.map((y) => y.year)).toEqual([2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(samarinda.filter((y) => y.poorPct === null).map((y) => y.year)).toEqual([2017, 2018, 2019]);
    expect(bpsPovertyOf("64.71")).toBeNull();
  });

  it.runIf(HAS_SHARED_DATA)("holds exactly the figures of the shared BPS table", () => {
    const [header, ...rows] = parseCsv(readFileSync(path.join(SHARED_DATA, "bps-poverty.csv"), "utf8"));
    const column = (name: string) => header!.cells.indexOf(name);
    for (const series of BPS_POVERTY) {
      const published = rows.filter((r) => r.cells[column("area_code")] === series.areaCode);
      expect(series.years.map((y) => y.year)).toEqual(published.map((r) => Number(r.cells[column("year")])));
      for (const year of series.years) {
        const row = published.find((r) => Number(r.cells[column("year")]) === year.year)!;
        expect(year.poorPct).toBe(Number(row.cells[column("poor_pct")]));
        const count = row.cells[column("poor_count_thousands")];
        expect(year.poorThousands).toBe(count ? Number(count) : undefined);
      }
    }
  });
});
