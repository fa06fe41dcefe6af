import { VectorTile } from "@mapbox/vector-tile";
import { sql } from "drizzle-orm";
import { PbfReader } from "pbf";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { listAudit } from "@/lib/access/audit";
import { ensureDemoAccounts, listedDemoAccounts } from "@/lib/access/demo-accounts";
import { AccessDenied, TooManyAttempts } from "@/lib/access/errors";
import { LOCK_MINUTES, logIn, MAX_FAILED_LOGINS, MAX_FAILED_PER_ADDRESS } from "@/lib/access/login";
import { revealHouseholdIds } from "@/lib/access/reveal-nik";
import { actorOfToken, revokeSession } from "@/lib/access/session";
import { addUser, changeOwnPassword, updateUser } from "@/lib/access/users";
import { areaOverlap, areaRanking, areaSummary, areaTrend, explainHousehold, listHouseholds } from "@/lib/analytics";
import { exportHouseholdList } from "@/lib/analytics/household-export";
import { boundaryFeatures, getArea, listAreasOfKabkota } from "@/lib/areas";
import type { Context, SignedInContext } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { writeCsv } from "@/lib/exports/csv";
import { importDtks, readTable } from "@/lib/imports";
import { maskIdNumber } from "@/lib/nik";
import { changeExclusionRule, changeSetting } from "@/lib/programs/rules";
import { searchRegister } from "@/lib/search";
import { locationCounts } from "@/lib/spatial";
import { vectorTile } from "@/lib/tiles";

import { describeEachEngine } from "../helpers/each-engine";
import { tileAt } from "../helpers/tiles";

const WINDOW = { from: "2025-01", to: "2025-12" };
const LURAH_KELURAHAN = "64.72.05.1004";
const CAMAT_KECAMATAN = "64.72.05";

/** Keys that carry a person or where one lives; a role without `person_details` gets none of them. */
const PERSONAL_KEYS = new Set([
  "name",
  "nik",
  "no_kk",
  "birth_date",
  "death_date",
  "sex",
  "relation",
  "members",
  "address",
  "rw",
  "rt",
  "geotag",
  "latitude",
  "longitude",
]);

/** Every personal key anywhere in a value, with its path. */
function personalKeysOf(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => personalKeysOf(item, `${path}[${i}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(PERSONAL_KEYS.has(key) ? [`${path}.${key}`] : []),
    ...personalKeysOf(inner, `${path}.${key}`),
  ]);
}

function layerOf(bytes: Uint8Array, name: string) {
  const layer = new VectorTile(new PbfReader(bytes)).layers[name];
  return Array.from({ length: layer?.length ?? 0 }, (_, i) => layer!.feature(i));
}

describeEachEngine("accounts, sessions and area scope", (fixture) => {
  const actors: Record<string, SignedInContext> = {};
  let inside: { id: number; name: string; lon: number; lat: number };
  let outside: { id: number; name: string; kelurahan: string; lon: number; lat: number };

  async function signedIn(username: string, password = "demo"): Promise<SignedInContext> {
    const { ctx } = fixture();
    const result = await logIn({ ctx, input: { username, password, ip: "127.0.0.1", userAgent: "vitest" } });
    if (!result.ok) throw new Error(`${username}: ${result.message}`);
    return { ...ctx, actor: (await actorOfToken(ctx, result.token))! };
  }

  beforeAll(async () => {
    const { ctx } = fixture();
    // A database without demo data has no accounts at all, so no demo password can open it.
    expect(await queryRows(ctx.db, sql`SELECT username FROM app_user`)).toEqual([]);
    const seeded = await seedDemoCity({ ctx, input: { seed: 11, households: 800 } });
    expect(seeded.accountsCreated).toBe(7);
    for (const username of ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"])
      actors[username] = await signedIn(username);
    const pick = async (where: ReturnType<typeof sql>) =>
      (
        await queryRows<{ id: number; name: string; kelurahan: string; lon: number; lat: number }>(
          ctx.db,
          sql`SELECT h.id::int AS id, p.name, h.effective_kelurahan_code AS kelurahan, ST_X(h.geotag) AS lon, ST_Y(h.geotag) AS lat
              FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
              WHERE h.geotag IS NOT NULL AND h.location_status = 'sesuai' AND length(p.name) >= 10 AND ${where}
              ORDER BY h.id, p.id LIMIT 1`,
        )
      )[0]!;
    inside = await pick(sql`h.effective_kelurahan_code = ${LURAH_KELURAHAN}`);
    outside = await pick(sql`h.effective_kelurahan_code NOT LIKE ${`${CAMAT_KECAMATAN}.%`}`);
  });

  it("creates the demo accounts once, with their areas", async () => {
    expect(await ensureDemoAccounts(fixture().ctx)).toBe(0);
    expect(actors.lurah!.actor).toMatchObject({ role: "lurah", areaCodes: [LURAH_KELURAHAN] });
    expect(actors.camat!.actor.areaCodes).toEqual([CAMAT_KECAMATAN]);
    expect(actors.admin!.actor.areaCodes).toEqual([]);
  });

  it("lists the demo accounts on the login page with their areas named from the database, and none once they are gone", async () => {
    const { ctx } = fixture();
    const listed = await listedDemoAccounts(ctx);
    const [kelurahan] = await queryRows<{ name: string }>(
      ctx.db,
      sql`SELECT name FROM area WHERE code = ${LURAH_KELURAHAN}`,
    );
    expect(listed.find((a) => a.username === "lurah")?.areas).toBe(`${kelurahan!.name} (${LURAH_KELURAHAN})`);
    expect(listed.find((a) => a.username === "admin")?.areas).toBe("semua wilayah");
    expect(listed.map((a) => a.username)).toEqual([
      "admin",
      "pimpinan",
      "camat",
      "lurah",
      "operator",
      "dinsos",
      "layar",
    ]);
    const gone = new Error("rolled back");
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.execute(sql`UPDATE app_user SET display_name = replace(display_name, '(contoh)', '(dipakai)')`);
        expect(await listedDemoAccounts({ ...ctx, db: tx })).toEqual([]);
        throw gone;
      }),
    ).rejects.toBe(gone);
  });

  it("answers a lurah for its kelurahan and its RT, and as unknown for the city, its kecamatan and another kelurahan", async () => {
    const ctx = actors.lurah!;
    const own = await areaSummary({ ctx, input: { code: LURAH_KELURAHAN, ...WINDOW } });
    expect(own?.households).toBeGreaterThan(0);
    const rt = own!.children.find((c) => c.code !== null)!;
    expect((await areaSummary({ ctx, input: { code: rt.code!, ...WINDOW } }))?.code).toBe(rt.code);
    for (const code of ["64.72", CAMAT_KECAMATAN, outside.kelurahan]) {
      expect(await areaSummary({ ctx, input: { code, ...WINDOW } }), code).toBeNull();
      expect(await areaOverlap({ ctx, input: { code, ...WINDOW } }), code).toBeNull();
      expect(await areaTrend({ ctx, input: { code, ...WINDOW } }), code).toBeNull();
      expect(
        await listHouseholds({ ctx, input: { code, list: "stacked", page: 1, sort: "wilayah", ...WINDOW } }),
        code,
      ).toBeNull();
      expect(
        await areaRanking({
          ctx,
          input: { code, ...WINDOW, level: "rt", by: "uncovered_eligible_households", limit: 5 },
        }),
        code,
      ).toBeNull();
      expect(
        await exportHouseholdList({ ctx, input: { code, list: "stacked", sort: "wilayah", format: "csv", ...WINDOW } }),
        code,
      ).toBeNull();
      expect(await getArea({ ctx, input: { code } }), code).toBeNull();
    }
    expect(await areaOverlap({ ctx, input: { code: LURAH_KELURAHAN, ...WINDOW } })).not.toBeNull();
  });

  it("refuses an out-of-area actor a household, and finds its own", async () => {
    expect(await explainHousehold({ ctx: actors.lurah!, input: { id: outside.id, ...WINDOW } })).toBeNull();
    expect(await explainHousehold({ ctx: actors.camat!, input: { id: outside.id, ...WINDOW } })).toBeNull();
    expect((await explainHousehold({ ctx: actors.lurah!, input: { id: inside.id, ...WINDOW } }))?.id).toBe(inside.id);
    expect((await explainHousehold({ ctx: actors.camat!, input: { id: inside.id, ...WINDOW } }))?.id).toBe(inside.id);
    expect((await explainHousehold({ ctx: actors.pimpinan!, input: { id: outside.id, ...WINDOW } }))?.id).toBe(
      outside.id,
    );
  });

  it("searches only the actor's areas", async () => {
    const lurah = actors.lurah!;
    const found = await searchRegister({ ctx: lurah, input: { by: "nama", q: inside.name } });
    expect(found!.hits.map((h) => h.household_id)).toContain(inside.id);
    expect(found!.hits.every((h) => h.kelurahan_code === LURAH_KELURAHAN)).toBe(true);
    expect(
      (await searchRegister({ ctx: lurah, input: { by: "nama", q: outside.name } }))!.hits.map((h) => h.household_id),
    ).not.toContain(outside.id);
    expect(
      await searchRegister({ ctx: lurah, input: { by: "nama", q: outside.name, area: outside.kelurahan } }),
    ).toBeNull();
    expect(
      (await searchRegister({ ctx: actors.admin!, input: { by: "nama", q: outside.name } }))!.hits.map(
        (h) => h.household_id,
      ),
    ).toContain(outside.id);
  });

  it("gives the map only the actor's outlines, areas and located households", async () => {
    const lurah = actors.lurah!;
    const kelurahan = await boundaryFeatures({ ctx: lurah, input: { kabkotaCode: "64.72", level: "kelurahan" } });
    expect(kelurahan.features.map((f) => f.properties.code)).toEqual([LURAH_KELURAHAN]);
    expect(
      (await boundaryFeatures({ ctx: lurah, input: { kabkotaCode: "64.72", level: "kecamatan" } })).features,
    ).toEqual([]);
    const camatKelurahan = await boundaryFeatures({
      ctx: actors.camat!,
      input: { kabkotaCode: "64.72", level: "kelurahan" },
    });
    expect(camatKelurahan.features.length).toBeGreaterThan(1);
    expect(camatKelurahan.features.every((f) => f.properties.code.startsWith(`${CAMAT_KECAMATAN}.`))).toBe(true);
    const areas = await listAreasOfKabkota({
      ctx: lurah,
      input: { kabkotaCode: "64.72", levels: ["kabkota", "kecamatan", "kelurahan"] },
    });
    expect(areas.map((a) => a.code)).toEqual([LURAH_KELURAHAN]);
    const [own] = await queryRows<{ n: number }>(
      fixture().ctx.db,
      sql`SELECT count(*)::int AS n FROM household WHERE effective_kelurahan_code = ${LURAH_KELURAHAN}`,
    );
    expect((await locationCounts({ ctx: lurah, input: { kabkotaCode: "64.72" } })).households).toBe(own!.n);
  });

  it("builds tiles of the actor's areas only, and single households only for roles that may see them", async () => {
    const city = tileAt(117.15, -0.5, 10);
    const codes = async (ctx: Context) =>
      layerOf((await vectorTile({ ctx, input: { layer: "kelurahan", ...city, ...WINDOW } })).bytes, "kelurahan").map(
        (f) => f.properties.code,
      );
    expect(await codes(actors.lurah!)).toEqual([LURAH_KELURAHAN]);
    expect((await codes(actors.admin!)).length).toBeGreaterThan(40);

    const street = tileAt(outside.lon, outside.lat, 16);
    const points = async (ctx: Context, t = street) =>
      layerOf((await vectorTile({ ctx, input: { layer: "rumah-tangga", ...t, ...WINDOW } })).bytes, "rumah-tangga");
    expect(await points(actors.lurah!)).toEqual([]);
    const adminPoints = await points(actors.admin!);
    expect(adminPoints.map((f) => f.id)).toContain(outside.id);
    // The mayor's office sees where households are, never one household's spot: clusters of at
    // least k households, at street level only those of zoom 14 whose centre is in the tile.
    const pimpinan = [
      ...(await points(actors.pimpinan!)),
      ...(await points(actors.pimpinan!, tileAt(outside.lon, outside.lat, 12))),
    ];
    expect(pimpinan.length).toBeGreaterThan(0);
    expect(pimpinan.every((f) => f.id === undefined && typeof f.properties.households === "number")).toBe(true);
    expect((await points(actors.lurah!, tileAt(inside.lon, inside.lat, 16))).map((f) => f.id)).toContain(inside.id);
  });

  it("reveals full NIKs only to an operator in its area (and admin), and logs every reveal", async () => {
    await expect(revealHouseholdIds({ ctx: actors.lurah!, input: { id: inside.id } })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    await expect(revealHouseholdIds({ ctx: actors.pimpinan!, input: { id: inside.id } })).rejects.toBeInstanceOf(
      AccessDenied,
    );
    expect(await revealHouseholdIds({ ctx: actors.operator!, input: { id: outside.id } })).toBeNull();
    const revealed = await revealHouseholdIds({ ctx: actors.operator!, input: { id: inside.id, ip: "10.0.0.9" } });
    expect(revealed!.members.some((m) => m.nik !== null && /^\d{16}$/.test(m.nik))).toBe(true);
    const explained = await explainHousehold({ ctx: actors.operator!, input: { id: inside.id, ...WINDOW } });
    expect(JSON.stringify(explained)).not.toMatch(/\d{16}/);
    const log = await listAudit({ ctx: actors.admin!, input: { action: "nik_reveal", page: 1 } });
    expect(log.rows[0]).toMatchObject({
      username: "operator",
      entity: "household",
      entity_id: String(inside.id),
      area_code: LURAH_KELURAHAN,
      ip: "10.0.0.9",
    });
    await expect(listAudit({ ctx: actors.operator!, input: { page: 1 } })).rejects.toBeInstanceOf(AccessDenied);
  });

  it("masks a household's history as its members, and logs every household read", async () => {
    const { ctx } = fixture();
    // A newer DTKS file changes the household's desil, so its former state (members, No. KK) lands in household_history.
    const rows = await queryRows<{
      id_dtks: string;
      no_kk: string | null;
      nik: string | null;
      nama: string;
      kode_kelurahan: string;
      desil: number | null;
    }>(
      ctx.db,
      sql`SELECT h.dtks_id AS id_dtks, h.no_kk, p.nik, p.name AS nama, h.declared_kelurahan_code AS kode_kelurahan, h.desil
          FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id WHERE h.id = ${inside.id} ORDER BY p.id`,
    );
    const desil = rows[0]!.desil === 1 ? 2 : 1;
    const file = writeCsv([
      ["id_dtks", "no_kk", "nik", "nama", "kode_kelurahan", "desil"],
      ...rows.map((r) => [r.id_dtks, r.no_kk, r.nik, r.nama, r.kode_kelurahan, desil]),
    ]);
    expect(
      (await importDtks({ ctx, input: { fileName: "dtks-riwayat.csv", bytes: new TextEncoder().encode(file) } }))
        .changedHouseholds,
    ).toBe(1);
    const [stored] = await queryRows<{ previous: string }>(
      ctx.db,
      sql`SELECT previous::text AS previous FROM household_history WHERE household_id = ${inside.id}`,
    );
    expect(stored!.previous).toMatch(/\d{16}/);

    for (const role of ["admin", "pimpinan", "camat", "lurah", "operator", "dinsos"]) {
      const explained = await explainHousehold({
        ctx: { ...actors[role]!, ip: "10.0.0.7" },
        input: { id: inside.id, ...WINDOW },
      });
      expect(explained!.history, role).toHaveLength(1);
      expect(JSON.stringify(explained).match(/\d{16}/)?.[0], role).toBeUndefined();
      const read = await listAudit({
        ctx: actors.admin!,
        input: { action: "household_read", username: role, page: 1 },
      });
      expect(read.rows[0], role).toMatchObject({
        entity: "household",
        entity_id: String(inside.id),
        area_code: LURAH_KELURAHAN,
        ip: "10.0.0.7",
      });
      expect(JSON.stringify(read.rows[0]).match(/\d{16}/)?.[0], role).toBeUndefined();
    }
    // The former members go through the same projection as the current ones.
    const lurah = await explainHousehold({ ctx: actors.lurah!, input: { id: inside.id, ...WINDOW } });
    const previous = lurah!.history[0]!.previous;
    expect(previous.members!.map((m) => [m.name, m.nik])).toEqual(rows.map((r) => [r.nama, maskIdNumber(r.nik)]));
    expect(lurah!.members!.map((m) => [m.name, m.nik])).toEqual(rows.map((r) => [r.nama, maskIdNumber(r.nik)]));
    expect(previous).toMatchObject({
      no_kk: maskIdNumber(rows[0]!.no_kk),
      desil: rows[0]!.desil,
      member_count: rows.length,
    });
    expect(previous).not.toHaveProperty("address");
    expect(previous).not.toHaveProperty("geotag");
  });

  it("gives pimpinan households without a person in them: no name, NIK, No. KK, birth date, address or geotag", async () => {
    const pimpinan = actors.pimpinan!;
    const explained = await explainHousehold({ ctx: pimpinan, input: { id: inside.id, ...WINDOW } });
    expect(personalKeysOf(explained)).toEqual([]);
    const [members] = await queryRows<{ n: number }>(
      fixture().ctx.db,
      sql`SELECT count(*)::int AS n FROM person WHERE household_id = ${inside.id}`,
    );
    expect(explained).toMatchObject({ id: inside.id, kelurahan_code: LURAH_KELURAHAN, member_count: members!.n });
    expect(explained!.history[0]!.previous.member_count).toBe(members!.n);
    expect(explained!.reasons.length).toBeGreaterThan(0);
    expect(JSON.stringify(explained)).not.toContain(inside.name);

    const list = await listHouseholds({
      ctx: pimpinan,
      input: { code: "64.72", list: "stacked", page: 1, sort: "wilayah", ...WINDOW },
    });
    expect(list!.households.length).toBeGreaterThan(0);
    expect(personalKeysOf(list)).toEqual([]);
    const file = await exportHouseholdList({
      ctx: pimpinan,
      input: { code: LURAH_KELURAHAN, list: "stacked", sort: "wilayah", format: "csv", ...WINDOW },
    });
    const header = new TextDecoder()
      .decode(file!.body)
      .replace(/^\ufeff/, "")
      .split("\r\n")[0]!
      .split(",");
    expect(
      header.filter((column) =>
        /^(nama|nik|no_kk|tgl_lahir|alamat|rw|rt|latitude|longitude|hub_keluarga)$/.test(column),
      ),
    ).toEqual([]);
  });

  it("lets only admins import, and logs every export", async () => {
    await expect(
      importDtks({ ctx: actors.lurah!, input: { fileName: "x.csv", bytes: new Uint8Array() } }),
    ).rejects.toBeInstanceOf(AccessDenied);
    const file = await exportHouseholdList({
      ctx: actors.camat!,
      input: { code: CAMAT_KECAMATAN, list: "stacked", sort: "wilayah", format: "csv", ...WINDOW },
    });
    expect(file!.rows).toBeGreaterThan(0);
    const table = readTable(file!.fileName, file!.body);
    // The camat may see persons of its kecamatan: the head of household and the address come along.
    expect(table.headers.slice(0, 5)).toEqual(["id_dtks", "nama_kepala_keluarga", "alamat", "rw", "rt"]);
    const kelurahanColumn = table.rows.map((row) => row.cells[table.headers.indexOf("kode_kelurahan")]);
    expect(kelurahanColumn.every((code) => code!.startsWith(`${CAMAT_KECAMATAN}.`))).toBe(true);
    const log = await listAudit({ ctx: actors.admin!, input: { action: "export", username: "camat", page: 1 } });
    expect(log.rows[0]).toMatchObject({
      area_code: CAMAT_KECAMATAN,
      detail: expect.objectContaining({ list: "stacked", rows: file!.rows }),
    });
  });

  it("locks an account after five wrong passwords, refuses even the right one then, and says until when", async () => {
    const { ctx } = fixture();
    await addUser({
      ctx,
      input: { username: "uji-kunci", role: "lurah", areaCodes: [LURAH_KELURAHAN], password: "Benar-sekali-2026" },
    });
    const attempt = (password: string) =>
      logIn({ ctx, input: { username: "uji-kunci", password, ip: null, userAgent: null } });
    for (let i = 1; i < MAX_FAILED_LOGINS; i++)
      expect(await attempt("salah")).toMatchObject({
        ok: false,
        status: 401,
        message: "Nama pengguna atau kata sandi salah.",
      });
    expect(await attempt("salah")).toMatchObject({
      ok: false,
      status: 429,
      message: expect.stringContaining(`${LOCK_MINUTES} menit`),
    });
    expect(await attempt("Benar-sekali-2026")).toMatchObject({
      ok: false,
      status: 429,
      message: expect.stringContaining("WITA"),
    });
    const unknown = await logIn({
      ctx,
      input: { username: "tidak-ada", password: "apa saja", ip: null, userAgent: null },
    });
    expect(unknown).toMatchObject({ ok: false, status: 401, message: "Nama pengguna atau kata sandi salah." });
    await ctx.db.execute(
      sql`UPDATE login_throttle SET locked_until = now() - interval '1 second' WHERE kind = 'akun' AND key = 'uji-kunci'`,
    );
    expect((await attempt("Benar-sekali-2026")).ok).toBe(true);
    const failed = await listAudit({ ctx: actors.admin!, input: { username: "uji-kunci", page: 1 } });
    expect(failed.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["login", "login_locked", "login_failed"]));
  });

  it("checks at most five passwords of a burst of 20 parallel logins, and then refuses even the right one", async () => {
    const { ctx } = fixture();
    await addUser({
      ctx,
      input: { username: "uji-serbu", role: "lurah", areaCodes: [LURAH_KELURAHAN], password: "Benar-sekali-2026" },
    });
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        logIn({ ctx, input: { username: "uji-serbu", password: `tebakan-${i}`, ip: null, userAgent: null } }),
      ),
    );
    expect(burst.filter((r) => !r.ok && r.status === 401)).toHaveLength(MAX_FAILED_LOGINS - 1);
    expect(burst.filter((r) => !r.ok && r.status === 429)).toHaveLength(20 - MAX_FAILED_LOGINS + 1);
    // Each password checked leaves one entry naming it wrong; the refused ones say "terkunci".
    const log = await listAudit({ ctx: actors.admin!, input: { username: "uji-serbu", page: 1 } });
    const checked = log.rows.filter((r) => (r.detail as { reason?: string } | null)?.reason === "kata sandi salah");
    expect(checked).toHaveLength(MAX_FAILED_LOGINS);
    expect(log.rows.filter((r) => r.action === "login_locked")).toHaveLength(1);
    expect(
      await logIn({ ctx, input: { username: "uji-serbu", password: "Benar-sekali-2026", ip: null, userAgent: null } }),
    ).toMatchObject({ ok: false, status: 429 });
  });

  it("answers an unknown username exactly as a real one, locks included", async () => {
    const { ctx } = fixture();
    await addUser({
      ctx,
      input: { username: "uji-nyata", role: "lurah", areaCodes: [LURAH_KELURAHAN], password: "Benar-sekali-2026" },
    });
    const answers = async (username: string) => {
      const seen: Array<[number, string]> = [];
      for (let i = 0; i <= MAX_FAILED_LOGINS; i++) {
        const r = await logIn({ ctx, input: { username, password: "salah", ip: null, userAgent: null } });
        if (r.ok) throw new Error("signed in");
        seen.push([r.status, r.message]);
      }
      return seen;
    };
    const real = await answers("uji-nyata");
    expect(real.map(([status]) => status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(await answers("uji-tidak-ada")).toEqual(real);
  });

  it("holds one address to its failures whatever usernames it tries, logs the refusal, and prunes old counts", async () => {
    const { ctx } = fixture();
    const from = (username: string, ip: string) =>
      logIn({ ctx, input: { username, password: "salah", ip, userAgent: null } });
    for (let i = 0; i < MAX_FAILED_PER_ADDRESS; i++) expect((await from(`tebak-${i}`, "203.0.113.7")).ok).toBe(false);
    const refused = await from("lurah", "203.0.113.7");
    expect(refused).toMatchObject({ ok: false, status: 429, message: expect.stringContaining("dari alamat ini") });
    // The right password from elsewhere still works: the limit is the address's, not the account's.
    expect(
      (await logIn({ ctx, input: { username: "lurah", password: "demo", ip: "203.0.113.8", userAgent: null } })).ok,
    ).toBe(true);
    const log = await listAudit({ ctx: actors.admin!, input: { action: "login_failed", username: "lurah", page: 1 } });
    expect(log.rows[0]).toMatchObject({ ip: "203.0.113.7", detail: { reason: "batas percobaan alamat" } });

    const held = async () =>
      (
        await queryRows<{ key: string }>(
          ctx.db,
          sql`SELECT key FROM login_throttle WHERE key IN ('203.0.113.7', 'tebak-0')`,
        )
      )
        .map((r) => r.key)
        .sort();
    expect(await held()).toEqual(["203.0.113.7", "tebak-0"]);
    await ctx.db.execute(
      sql`UPDATE login_throttle SET window_start = now() - interval '16 minutes', locked_until = NULL WHERE key IN ('203.0.113.7', 'tebak-0')`,
    );
    await from("tebak-lain", "203.0.113.9");
    expect(await held()).toEqual([]);
  });

  it("counts wrong current passwords of a password change against the login's lock, and logs them with the address", async () => {
    const { ctx } = fixture();
    await addUser({
      ctx,
      input: { username: "uji-ganti", role: "lurah", areaCodes: [LURAH_KELURAHAN], password: "Benar-sekali-2026" },
    });
    const signIn = await logIn({
      ctx,
      input: { username: "uji-ganti", password: "Benar-sekali-2026", ip: null, userAgent: null },
    });
    if (!signIn.ok) throw new Error(signIn.message);
    const own = { ...ctx, actor: (await actorOfToken(ctx, signIn.token))!, ip: "198.51.100.4" };
    const change = (current: string) =>
      changeOwnPassword({ ctx: own, input: { current, next: "Sandi-baru-sekali-2026" } });
    for (let i = 1; i < MAX_FAILED_LOGINS - 1; i++)
      await expect(change("salah")).rejects.toThrow("Kata sandi saat ini salah.");
    expect(
      await logIn({ ctx, input: { username: "uji-ganti", password: "salah", ip: null, userAgent: null } }),
    ).toMatchObject({ status: 401 });
    await expect(change("salah")).rejects.toBeInstanceOf(TooManyAttempts);
    await expect(change("Benar-sekali-2026")).rejects.toThrow(/dikunci/);
    expect(
      await logIn({ ctx, input: { username: "uji-ganti", password: "Benar-sekali-2026", ip: null, userAgent: null } }),
    ).toMatchObject({ status: 429 });
    const log = await listAudit({
      ctx: actors.admin!,
      input: { action: "password_change_failed", username: "uji-ganti", page: 1 },
    });
    expect(log.rows).toHaveLength(MAX_FAILED_LOGINS);
    expect(log.rows.every((r) => r.ip === "198.51.100.4")).toBe(true);
    expect(log.rows.map((r) => (r.detail as { reason: string }).reason)).toEqual([
      "terkunci",
      ...Array(MAX_FAILED_LOGINS - 1).fill("kata sandi salah"),
    ]);
  });

  it("ends sessions on expiry, logout, a change of rights and a password change (keeping the one that changed it)", async () => {
    const { ctx } = fixture();
    const token = async (password = "demo") => {
      const r = await logIn({ ctx, input: { username: "camat", password, ip: null, userAgent: null } });
      if (!r.ok) throw new Error(r.message);
      return r.token;
    };
    const expiring = await token();
    await ctx.db.execute(
      sql`UPDATE session SET expires_at = now() - interval '1 second' WHERE token_hash = ${(await actorOfToken(ctx, expiring))!.sessionHash}`,
    );
    expect(await actorOfToken(ctx, expiring)).toBeNull();

    const loggedOut = await token();
    await revokeSession(ctx, (await actorOfToken(ctx, loggedOut))!.sessionHash);
    expect(await actorOfToken(ctx, loggedOut)).toBeNull();

    const [one, two] = [await token(), await token()];
    const camat = { ...ctx, actor: (await actorOfToken(ctx, one))! };
    await expect(
      changeOwnPassword({ ctx: camat, input: { current: "salah", next: "Samarinda-Utara-2026" } }),
    ).rejects.toThrow("Kata sandi saat ini salah.");
    await changeOwnPassword({ ctx: camat, input: { current: "demo", next: "Samarinda-Utara-2026" } });
    expect(await actorOfToken(ctx, one)).not.toBeNull();
    expect(await actorOfToken(ctx, two)).toBeNull();
    expect((await logIn({ ctx, input: { username: "camat", password: "demo", ip: null, userAgent: null } })).ok).toBe(
      false,
    );

    await updateUser({
      ctx: actors.admin!,
      input: { id: camat.actor.userId, role: "camat", areaCodes: ["64.72.06"], active: true },
    });
    expect(await actorOfToken(ctx, one)).toBeNull();
    const log = await listAudit({ ctx: actors.admin!, input: { action: "user_update", page: 1 } });
    expect(log.rows[0]).toMatchObject({
      old_value: expect.objectContaining({ area_codes: [CAMAT_KECAMATAN] }),
      new_value: expect.objectContaining({ area_codes: ["64.72.06"] }),
    });
  });

  it("refuses weak passwords, unknown areas and area-less accounts", async () => {
    const admin = actors.admin!;
    await expect(
      addUser({
        ctx: admin,
        input: { username: "uji-a", role: "lurah", areaCodes: [LURAH_KELURAHAN], password: "pendek" },
      }),
    ).rejects.toThrow(/minimal 8/);
    await expect(
      addUser({
        ctx: admin,
        input: { username: "uji-b", role: "lurah", areaCodes: ["64.72.99.9999"], password: "Cukup-panjang-1" },
      }),
    ).rejects.toThrow(/Wilayah tidak dikenal/);
    await expect(
      addUser({ ctx: admin, input: { username: "uji-c", role: "camat", areaCodes: [], password: "Cukup-panjang-1" } }),
    ).rejects.toThrow(/paling sedikit satu wilayah/);
    await expect(
      addUser({
        ctx: actors.lurah!,
        input: { username: "uji-d", role: "admin", areaCodes: [], password: "Cukup-panjang-1" },
      }),
    ).rejects.toBeInstanceOf(AccessDenied);
  });

  it("lets an admin change an exclusivity rule and a setting, logged old → new, and the counts follow", async () => {
    const admin = actors.admin!;
    const city = async () => (await areaSummary({ ctx: admin, input: { code: "64.72", ...WINDOW } }))!;
    const before = await city();
    await expect(
      changeExclusionRule({ ctx: actors.lurah!, input: { action: "add", programs: ["PKH", "BPNT"] } }),
    ).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      changeExclusionRule({ ctx: admin, input: { action: "add", programs: ["PKH", "TIDAK-ADA"] } }),
    ).rejects.toThrow(/Program tidak dikenal: TIDAK-ADA/);
    const rules = await changeExclusionRule({
      ctx: admin,
      input: { action: "add", programs: ["PKH", "BPNT"], note: "uji" },
    });
    expect(rules).toContainEqual({ programs: ["BPNT", "PKH"], note: "uji" });
    expect((await city()).conflicting_households).toBeGreaterThan(before.conflicting_households);
    await changeExclusionRule({ ctx: admin, input: { action: "remove", programs: ["BPNT", "PKH"] } });
    expect((await city()).conflicting_households).toBe(before.conflicting_households);
    const log = await listAudit({ ctx: admin, input: { action: "rule_change", page: 1 } });
    expect(log.rows.map((r) => [r.old_value, r.new_value])).toEqual([
      [{ programs: ["BPNT", "PKH"], note: "uji" }, null],
      [null, { programs: ["BPNT", "PKH"], note: "uji" }],
    ]);

    await expect(changeSetting({ ctx: admin, input: { key: "eligible_max_desil", value: 11 } })).rejects.toThrow(
      /1 sampai 10/,
    );
    expect(
      (await changeSetting({ ctx: admin, input: { key: "eligible_max_desil", value: 3 } })).eligible_max_desil,
    ).toBe(3);
    expect((await city()).eligible_households).toBeLessThan(before.eligible_households);
    await changeSetting({ ctx: admin, input: { key: "eligible_max_desil", value: 4 } });
    expect((await city()).eligible_households).toBe(before.eligible_households);
    const settings = await listAudit({ ctx: admin, input: { action: "setting_change", page: 1 } });
    expect(settings.rows.map((r) => [r.old_value, r.new_value])).toEqual([
      [3, 4],
      [4, 3],
    ]);
  });

  it("keeps the audit log append-only", async () => {
    const { ctx } = fixture();
    await expect(ctx.db.execute(sql`UPDATE audit_log SET username = 'x'`)).rejects.toThrow();
    await expect(ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });
});
