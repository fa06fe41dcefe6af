import { describe, expect, it } from "vitest";

import { classBreaks, classOf } from "@/lib/map/classes";

describe("choropleth classes", () => {
  const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  it("puts about as many areas in each quantile class", () => {
    const breaks = classBreaks(values, "kuantil");
    expect(breaks).toEqual([1, 3, 5, 7, 9]);
    const sizes = [0, 0, 0, 0, 0];
    for (const v of values) sizes[classOf(v, breaks)]!++;
    expect(sizes).toEqual([2, 2, 2, 2, 2]);
  });

  it("splits the range evenly for equal intervals", () => {
    expect(classBreaks([0, 10, 100], "interval")).toEqual([20, 40, 60, 80, 100]);
    expect(classOf(0, [20, 40, 60, 80, 100])).toBe(0);
    expect(classOf(100, [20, 40, 60, 80, 100])).toBe(4);
  });

  it("collapses repeated bounds and ignores what is not a number", () => {
    expect(classBreaks([5, 5, 5, 5, Number.NaN], "kuantil")).toEqual([5]);
    expect(classBreaks([0, 0, 0, 0, 10], "kuantil")).toEqual([0, 10]);
    expect(classBreaks([], "interval")).toEqual([]);
  });
});
