import { describe, expect, it } from "vitest";

import {
  ancestorCodesOf,
  areaLevelOfCode,
  kabkotaCodeOf,
  normalizeAreaCode,
  parentCodeOf,
  rtNameOf,
} from "@/lib/area-codes";

describe("areaLevelOfCode", () => {
  it("recognises every level by its shape", () => {
    expect(areaLevelOfCode("64")).toBe("provinsi");
    expect(areaLevelOfCode("64.72")).toBe("kabkota");
    expect(areaLevelOfCode("64.72.05")).toBe("kecamatan");
    expect(areaLevelOfCode("64.72.05.1004")).toBe("kelurahan");
    expect(areaLevelOfCode("64.72.05.1004.003.012")).toBe("rt");
  });

  it("rejects codes with wrong widths or separators", () => {
    for (const bad of ["", "6", "64.7", "64.72.5", "64.72.05.104", "64-72-05", "64.72.05.1004.3.12", " 64.72"]) {
      expect(areaLevelOfCode(bad)).toBeNull();
    }
  });
});

describe("normalizeAreaCode", () => {
  it("adds the dots to codes written without them", () => {
    expect(normalizeAreaCode("6472051004")).toBe("64.72.05.1004");
    expect(normalizeAreaCode(647205)).toBe("64.72.05");
    expect(normalizeAreaCode("6472051004003012")).toBe("64.72.05.1004.003.012");
  });

  it("keeps dotted codes and trims spaces", () => {
    expect(normalizeAreaCode(" 64.72.05.1004 ")).toBe("64.72.05.1004");
  });

  it("returns null for what cannot be a code", () => {
    expect(normalizeAreaCode("Samarinda")).toBeNull();
    expect(normalizeAreaCode("647")).toBeNull();
    expect(normalizeAreaCode(null)).toBeNull();
    expect(normalizeAreaCode({})).toBeNull();
  });
});

describe("parentCodeOf", () => {
  it("walks one level up, RT straight to its kelurahan", () => {
    expect(parentCodeOf("64.72.05.1004.003.012")).toBe("64.72.05.1004");
    expect(parentCodeOf("64.72.05.1004")).toBe("64.72.05");
    expect(parentCodeOf("64.72")).toBe("64");
    expect(parentCodeOf("64")).toBeNull();
  });

  it("lists every ancestor nearest first", () => {
    expect(ancestorCodesOf("64.72.05.1004.003.012")).toEqual(["64.72.05.1004", "64.72.05", "64.72", "64"]);
  });
});

describe("kabkotaCodeOf", () => {
  it("gives the distribution key for kabkota and below, null above", () => {
    expect(kabkotaCodeOf("64.72.05.1004.003.012")).toBe("64.72");
    expect(kabkotaCodeOf("64.74")).toBe("64.74");
    expect(kabkotaCodeOf("64")).toBeNull();
  });
});

describe("rtNameOf", () => {
  it("names an RT with its RW", () => {
    expect(rtNameOf("64.72.05.1004.003.012")).toBe("RT 012 / RW 003");
  });
});
