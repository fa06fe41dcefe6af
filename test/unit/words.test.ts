import { describe, expect, it } from "vitest";

import { describeAuditValue } from "@/lib/access";
import { INDICATOR_KEYS, INDICATORS } from "@/lib/analytics/browser";
import { formatDate, formatRupiah } from "@/lib/format";
import { TERM_KEYS, TERMS } from "@/lib/glossary";

describe("what a person reads", () => {
  it("writes dates as `2 Des 2026` and rupiah as `Rp 1.250.000`", () => {
    expect(formatDate("2026-12-02")).toBe("2 Des 2026");
    // A moment late on 1 December UTC is already 2 December in Samarinda (WITA, UTC+8).
    expect(formatDate("2026-12-01T17:30:00Z")).toBe("2 Des 2026");
    expect(formatRupiah(1_250_000.4)).toBe("Rp 1.250.000");
    expect(formatRupiah(null)).toBe("–");
  });

  it("shows an audit entry's values as words, never as raw JSON", () => {
    const text = describeAuditValue({
      programs: ["BPNT", "PKH"],
      state: "pelengkap",
      note: null,
      filters: { list: "stacked" },
      active: true,
    });
    expect(text).toBe(
      "program: BPNT, PKH; status pasangan: pelengkap; catatan: –; saring: (daftar: stacked); aktif: ya",
    );
    expect(text).not.toMatch(/[{}"]/);
  });

  it("explains every map indicator with a glossary entry of one line and a definition", () => {
    for (const key of INDICATOR_KEYS) expect(TERM_KEYS, key).toContain(INDICATORS[key].term);
    for (const key of TERM_KEYS) {
      expect(TERMS[key].short.length, key).toBeLessThan(140);
      expect(TERMS[key].definition.length, key).toBeGreaterThan(0);
    }
  });
});
