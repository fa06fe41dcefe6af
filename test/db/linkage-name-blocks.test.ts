import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { seedDemoCity } from "@/lib/demo";
import { importRecipients } from "@/lib/imports";
import { BLOCKING_SIMILARITY, linkRecords } from "@/lib/linkage";

import { describeEachEngine } from "../helpers/each-engine";
import { insertBatch, insertHousehold, insertMember } from "../helpers/factories";

// Record linkage keeps each listed name's similar register names between runs
// (lib/linkage/name-blocks.ts). Every list row here is a name alone in kelurahan A, so a register
// person of that name in A scores 0.745 (lib/linkage/README.md) and waits for review: a row is
// queued exactly when its name's pairs reach that person.
const A = "64.72.05.1004";
const HEADER = "nik,no_kk,nama,program,periode,nominal,kode_kelurahan";
const listOf = (period: string, names: string[]) =>
  [HEADER, ...names.map((name) => `,,${name},BPNT,${period},200000,${A}`)].join("\n");

describeEachEngine("record linkage keeps its name blocking between runs", (fixture, engine) => {
  const members = new Map<string, number>();

  const addMember = async (name: string, born: string) => {
    const { db } = fixture().ctx;
    const home = await insertHousehold(db, { declaredKelurahanCode: A, effectiveKelurahanCode: A, rt: "001" });
    const member = await insertMember(db, { householdId: home.id, name, birthDate: born, relation: "kepala keluarga" });
    members.set(name, member.id);
  };
  const importList = (period: string, names: string[]) =>
    importRecipients({
      ctx: fixture().ctx,
      input: { fileName: `daftar-${period}.csv`, bytes: new TextEncoder().encode(listOf(period, names)) },
    });
  /** The register persons the queue asks about, by name. */
  const queued = async () =>
    (
      await queryRows<{ name: string }>(
        fixture().ctx.db,
        sql`SELECT p.name FROM linkage_pair q JOIN person p ON p.kabkota_code = q.kabkota_code AND p.id = q.person_id
            WHERE q.kabkota_code = '64.72' AND q.kind = 'penerima' AND q.state = 'menunggu' ORDER BY p.name`,
      )
    ).map((row) => row.name);
  const listedNames = () =>
    queryRows<{ name_key: string; seen_through: number; blocking: number }>(
      fixture().ctx.db,
      sql`SELECT name_key, seen_through, blocking::float8 AS blocking FROM linkage_listed_name
          WHERE kabkota_code = '64.72' ORDER BY name_key`,
    );

  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
    await addMember("Siti Aminah", "1985-08-17");
    await addMember("Rina Marlina", "1979-04-01");
  });

  it("keeps the pairs of a list's names and the register names it met, each name with the run that met it", async () => {
    const report = await importList("2021-03", ["Siti Aminah", "Joko Susilo"]);
    expect([report.linkedAutomatically, report.waitingReview]).toEqual([0, 1]);
    expect(await queued()).toEqual(["Siti Aminah"]);
    // The import's run reads only the persons its names reach; a whole run reads every one.
    const { db } = fixture().ctx;
    expect(
      await queryRows(db, sql`SELECT name_key, seen FROM linkage_register_name WHERE kabkota_code = '64.72'`),
    ).toEqual([{ name_key: "siti aminah", seen: 1 }]);
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(
      await queryRows(
        db,
        sql`SELECT name_key, seen FROM linkage_register_name WHERE kabkota_code = '64.72' ORDER BY name_key`,
      ),
    ).toEqual([
      { name_key: "rina marlina", seen: 2 },
      { name_key: "siti aminah", seen: 1 },
    ]);
    expect(await listedNames()).toEqual([
      { name_key: "joko susilo", seen_through: 2, blocking: BLOCKING_SIMILARITY },
      { name_key: "siti aminah", seen_through: 2, blocking: BLOCKING_SIMILARITY },
    ]);
    expect(
      await queryRows(
        db,
        sql`SELECT listed_key, register_key FROM linkage_name_pair WHERE kabkota_code = '64.72' ORDER BY 1, 2`,
      ),
    ).toEqual([{ listed_key: "siti aminah", register_key: "siti aminah" }]);
  });

  it("finds a register name met after a listed name's run, and one whose persons left and came back", async () => {
    // Rina Marlina leaves the register; her name is first listed while nobody bears it.
    await fixture().ctx.db.execute(sql`DELETE FROM person WHERE id = ${members.get("Rina Marlina")!}`);
    const whileGone = await importList("2021-04", ["Rina Marlina", "Joko Susilo"]);
    expect(whileGone.waitingReview).toBe(0);
    // She comes back in another household, and Joko Susilo, listed twice, joins the register.
    await addMember("Rina Marlina", "1979-04-01");
    await addMember("Joko Susilo", "1970-01-01");
    const report = await importList("2021-05", ["Rina Marlina", "Joko Susilo"]);
    expect(report.waitingReview).toBe(2);
    expect(await queued()).toEqual(["Joko Susilo", "Rina Marlina", "Siti Aminah"]);
    expect((await listedNames()).map((n) => [n.name_key, n.seen_through])).toEqual([
      ["joko susilo", 3],
      ["rina marlina", 3],
      ["siti aminah", 2],
    ]);
  });

  it("asks afresh for a name kept at a higher blocking than the run's", async () => {
    const { db } = fixture().ctx;
    await db.execute(sql`UPDATE linkage_listed_name SET blocking = 0.9 WHERE name_key = 'joko susilo'`);
    await db.execute(sql`DELETE FROM linkage_name_pair WHERE listed_key = 'joko susilo'`);
    await db.execute(sql`DELETE FROM linkage_pair WHERE kind = 'penerima'`);
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(await queued()).toEqual(["Joko Susilo", "Rina Marlina", "Siti Aminah"]);
    expect((await listedNames()).find((n) => n.name_key === "joko susilo")?.blocking).toBe(BLOCKING_SIMILARITY);
  });

  // PGlite has one connection: a run never meets another.
  it.skipIf(engine === "pglite")(
    "links without waiting while another run keeps the city's names, and keeps nothing itself",
    async () => {
      const { db } = fixture().ctx;
      const kept = () =>
        queryRows<{ rows: number }>(
          db,
          sql`SELECT (SELECT count(*) FROM linkage_register_name) + (SELECT count(*) FROM linkage_listed_name)
                   + (SELECT count(*) FROM linkage_name_pair) AS rows`,
        );
      const before = { queued: await queued(), kept: await kept() };
      await addMember("Dewi Lestari", "1992-09-10");
      // Another run holds the city's names (the key blockSimilarNames takes) until this transaction ends.
      const report = await db.transaction(async (other) => {
        await other.execute(sql`SELECT pg_advisory_xact_lock(1802334503, 6472)`);
        return importList("2021-06", ["Dewi Lestari", "Joko Susilo"]);
      });
      expect(report.waitingReview).toBe(2);
      expect(await queued()).toEqual([...before.queued, "Dewi Lestari"].sort());
      expect(await kept()).toEqual(before.kept);
    },
  );

  it("links the same with its names kept as with nothing kept", async () => {
    const { db } = fixture().ctx;
    const before = await queued();
    for (const table of ["linkage_name_pair", "linkage_listed_name", "linkage_register_name"]) {
      await db.execute(sql`DELETE FROM ${sql.identifier(table)}`);
    }
    const again = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(again.rewritten).toBe(0);
    expect(await queued()).toEqual(before);
  });
  it("writes every register name it meets, in several statements when there are many", async () => {
    const { db } = fixture().ctx;
    const home = await insertHousehold(db, { declaredKelurahanCode: A, effectiveKelurahanCode: A, rt: "009" });
    // 8,000 names, each three letters and a family name: over 7,000 name keys once doubled letters
    // are one, more than one statement writes on PGlite (5,000).
    await db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, name)
      SELECT '64.72', ${home.id}, chr(97 + i % 26) || chr(97 + i / 26 % 26) || chr(97 + i / 676 % 26) || ' Wirawan'
      FROM generate_series(0, 7999) i`);
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    const [names] = await queryRows<{ kept: number; register: number; runs: number }>(
      db,
      sql`SELECT (SELECT count(*)::int FROM linkage_register_name WHERE kabkota_code = '64.72') AS kept,
                 (SELECT count(DISTINCT name_key)::int FROM person WHERE kabkota_code = '64.72') AS register,
                 (SELECT count(DISTINCT seen)::int FROM linkage_register_name
                  WHERE kabkota_code = '64.72' AND name_key LIKE '% wirawan') AS runs`,
    );
    expect(names!.register).toBeGreaterThan(7000);
    expect(names).toEqual({ kept: names!.register, register: names!.register, runs: 1 });
  });

  it("forgets a register name nobody bears any longer and a listed name no receipt left to link bears, with their pairs", async () => {
    const { db } = fixture().ctx;
    const kept = async () => {
      const [names] = await queryRows<{ register: string[]; listed: string[]; pairs: string[] }>(
        db,
        sql`SELECT (SELECT coalesce(array_agg(name_key ORDER BY name_key), '{}') FROM linkage_register_name
                    WHERE kabkota_code = '64.72' AND name_key NOT LIKE '% wirawan') AS register,
                   (SELECT coalesce(array_agg(name_key ORDER BY name_key), '{}') FROM linkage_listed_name
                    WHERE kabkota_code = '64.72') AS listed,
                   (SELECT coalesce(array_agg(listed_key || '>' || register_key ORDER BY listed_key, register_key), '{}') FROM linkage_name_pair
                    WHERE kabkota_code = '64.72' AND register_key NOT LIKE '% wirawan') AS pairs`,
      );
      return names!;
    };
    const before = await kept();
    expect(before.register).toContain("siti aminah");
    expect(before.listed).toContain("joko susilo");
    expect(before.pairs).toEqual(expect.arrayContaining(["siti aminah>siti aminah", "joko susilo>joko susilo"]));

    // Siti Aminah leaves the register; Joko Susilo's receipts are withdrawn. A short list's run,
    // which reads only the persons its names reach, forgets nothing; a whole run does.
    await db.execute(sql`DELETE FROM person WHERE id = ${members.get("Siti Aminah")!}`);
    await db.execute(sql`DELETE FROM aid_receipt WHERE name = 'Joko Susilo'`);
    await importList("2021-07", ["Rina Marlina"]);
    expect(await kept()).toEqual(before);
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    const after = await kept();
    expect(after.register).toEqual(before.register.filter((name) => name !== "siti aminah"));
    expect(after.listed).toEqual(before.listed.filter((name) => name !== "joko susilo"));
    expect(after.pairs).toEqual(
      before.pairs.filter((pair) => !pair.endsWith(">siti aminah") && !pair.startsWith("joko susilo>")),
    );
  });

  it("compares a name met again with every listed name, though the run that met the last name is forgotten", async () => {
    // A run meets Budi Hartono alone: the last run that met a name, and Siti Aminah's (listed) is complete through it.
    await addMember("Budi Hartono", "1988-02-02");
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    // Budi Hartono leaves, and Siti Aminah comes back: her name must count as met after that run.
    await fixture().ctx.db.execute(sql`DELETE FROM person WHERE id = ${members.get("Budi Hartono")!}`);
    await addMember("Siti Aminah", "1985-08-17");
    await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(await queued()).toContain("Siti Aminah");
  });

  it("keys and links every receipt of a run that takes several statements", async () => {
    const { db } = fixture().ctx;
    const home = await insertHousehold(db, {
      declaredKelurahanCode: A,
      effectiveKelurahanCode: A,
      rt: "010",
      noKk: "6472050101219999",
    });
    const batch = await insertBatch(db);
    // 25,000 receipts without a key (as a seed leaves them) under some 20,000 names, each naming
    // the household's No. KK: on PGlite more than one statement keys them (20,000) and links them (5,000
    // identities).
    await db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, no_kk, name, kelurahan_code, import_batch_id, source_file, source_row)
      SELECT '64.72', 'BPNT', '2021-08', '6472050101219999',
             chr(97 + i % 26) || chr(97 + i / 26 % 26) || chr(97 + i / 676 % 26) || chr(97 + i / 17576 % 26) || ' Penerima',
             ${A}, ${batch.id}, 'uji.csv', i
      FROM generate_series(1, 25000) i`);
    // And 1,500 names no list bore before, each borne by a register person of its own, unlike any
    // other: on PGlite more than one statement looks them up (1,000).
    const strangers = await insertHousehold(db, { declaredKelurahanCode: A, effectiveKelurahanCode: A, rt: "011" });
    const stranger = sql.raw(`translate(left(md5(i::text), 10), '0123456789', 'ghijklmnop')`);
    await db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, name) SELECT '64.72', ${strangers.id}, ${stranger} FROM generate_series(1, 1500) i`);
    await db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, name, kelurahan_code, import_batch_id, source_file, source_row)
      SELECT '64.72', 'BPNT', '2021-08', ${stranger}, ${A}, ${batch.id}, 'uji.csv', 25000 + i FROM generate_series(1, 1500) i`);
    const report = await linkRecords({ ctx: fixture().ctx, input: { kabkotaCode: "64.72" } });
    expect(report.identities).toBeGreaterThan(10_000);
    const [unpaired] = await queryRows<{ names: number }>(
      db,
      sql`SELECT count(*)::int AS names FROM linkage_listed_name l
          WHERE l.kabkota_code = '64.72' AND EXISTS (SELECT 1 FROM person p WHERE p.kabkota_code = '64.72' AND p.name_key = l.name_key)
            AND NOT EXISTS (SELECT 1 FROM linkage_name_pair n
                            WHERE n.kabkota_code = '64.72' AND n.listed_key = l.name_key AND n.register_key = l.name_key)`,
    );
    expect(unpaired).toEqual({ names: 0 });
    const [receipts] = await queryRows<{ unkeyed: number; matched: number }>(
      db,
      sql`SELECT count(*) FILTER (WHERE link_key IS NULL)::int AS unkeyed,
                 count(*) FILTER (WHERE match_method = 'no_kk' AND matched_household_id = ${home.id} AND source_row <= 25000)::int AS matched
          FROM aid_receipt WHERE kabkota_code = '64.72' AND import_batch_id = ${batch.id}`,
    );
    expect(receipts).toEqual({ unkeyed: 0, matched: 25_000 });
  });
});
