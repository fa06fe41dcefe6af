import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { listAudit } from "@/lib/access/audit";
import { AccessDenied } from "@/lib/access/errors";
import type { UserRole } from "@/lib/access/roles";
import { addUser } from "@/lib/access/users";
import {
  areaSummary,
  exportAreaChildren,
  HOUSEHOLD_SORTS,
  INDICATOR_KEYS,
  INDICATORS,
  listHouseholds,
} from "@/lib/analytics";
import { exportHouseholdList, exportLimitNote } from "@/lib/analytics/household-export";
import type { SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { RateLimited } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { readTable } from "@/lib/imports";
import { ID_SEARCHES_PER_HOUR, searchInput, searchRegister } from "@/lib/search";

import { describeEachEngine } from "../helpers/each-engine";

const WINDOW = { from: "2025-01", to: "2025-12" };
/** What the mask leaves of any 16-digit NIK or No. KK: the region prefix. */
const MASKED = /^\d{4}\*{12}$/;

describeEachEngine("search and list exports on the demo register", (fixture) => {
  let target: {
    household_id: number;
    dtks_id: string;
    name: string;
    nik: string;
    no_kk: string;
    kelurahan: string;
    members: number;
  };

  /** A new account of `role` for `areaCodes`, acting as a signed-in user would. */
  async function account(username: string, role: UserRole, areaCodes: string[]): Promise<SignedInContext> {
    const { ctx } = fixture();
    const user = await addUser({ ctx, input: { username, role, areaCodes, password: "Cukup-panjang-2026" } });
    return {
      ...ctx,
      actor: { kind: "user", userId: user.id, username, displayName: null, role, areaCodes, sessionHash: "uji" },
    };
  }
  const searchLog = async (username: string, action: "search" | "search_limited" = "search") =>
    (await listAudit({ ctx: fixture().ctx, input: { action, username, page: 1 } })).rows;

  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 3, households: 600 } });
    // A head of household with a long name and a valid NIK, in a known kelurahan.
    [target] = (await queryRows<typeof target>(
      fixture().ctx.db,
      sql`SELECT h.id::int AS household_id, h.dtks_id, p.name, p.nik, h.no_kk, h.effective_kelurahan_code AS kelurahan,
                 (SELECT count(*)::int FROM person m WHERE m.kabkota_code = h.kabkota_code AND m.household_id = h.id) AS members
          FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
          WHERE p.nik_check = 'valid' AND h.no_kk_check = 'valid' AND length(p.name) >= 12 AND h.effective_kelurahan_code IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM household o WHERE o.no_kk = h.no_kk AND o.id <> h.id)
            AND NOT EXISTS (SELECT 1 FROM person o WHERE o.nik = p.nik AND o.id <> p.id)
          ORDER BY h.id LIMIT 1`,
    )) as [typeof target];
  });

  it("finds a member by a misspelt name, within the city and within its kelurahan, not in another kecamatan", async () => {
    const { ctx } = fixture();
    // One letter dropped from the middle of the name, and the case changed.
    const cut = Math.floor(target.name.length / 2);
    const typo = (target.name.slice(0, cut) + target.name.slice(cut + 1)).toLowerCase();
    const inCity = (await searchRegister({ ctx, input: { by: "nama", q: typo } }))!;
    expect(inCity.by).toBe("nama");
    expect(inCity.hits.map((h) => h.household_id)).toContain(target.household_id);
    const inKelurahan = (await searchRegister({ ctx, input: { by: "nama", q: typo, area: target.kelurahan } }))!;
    expect(inKelurahan.hits.map((h) => h.household_id)).toContain(target.household_id);
    expect(inKelurahan.hits.every((h) => h.kelurahan_code === target.kelurahan)).toBe(true);
    const [other] = await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT code FROM area WHERE level = 'kecamatan' AND code <> ${target.kelurahan.slice(0, 8)} ORDER BY code LIMIT 1`,
    );
    const elsewhere = (await searchRegister({ ctx, input: { by: "nama", q: typo, area: other!.code } }))!;
    expect(elsewhere.hits.map((h) => h.household_id)).not.toContain(target.household_id);
  });

  it("finds a member by the whole NIK only, and a family by the whole No. KK, each masked to the region prefix", async () => {
    const { ctx } = fixture();
    const whole = (await searchRegister({ ctx, input: { by: "nik", q: target.nik } }))!;
    expect(whole.by).toBe("nik");
    expect(whole.hits.map((h) => h.household_id)).toEqual([target.household_id]);
    expect(whole.hits[0]!.nik).toBe(`${target.nik.slice(0, 4)}${"*".repeat(12)}`);
    expect(JSON.stringify(whole)).not.toContain(target.nik);
    // A part of a NIK finds nothing, even past the edge's validation.
    expect((await searchRegister({ ctx, input: { by: "nik", q: target.nik.slice(6, 14) } }))!.hits).toEqual([]);
    expect((await searchRegister({ ctx, input: { by: "nik", q: target.nik.slice(0, 15) } }))!.hits).toEqual([]);

    const family = (await searchRegister({ ctx, input: { by: "kk", q: target.no_kk } }))!;
    expect(family.hits).toHaveLength(target.members);
    expect(
      family.hits.every((h) => h.household_id === target.household_id && (h.nik === null || MASKED.test(h.nik))),
    ).toBe(true);
    expect(JSON.stringify(family)).not.toContain(target.no_kk);
    expect((await searchRegister({ ctx, input: { by: "kk", q: target.no_kk.slice(0, 12) } }))!.hits).toEqual([]);
  });

  it("takes a NIK or No. KK of exactly 16 digits, and no digits as a name", () => {
    const fieldsOf = (body: unknown) =>
      searchInput.safeParse(body).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(fieldsOf({ by: "nik", q: target.nik.slice(0, 12) })).toEqual([
      ["q", "NIK harus 16 angka lengkap; sebagian NIK tidak dapat dicari"],
    ]);
    expect(fieldsOf({ by: "kk", q: `${target.no_kk}1` })).toEqual([
      ["q", "No. KK harus 16 angka lengkap; sebagian NIK tidak dapat dicari"],
    ]);
    expect(fieldsOf({ by: "nama", q: target.nik.slice(4, 12) })?.[0]?.[0]).toBe("q");
    expect(fieldsOf({ q: target.nik })).toEqual([["by", "by harus nama, nik atau kk"]]);
    const spaced = `${target.nik.slice(0, 6)} ${target.nik.slice(6, 12)}.${target.nik.slice(12)}`;
    expect(searchInput.parse({ by: "nik", q: spaced })).toEqual({ by: "nik", q: target.nik });
  });

  it("searches only the actor's areas, and refuses pimpinan any search", async () => {
    const lurah = await account("uji-lurah-cari", "lurah", [target.kelurahan]);
    const elsewhere = (
      await queryRows<{ code: string }>(
        fixture().ctx.db,
        sql`SELECT code FROM area WHERE level = 'kecamatan' AND code <> ${target.kelurahan.slice(0, 8)} ORDER BY code LIMIT 1`,
      )
    )[0]!.code;
    const camat = await account("uji-camat-cari", "camat", [elsewhere]);
    const pimpinan = await account("uji-pimpinan-cari", "pimpinan", ["64.72"]);
    expect(
      (await searchRegister({ ctx: lurah, input: { by: "nik", q: target.nik } }))!.hits.map((h) => h.household_id),
    ).toEqual([target.household_id]);
    expect((await searchRegister({ ctx: camat, input: { by: "nik", q: target.nik } }))!.hits).toEqual([]);
    expect((await searchRegister({ ctx: camat, input: { by: "kk", q: target.no_kk } }))!.hits).toEqual([]);
    expect(
      await searchRegister({ ctx: camat, input: { by: "nik", q: target.nik, area: target.kelurahan } }),
    ).toBeNull();
    for (const input of [
      { by: "nik", q: target.nik },
      { by: "kk", q: target.no_kk },
      { by: "nama", q: target.name },
    ] as const) {
      await expect(searchRegister({ ctx: pimpinan, input }), input.by).rejects.toBeInstanceOf(AccessDenied);
    }
    expect(await searchLog("uji-pimpinan-cari")).toEqual([]);
  });

  it("logs every search with its kind, hits and the masked number, never the number in full or the name", async () => {
    const lurah = await account("uji-log-cari", "lurah", [target.kelurahan]);
    await searchRegister({ ctx: lurah, input: { by: "nik", q: target.nik, ip: "10.1.2.3" } });
    await searchRegister({ ctx: lurah, input: { by: "kk", q: target.no_kk, area: target.kelurahan } });
    const byName = (await searchRegister({ ctx: lurah, input: { by: "nama", q: target.name } }))!;
    const rows = await searchLog("uji-log-cari");
    expect(rows.map((r) => [r.detail, r.area_code, r.ip])).toEqual([
      [
        { kind: "nama", hits: byName.hits.length, households: [...new Set(byName.hits.map((h) => h.household_id))] },
        null,
        null,
      ],
      [
        {
          kind: "kk",
          no_kk: `${target.no_kk.slice(0, 4)}${"*".repeat(12)}`,
          hits: target.members,
          households: [target.household_id],
        },
        target.kelurahan,
        null,
      ],
      [
        { kind: "nik", nik: `${target.nik.slice(0, 4)}${"*".repeat(12)}`, hits: 1, households: [target.household_id] },
        null,
        "10.1.2.3",
      ],
    ]);
    const logged = JSON.stringify(rows);
    for (const secret of [target.nik, target.no_kk, target.name, target.nik.slice(4, 12)])
      expect(logged).not.toContain(secret);
  });

  it(`holds an account to ${ID_SEARCHES_PER_HOUR} NIK and No. KK searches an hour, counted in the database, even when they arrive at once`, async () => {
    const lurah = await account("uji-batas-cari", "lurah", [target.kelurahan]);
    const kinds = Array.from({ length: ID_SEARCHES_PER_HOUR + 10 }, (_, i) =>
      i % 2 ? { by: "kk" as const, q: target.no_kk } : { by: "nik" as const, q: target.nik },
    );
    const settled = await Promise.allSettled(kinds.map((input) => searchRegister({ ctx: lurah, input })));
    const refused = settled
      .filter((s) => s.status === "rejected")
      .map((s) => (s as PromiseRejectedResult).reason as unknown);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(ID_SEARCHES_PER_HOUR);
    expect(refused).toHaveLength(10);
    expect(refused.every((e) => e instanceof RateLimited)).toBe(true);
    const first = refused[0] as RateLimited;
    expect(first.message).toMatch(
      new RegExp(
        `^Batas ${ID_SEARCHES_PER_HOUR} pencarian NIK atau No\\. KK per jam sudah tercapai\\. Coba lagi setelah .+ WITA\\.$`,
      ),
    );
    const minutesAway = (first.retryAt.getTime() - Date.now()) / 60_000;
    expect(minutesAway).toBeGreaterThan(55);
    expect(minutesAway).toBeLessThanOrEqual(61);

    // Another session of the same account (a new context, as another request or process would make) is refused too.
    const again = { ...fixture().ctx, actor: { ...lurah.actor, sessionHash: "lain" } };
    await expect(searchRegister({ ctx: again, input: { by: "nik", q: target.nik } })).rejects.toBeInstanceOf(
      RateLimited,
    );
    // Names are not counted, and other accounts keep their own hour.
    expect((await searchRegister({ ctx: again, input: { by: "nama", q: target.name } }))!.hits.length).toBeGreaterThan(
      0,
    );
    const other = await account("uji-batas-lain", "lurah", [target.kelurahan]);
    expect((await searchRegister({ ctx: other, input: { by: "nik", q: target.nik } }))!.hits).toHaveLength(1);

    expect(
      (await searchLog("uji-batas-cari")).filter((r) => (r.detail as { kind: string }).kind !== "nama"),
    ).toHaveLength(ID_SEARCHES_PER_HOUR);
    expect(await searchLog("uji-batas-cari", "search_limited")).toHaveLength(11);
  });

  it("no longer lets searches rebuild a NIK from what a household page shows (the replay of issue 14)", async () => {
    const { ctx } = fixture();
    // What a reader of the household page knows: region and kecamatan, birth date and sex (12 digits); the mask once added the serial's last two.
    const known = target.nik.slice(0, 12);
    const shown = (await searchRegister({ ctx, input: { by: "nama", q: target.name } }))!.hits.find(
      (h) => h.household_id === target.household_id,
    )!;
    expect(shown.nik).toBe(`${target.nik.slice(0, 4)}${"*".repeat(12)}`);
    // The attack learned the serial a digit at a time through substring searches: each is refused at the edge and finds nothing past it.
    const lurah = await account("uji-rekonstruksi", "lurah", [target.kelurahan]);
    for (let digit = 0; digit <= 9; digit++) {
      const q = `${known.slice(4)}${digit}`;
      expect(searchInput.safeParse({ by: "nik", q }).success, q).toBe(false);
      expect(searchInput.safeParse({ by: "nama", q }).success, q).toBe(false);
      expect((await searchRegister({ ctx: lurah, input: { by: "nik", q } }))!.hits, q).toEqual([]);
    }
    // Then an exact search confirmed the guess: pimpinan may not search at all ...
    const pimpinan = await account("uji-rekonstruksi-pimpinan", "pimpinan", ["64.72"]);
    await expect(searchRegister({ ctx: pimpinan, input: { by: "nik", q: target.nik } })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    // ... and guessing the four-digit serial exactly stops long before 10,000 tries: the right guess after 30 wrong ones is refused.
    const guesser = await account("uji-tebak-serial", "lurah", [target.kelurahan]);
    const serial = Number(target.nik.slice(12));
    const wrong = Array.from({ length: ID_SEARCHES_PER_HOUR + 1 }, (_, i) => (serial + 1 + i) % 10_000)
      .filter((s) => s !== serial && s !== 0)
      .slice(0, ID_SEARCHES_PER_HOUR);
    for (const guess of wrong) {
      const q = `${known}${String(guess).padStart(4, "0")}`;
      expect(
        (await searchRegister({ ctx: guesser, input: { by: "nik", q } }))!.hits.map((h) => h.name),
        q,
      ).not.toContain(target.name);
    }
    await expect(searchRegister({ ctx: guesser, input: { by: "nik", q: target.nik } })).rejects.toBeInstanceOf(
      RateLimited,
    );
  });

  it("exports a whole list as CSV and XLSX, with formulas neutralized", async () => {
    const { ctx } = fixture();
    const list = (await listHouseholds({
      ctx,
      input: { code: "64.72", list: "stacked", page: 1, sort: "wilayah", ...WINDOW },
    }))!;
    expect(list.total).toBeGreaterThan(0);
    // A register id that a spreadsheet would run as a formula.
    const victim = list.households[0]!;
    await ctx.db.execute(
      sql`UPDATE household SET dtks_id = '=HYPERLINK("http://contoh.invalid","klik")' WHERE id = ${victim.id}`,
    );
    try {
      for (const format of ["csv", "xlsx"] as const) {
        const file = (await exportHouseholdList({
          ctx,
          input: { code: "64.72", list: "stacked", sort: "wilayah", format, ...WINDOW },
        }))!;
        expect(file.rows).toBe(list.total);
        const table = readTable(file.fileName, file.body);
        expect(table.headers[0]!.replace(/^\ufeff/, "")).toBe("id_dtks");
        expect(table.rows).toHaveLength(list.total);
        const ids = table.rows.map((row) => row.cells[0]!);
        expect(ids).toContain(`'=HYPERLINK("http://contoh.invalid","klik")`);
        expect(ids.some((id) => id.startsWith("="))).toBe(false);
      }
    } finally {
      await ctx.db.execute(sql`UPDATE household SET dtks_id = ${victim.dtks_id} WHERE id = ${victim.id}`);
    }
  });

  it("exports an area's children with every count and indicator as CSV, XLSX and GeoJSON (valid outlines), for the city and a kelurahan", async () => {
    const { ctx } = fixture();
    const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    for (const code of ["64.72", target.kelurahan]) {
      const summary = (await areaSummary({ ctx, input: { code, ...WINDOW } }))!;
      const outlined = await queryRows<{ code: string }>(
        ctx.db,
        sql`SELECT code FROM area WHERE parent_code = ${code} AND geom_display IS NOT NULL ORDER BY code`,
      );
      expect(outlined.length).toBeGreaterThan(1);

      const geo = (await exportAreaChildren({ ctx, input: { code, format: "geojson", ...WINDOW } }))!;
      expect(geo.fileName).toBe(`angka-wilayah-${code}-${WINDOW.from}-${WINDOW.to}.geojson`);
      const collection = JSON.parse(new TextDecoder().decode(geo.body)) as {
        type: string;
        features: Array<{ type: string; geometry: unknown; properties: Record<string, string | number | null> }>;
      };
      expect(collection.type).toBe("FeatureCollection");
      // One feature per child with an outline, each a valid geometry as PostGIS reads it.
      expect(collection.features.map((f) => f.properties.kode)).toEqual(outlined.map((a) => a.code));
      const [validity] = await queryRows<{ valid: number; kinds: string[] }>(
        ctx.db,
        sql`SELECT count(*) FILTER (WHERE ST_IsValid(ST_GeomFromGeoJSON(g)))::int AS valid,
                   array_agg(DISTINCT GeometryType(ST_GeomFromGeoJSON(g))) AS kinds
            FROM jsonb_array_elements(${JSON.stringify(collection.features.map((f) => f.geometry))}::jsonb) AS g`,
      );
      expect(validity).toEqual({ valid: collection.features.length, kinds: ["MULTIPOLYGON"] });
      const childByCode = new Map(summary.children.map((c) => [c.code, c]));
      for (const feature of collection.features) {
        const child = childByCode.get(String(feature.properties.kode))!;
        expect(feature.type).toBe("Feature");
        expect(feature.properties).toMatchObject({
          nama: child.name,
          rumah_tangga: child.households,
          rumah_tangga_bertumpuk: child.stacked_households,
          layak_belum_menerima: child.uncovered_eligible_households,
          periode_dari: WINDOW.from,
          periode_sampai: WINDOW.to,
        });
        for (const key of INDICATOR_KEYS) {
          expect(feature.properties[`indikator_${key}`], key).toBe(round(INDICATORS[key].value(child)));
        }
      }

      // CSV and XLSX: every child (with "RT tidak diketahui") and the area's own total, which the children sum to.
      const tables = await Promise.all(
        (["csv", "xlsx"] as const).map(async (format) => {
          const file = (await exportAreaChildren({ ctx, input: { code, format, ...WINDOW } }))!;
          return readTable(file.fileName, file.body);
        }),
      );
      const [csv, xlsx] = tables as [ReturnType<typeof readTable>, ReturnType<typeof readTable>];
      expect(xlsx.headers).toEqual(csv.headers.map((h) => h.replace(/^\ufeff/, "")));
      // The spreadsheet reader leaves out a row's trailing empty cells (indicators without a base).
      const padded = (cells: string[]) => csv.headers.map((_, i) => cells[i] ?? "");
      expect(xlsx.rows.map((r) => padded(r.cells))).toEqual(csv.rows.map((r) => padded(r.cells)));
      const column = (name: string) => csv.headers.findIndex((h) => h.replace(/^\ufeff/, "") === name);
      for (const key of INDICATOR_KEYS) expect(column(`indikator_${key}`), key).toBeGreaterThan(0);
      expect(csv.rows).toHaveLength(summary.children.length + 1);
      const total = csv.rows.at(-1)!.cells;
      expect(total[column("nama")]).toBe(`Jumlah ${summary.name}`);
      expect(Number(total[column("rumah_tangga")])).toBe(summary.households);
      const childRows = csv.rows.slice(0, -1).map((r) => r.cells);
      for (const name of ["rumah_tangga", "rumah_tangga_bertumpuk", "layak_belum_menerima", "penerimaan"]) {
        const sum = childRows.reduce((acc, cells) => acc + Number(cells[column(name)]), 0);
        expect(sum, name).toBe(Number(total[column(name)]));
      }
    }
    const exports = (await listAudit({ ctx, input: { action: "export", page: 1 } })).rows.filter(
      (row) => row.entity === "area_aggregates",
    );
    expect(exports.length).toBeGreaterThanOrEqual(6);
  });

  it("exports a list read in chunks exactly as read at once, in every sort", async () => {
    const { ctx } = fixture();
    for (const sort of HOUSEHOLD_SORTS) {
      const input = { code: "64.72", list: "stacked", sort, format: "csv", ...WINDOW } as const;
      const whole = (await listHouseholds({ ctx, input: { ...input, page: 1, pageSize: 10_000 } }))!;
      expect(whole.total).toBeGreaterThan(7);
      const file = (await exportHouseholdList({ ctx, input, chunkRows: 7 }))!;
      const ids = readTable(file.fileName, file.body).rows.map((row) => row.cells[0]!);
      expect(ids, sort).toEqual(whole.households.map((h) => h.dtks_id));
    }
  });

  it("exports the first rows of a list longer than one export, and says so in the file's name and in the page's note", async () => {
    const { ctx } = fixture();
    const input = { code: "64.72", list: "all", sort: "desil", format: "csv", ...WINDOW } as const;
    const whole = (await listHouseholds({ ctx, input: { ...input, page: 1, pageSize: 10_000 } }))!;
    const maxRows = 12;
    expect(whole.total).toBeGreaterThan(maxRows);
    const file = (await exportHouseholdList({ ctx, input, chunkRows: 5, maxRows }))!;
    const ids = readTable(file.fileName, file.body).rows.map((row) => row.cells[0]!);
    expect(ids).toEqual(whole.households.slice(0, maxRows).map((h) => h.dtks_id));
    expect(file.fileName).toBe(
      `semua-64.72-${whole.window.from}-${whole.window.to}-12-pertama-dari-${whole.total}.csv`,
    );
    expect(exportLimitNote(whole.total, maxRows)).toContain(`${formatInteger(whole.total)} rumah tangga`);
    expect(exportLimitNote(maxRows, maxRows)).toBeNull();
    const full = (await exportHouseholdList({ ctx, input, maxRows: whole.total }))!;
    expect(full.fileName).toBe(`semua-64.72-${whole.window.from}-${whole.window.to}.csv`);
    expect(full.rows).toBe(whole.total);
  });
});
