import { describe, expect, it } from "vitest";
import { changeText, countText, rateText } from "@/app/layar/figures";
import { shownCount, shownRate } from "@/lib/screen/suppress";

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
    expect(shownRate(2, 6, 5)).toBe(33.3);
    expect(shownRate(6, 6, 5)).toBe(100);
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
