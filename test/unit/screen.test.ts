import { describe, expect, it } from "vitest";

import { changeText, countText, rateText } from "@/app/layar/figures";
import { complementaryHidden, pinsACell, shownCount, shownRate } from "@/lib/screen/suppress";

describe("shownCount", () => {
  it("hides counts from 1 to k − 1 and keeps zero and larger counts", () => {
    expect(shownCount(0, 5)).toBe(0);
    expect(shownCount(1, 5)).toEqual({ below: 5 });
    expect(shownCount(4, 5)).toEqual({ below: 5 });
    expect(shownCount(5, 5)).toBe(5);
  });
});

describe("shownRate", () => {
  it("gives a rate to one decimal only when its base reaches k", () => {
    expect(shownRate(1, 3, 5)).toBeNull();
    expect(shownRate(0, 0, 5)).toBeNull();
    expect(shownRate(5, 15, 5)).toBe(33.3);
    expect(shownRate(6, 6, 5)).toBe(100);
  });

  it("hides a rate whose numerator is below k, and keeps a rate of zero", () => {
    expect(shownRate(2, 6, 5)).toBeNull();
    expect(shownRate(4, 1000, 5)).toBeNull();
    expect(shownRate(0, 1000, 5)).toBe(0);
  });
});

/**
 * What a reader learns by differencing: the total minus the cells shown is the sum of the hidden
 * cells; each hidden cell is "< k" (1..k − 1) or blank (0 or more). A single hidden cell is
 * revealed when those bounds leave it one value.
 */
function revealedByDifferencing(cells: Array<{ key: string; value: number }>, k: number): string[] {
  const blank = complementaryHidden(cells, k);
  const total = cells.reduce((s, c) => s + c.value, 0);
  const shown = cells.filter((c) => !blank.has(c.key) && !(c.value > 0 && c.value < k));
  const hidden = cells
    .filter((c) => !shown.includes(c))
    .map((c) => ({ key: c.key, min: blank.has(c.key) ? 0 : 1, max: blank.has(c.key) ? Infinity : k - 1 }));
  const rest = total - shown.reduce((s, c) => s + c.value, 0);
  return hidden
    .filter((cell, i) => {
      const others = hidden.filter((_, j) => j !== i);
      const low = Math.max(cell.min, rest - others.reduce((s, o) => s + o.max, 0));
      const high = Math.min(cell.max, rest - others.reduce((s, o) => s + o.min, 0));
      return low === high;
    })
    .map((cell) => cell.key);
}

describe("complementaryHidden", () => {
  const cells = (...values: number[]) => values.map((value, i) => ({ key: `k${i}`, value }));

  it("hides nothing when no cell is below k", () => {
    expect([...complementaryHidden(cells(0, 5, 40), 5)]).toEqual([]);
  });

  it("hides the next smallest cell beside a lone small one, non-zero before zero", () => {
    expect([...complementaryHidden(cells(3, 0, 40, 12, 12), 5)]).toEqual(["k3"]);
    expect([...complementaryHidden(cells(3, 0, 0), 5)].sort()).toEqual(["k1", "k2"]);
  });

  it("keeps hiding while the hidden cells sum to less than k or pin one of them", () => {
    // 1 + 1 of k = 5: two cells of "< 5" summing to 2 are both 1.
    expect([...complementaryHidden(cells(1, 1, 9, 30), 5)]).toEqual(["k2"]);
    // 4 + 4: two cells of "< 5" summing to 8 are both 4.
    expect([...complementaryHidden(cells(4, 4, 9, 30), 5)]).toEqual(["k2"]);
    // 2 + 3 leaves each anywhere in 1..4: nothing more to hide.
    expect([...complementaryHidden(cells(2, 3, 9, 30), 5)]).toEqual([]);
  });

  it("leaves no hidden cell to be found by differencing, over many groups", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let group = 0; group < 2000; group++) {
      const k = 3 + Math.floor(random() * 8);
      const values = Array.from({ length: 2 + Math.floor(random() * 12) }, () =>
        random() < 0.3 ? 0 : Math.floor(random() ** 2 * 60),
      );
      const group_ = cells(...values);
      // A group with every cell hidden has nothing left to hide behind (its total is then all it shows).
      if (complementaryHidden(group_, k).size === values.filter((v) => v === 0 || v >= k).length) continue;
      expect(revealedByDifferencing(group_, k), JSON.stringify({ k, values })).toEqual([]);
    }
  });

  it("says when bounds pin a cell", () => {
    expect(pinsACell([{ primary: true }], 3, 5)).toBe(true);
    expect(pinsACell([{ primary: true }, { primary: true }], 8, 5)).toBe(true);
    expect(pinsACell([{ primary: true }, { primary: false }], 8, 5)).toBe(false);
  });
});

describe("screen figures", () => {
  it("prints suppressed counts as < k and changes in points", () => {
    expect(countText({ below: 5 })).toBe("< 5");
    expect(countText(42124)).toBe("42.124");
    expect(rateText(null)).toBe("–");
    expect(rateText(12.25)).toBe("12,3%");
    expect(changeText(50, 47.9)).toBe("▲ 2,1 poin");
    expect(changeText(40, 41)).toBe("▼ 1,0 poin");
    expect(changeText(40, 40.01)).toBe("tetap");
    expect(changeText(40, null)).toBe("baru");
  });
});
