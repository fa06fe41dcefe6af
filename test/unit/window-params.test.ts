import { describe, expect, it } from "vitest";

import { MAX_WINDOW_MONTHS, monthsBetween, windowParams } from "@/lib/analytics";

describe("windowParams", () => {
  it("refuses a window longer than MAX_WINDOW_MONTHS, naming the field in Bahasa Indonesia", () => {
    const parsed = windowParams.safeParse({ from: "1900-01", to: "2100-12" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["to", `jendela paling panjang ${MAX_WINDOW_MONTHS} bulan`],
    ]);
    expect(windowParams.safeParse({ from: "2016-01", to: "2025-12" }).success).toBe(true);
    expect(windowParams.safeParse({ from: "2015-12", to: "2025-12" }).success).toBe(false);
  });

  it("counts a window's months, both ends included", () => {
    expect(monthsBetween("2025-01", "2025-01")).toBe(1);
    expect(monthsBetween("2024-11", "2025-02")).toBe(4);
  });
});
