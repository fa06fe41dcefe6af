import { describe, expect, it } from "vitest";

import { kecamatanLookup } from "@/lib/areas";
import { checkNik, checkNoKk, idNumberText } from "@/lib/nik";

// 647205 = Kecamatan Samarinda Utara; 647299 is no kecamatan.
const isKecamatan = (digits: string) => ["647205", "647201", "647401"].includes(digits);

describe("checkNik", () => {
  it("accepts a man's NIK whose date matches his birth date", () => {
    expect(checkNik("6472051708850003", { isKecamatan, birthDate: "1985-08-17", sex: "L" })).toEqual({
      check: "valid",
      reason: null,
    });
  });

  it("accepts a woman's NIK with 40 added to the day", () => {
    expect(checkNik("6472055708850012", { isKecamatan, birthDate: "1985-08-17", sex: "P" }).check).toBe("valid");
  });

  it("accepts a NIK on its own, without a row to compare with", () => {
    expect(checkNik("6472014102010001", { isKecamatan }).check).toBe("valid");
  });

  it("reports a missing NIK", () => {
    expect(checkNik("", { isKecamatan }).check).toBe("missing");
    expect(checkNik(null, { isKecamatan }).check).toBe("missing");
    expect(checkNik("   ", { isKecamatan }).check).toBe("missing");
  });

  it.each([
    ["647205170885000", /15 digit/],
    ["64720517088500031", /17 digit/],
    ["64720517O8850003", /selain angka/],
    ["6472051708850000", /nomor urut NIK 0000/],
    ["6472053213850003", /bukan tanggal lahir/],
    ["6472057208850003", /bukan tanggal lahir/],
    ["6472053002850003", /bukan tanggal lahir/],
  ])("calls %s malformed", (nik, reason) => {
    const result = checkNik(nik, { isKecamatan });
    expect(result.check).toBe("malformed");
    expect(result.reason).toMatch(reason);
  });

  it("accepts 29 February only in a leap year", () => {
    expect(checkNik("6472052902000001", { isKecamatan }).check).toBe("valid");
    expect(checkNik("6472052902010001", { isKecamatan }).check).toBe("malformed");
  });

  it("reports a region that is no kecamatan", () => {
    const result = checkNik("6472991708850003", { isKecamatan });
    expect(result).toEqual({
      check: "unknown_region",
      reason: "kode wilayah NIK 64.72.99 bukan kecamatan yang dikenal",
    });
  });

  it("reports a NIK inconsistent with the row's sex", () => {
    expect(checkNik("6472051708850003", { isKecamatan, sex: "P" }).check).toBe("inconsistent");
    expect(checkNik("6472055708850003", { isKecamatan, sex: "L" }).check).toBe("inconsistent");
  });

  it("reports a NIK inconsistent with the row's birth date", () => {
    const result = checkNik("6472051708850003", { isKecamatan, birthDate: "1985-08-18", sex: "L" });
    expect(result.check).toBe("inconsistent");
    expect(result.reason).toMatch(/17-08-85.*1985-08-18/);
    expect(checkNik("6472051708850003", { isKecamatan, birthDate: "1995-08-17" }).check).toBe("inconsistent");
  });

  it("knows real kecamatan from the official list", async () => {
    const lookup = await kecamatanLookup();
    expect(lookup("647205")).toBe(true);
    expect(lookup("647401")).toBe(true);
    expect(lookup("647299")).toBe(false);
    expect(lookup("64720")).toBe(false);
    expect(checkNik("6472051708850003", { isKecamatan: lookup }).check).toBe("valid");
  });
});

describe("checkNoKk", () => {
  it("accepts a card number with a real issue date", () => {
    expect(checkNoKk("6472051203150007", { isKecamatan }).check).toBe("valid");
  });

  it("does not treat day + 40 as valid on a card", () => {
    expect(checkNoKk("6472055203150007", { isKecamatan }).check).toBe("malformed");
  });

  it("reports missing, malformed and unknown region", () => {
    expect(checkNoKk(undefined, { isKecamatan }).check).toBe("missing");
    expect(checkNoKk("6472051203150000", { isKecamatan }).check).toBe("malformed");
    expect(checkNoKk("6499051203150007", { isKecamatan }).check).toBe("unknown_region");
  });
});

describe("idNumberText", () => {
  it("keeps text as text, dropping spaces, dashes and a leading apostrophe", () => {
    expect(idNumberText("'6472051708850003", "NIK")).toEqual({
      value: "6472051708850003",
      warning: null,
      mangled: false,
    });
    expect(idNumberText(" 6472 0517 0885 0003 ", "NIK").value).toBe("6472051708850003");
  });

  it("warns when a spreadsheet stored a 16-digit NIK as a number", () => {
    const result = idNumberText(6472051708850000, "NIK");
    expect(result.value).toBe("6472051708850000");
    expect(result.warning).toMatch(/digit terakhirnya mungkin hilang/);
    // Maybe lost, maybe not (a tool other than Excel keeps all 16): still matched as it stands.
    expect(result.mangled).toBe(false);
  });

  it("flags 15 digits where 16 belong as mangled, typed as text or as a number", () => {
    for (const raw of ["647205170885000", 647205170885000]) {
      const result = idNumberText(raw, "NIK");
      expect(result).toMatchObject({ value: "647205170885000", mangled: true });
      expect(result.warning).toMatch(/hanya 15 digit.*tidak dicocokkan lewat NIK/);
    }
  });

  it("warns about scientific notation and keeps what the file said", () => {
    const result = idNumberText("6,47205E+15", "No. KK");
    expect(result.value).toBe("6,47205E+15");
    expect(result.warning).toMatch(/notasi ilmiah/);
    expect(result.mangled).toBe(true);
  });

  it('unwraps Excel\'s ="…" text formula', () => {
    expect(idNumberText('="6472051708850003"', "NIK")).toEqual({
      value: "6472051708850003",
      warning: null,
      mangled: false,
    });
  });

  it("gives null for an empty cell", () => {
    expect(idNumberText("", "NIK")).toEqual({ value: null, warning: null, mangled: false });
    expect(idNumberText(null, "NIK")).toEqual({ value: null, warning: null, mangled: false });
  });
});
