import { describe, expect, it } from "vitest";

import type { Actor } from "@/lib/access/actor";
import { cookieOf, safeReturnPath } from "@/lib/access/cookies";
import { assertStrongPassword } from "@/lib/access/password";
import { householdForRole } from "@/lib/access/person-projection";
import { CAPABILITIES, landingPath, roleCan, USER_ROLES, type UserRole } from "@/lib/access/roles";
import { can, homeAreaOf, inScope, placeInScope, scopeCodes, scopeKey } from "@/lib/access/scope";
import { maskIdNumber } from "@/lib/nik/mask";

const user = (role: UserRole, areaCodes: string[]): Actor => ({
  kind: "user",
  userId: 1,
  username: role,
  displayName: null,
  role,
  areaCodes,
  sessionHash: "x",
});

describe("inScope", () => {
  const lurah = user("lurah", ["64.72.05.1004"]);
  const camat = user("camat", ["64.72.05"]);

  it("lets a lurah see its kelurahan and what lies below it, and nothing beside or above", () => {
    expect(inScope(lurah, "64.72.05.1004")).toBe(true);
    expect(inScope(lurah, "64.72.05.1004.001.002")).toBe(true);
    expect(inScope(lurah, "64.72.05.1005")).toBe(false);
    expect(inScope(lurah, "64.72.05")).toBe(false);
    expect(inScope(lurah, "64.72")).toBe(false);
    expect(inScope(lurah, null)).toBe(false);
  });

  it("does not let a code that only starts with the same digits through", () => {
    expect(inScope(user("lurah", ["64.72.05.100"]), "64.72.05.1004")).toBe(false);
    expect(inScope(camat, "64.72.050.1004")).toBe(false);
  });

  it("gives admins and the system everything, and a non-admin without areas nothing", () => {
    expect(inScope(user("admin", []), "64.74.01")).toBe(true);
    expect(inScope({ kind: "system" }, "64.72")).toBe(true);
    expect(scopeCodes(user("admin", ["64.72.05"]))).toBeNull();
    expect(inScope(user("pimpinan", []), "64.72")).toBe(false);
  });
});

describe("placeInScope", () => {
  it("places a household by its kelurahan, or by its RT for an RT-scoped account", () => {
    const camat = user("camat", ["64.72.05"]);
    expect(placeInScope(camat, "64.72.05.1004", null)).toBe(true);
    expect(placeInScope(camat, "64.72.06.1004", null)).toBe(false);
    expect(placeInScope(camat, null, null)).toBe(false);
    const rt = user("lurah", ["64.72.05.1004.001.002"]);
    expect(placeInScope(rt, "64.72.05.1004", "64.72.05.1004.001.002")).toBe(true);
    expect(placeInScope(rt, "64.72.05.1004", "64.72.05.1004.001.003")).toBe(false);
  });
});

describe("roles", () => {
  it("reveals NIK only to admin and operator, street-level points to all but pimpinan, imports to admin and Dinas Sosial", () => {
    expect(USER_ROLES.filter((r) => roleCan(r, "reveal_nik"))).toEqual(["admin", "operator"]);
    expect(USER_ROLES.filter((r) => roleCan(r, "household_points"))).toEqual([
      "admin",
      "camat",
      "lurah",
      "operator",
      "dinsos",
    ]);
    expect(USER_ROLES.filter((r) => roleCan(r, "import"))).toEqual(["admin", "dinsos"]);
    expect(USER_ROLES.filter((r) => roleCan(r, "command_screen"))).toEqual(["admin", "pimpinan", "layar"]);
    expect(can({ kind: "system" }, "manage_users")).toBe(true);
  });

  it("gives verval to the operator (propose), the lurah (approve) and Dinas Sosial (verify), and no accounts or rules to Dinas Sosial", () => {
    expect(USER_ROLES.filter((r) => roleCan(r, "verval"))).toEqual(["admin", "lurah", "operator", "dinsos"]);
    expect(USER_ROLES.filter((r) => roleCan(r, "propose"))).toEqual(["admin", "operator"]);
    expect(USER_ROLES.filter((r) => roleCan(r, "approve_proposals"))).toEqual(["admin", "lurah"]);
    expect(USER_ROLES.filter((r) => roleCan(r, "verify_proposals"))).toEqual(["admin", "dinsos"]);
    for (const capability of ["manage_users", "manage_rules", "read_audit"] as const)
      expect(roleCan("dinsos", capability)).toBe(false);
  });

  it("gives the wall screen's account the screen and nothing else, and lands it there", () => {
    expect(CAPABILITIES.filter((c) => roleCan("layar", c))).toEqual(["command_screen"]);
    expect(USER_ROLES.filter((r) => !roleCan(r, "read_areas"))).toEqual(["layar"]);
    expect(landingPath("layar", "/peta")).toBe("/layar");
    expect(landingPath("lurah", "/wilayah/64.72.05.1004")).toBe("/wilayah/64.72.05.1004");
  });

  it("keys caches by what an actor may see", () => {
    expect(scopeKey(user("lurah", ["64.72.05.1004"]))).not.toBe(scopeKey(user("operator", ["64.72.05.1005"])));
    expect(scopeKey(user("lurah", ["b", "a"]))).toBe(scopeKey(user("camat", ["a", "b"])));
    expect(scopeKey(user("pimpinan", ["64.72"]))).not.toBe(scopeKey(user("camat", ["64.72"])));
    expect(homeAreaOf(user("camat", ["64.72.07", "64.72.05"]))).toBe("64.72.05");
    expect(homeAreaOf(user("admin", []))).toBeNull();
  });
});

describe("householdForRole", () => {
  const record = {
    no_kk: "6472050101200001",
    desil: 2,
    status: "aktif",
    nonaktif_reason: null,
    verval_status: "terverifikasi",
    address: "Jl. Contoh 1",
    geotag: [117.15, -0.5],
    members: [
      {
        nik: "6472054101900002",
        name: "Siti Aminah",
        sex: "P",
        relation: "kepala_keluarga",
        birth_date: "1990-01-01",
        death_date: null,
        rt: "003",
      },
    ],
  };

  it("masks No. KK and NIK and picks its columns, so an address, a geotag or an unknown key never passes", () => {
    const view = householdForRole(record, user("lurah", ["64.72.05.1004"]));
    expect(view).toEqual({
      desil: 2,
      status: "aktif",
      nonaktif_reason: null,
      verval_status: "terverifikasi",
      member_count: 1,
      no_kk: maskIdNumber(record.no_kk),
      members: [
        {
          nik: maskIdNumber("6472054101900002"),
          nik_check: null,
          name: "Siti Aminah",
          sex: "P",
          relation: "kepala_keluarga",
          birth_date: "1990-01-01",
          death_date: null,
        },
      ],
    });
  });

  it("gives a role without person_details the register fields and the member count, no person", () => {
    expect(householdForRole(record, user("pimpinan", ["64.72"]))).toEqual({
      desil: 2,
      status: "aktif",
      nonaktif_reason: null,
      verval_status: "terverifikasi",
      member_count: 1,
    });
  });
});

describe("safeReturnPath", () => {
  it("keeps paths of this app and refuses other sites", () => {
    expect(safeReturnPath("/wilayah/64.72?from=2025-01")).toBe("/wilayah/64.72?from=2025-01");
    for (const bad of ["//evil.example/x", "https://evil.example", "/\\evil.example", "peta", undefined, ["/peta"]]) {
      expect(safeReturnPath(bad)).toBe("/peta");
    }
  });
});

describe("cookieOf", () => {
  it("reads one cookie among several", () => {
    expect(cookieOf("a=1; tepat_sesi=abc%3D; b=2", "tepat_sesi")).toBe("abc=");
    expect(cookieOf("a=1", "tepat_sesi")).toBeNull();
    expect(cookieOf(null, "tepat_sesi")).toBeNull();
  });
});

describe("assertStrongPassword", () => {
  it("refuses short passwords and ones that contain the username", () => {
    expect(() => assertStrongPassword("pendek", "lurah")).toThrow(/minimal 8/);
    expect(() => assertStrongPassword("lurah-samarinda", "lurah")).toThrow(/nama pengguna/);
    expect(() => assertStrongPassword("Sungai-Siring-2026", "lurah")).not.toThrow();
  });
});

describe("maskIdNumber", () => {
  it("keeps only the region prefix, no digit of the birth date or the serial", () => {
    expect(maskIdNumber("6472051204900003")).toBe("6472************");
    expect(maskIdNumber("647205120490003")).toBe("6472***********");
    expect(maskIdNumber("64720")).toBe("*****");
    expect(maskIdNumber(null)).toBeNull();
  });
});
