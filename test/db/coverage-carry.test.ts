import { sql, type SQL } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows, sqlArray } from "@/db/engine";
import { areaSummary, warmCoverage } from "@/lib/analytics";
import { seedDemoCity } from "@/lib/demo";
import { writeCsv } from "@/lib/exports";
import { DTKS_COLUMNS, exportDtksMemberList, importDtks, importRecipients, parseCsv } from "@/lib/imports";

import { describeEachEngine } from "../helpers/each-engine";

const CITY = "64.72";
const CURRENT = sql`(SELECT version FROM data_version WHERE id = 1)`;

describeEachEngine("The coverage cache carried forward after a write", (fixture, engine) => {
  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 5, households: 800, receiptsFrom: "2024-01" } });
    await warmCoverage({ ctx });
  });

  /** The stored month, quarter and year rows of the current version, by what they are. */
  const monthIds = async () =>
    new Map(
      (
        await queryRows<{ period: string; id: number }>(
          fixture().ctx.db,
          sql`SELECT period, id FROM coverage_month WHERE kabkota_code = ${CITY} AND data_version = ${CURRENT}`,
        )
      ).map((month) => [month.period, month.id]),
    );
  const spanIds = async () =>
    new Map(
      (
        await queryRows<{ span: string; id: number }>(
          fixture().ctx.db,
          sql`SELECT period_from || '/' || months AS span, id FROM coverage_span WHERE kabkota_code = ${CITY} AND data_version = ${CURRENT}`,
        )
      ).map((span) => [span.span, span.id]),
    );

  /** Every cached row of the current version, keyed by what it describes rather than by its ids. */
  const cachedRows = () =>
    Promise.all([
      queryRows(
        fixture().ctx.db,
        sql`SELECT b.household_id::int AS household_id, b.effective_kelurahan_code, b.effective_rt_code, b.status::text AS status,
                   b.eligible, b.received_ever, b.persons, b.poor_persons
            FROM coverage_base_household b JOIN coverage_base x ON x.id = b.base_id
            WHERE x.kabkota_code = ${CITY} AND x.data_version = ${CURRENT} ORDER BY 1`,
      ),
      queryRows(
        fixture().ctx.db,
        sql`SELECT m.period, t.household_id::int AS household_id, t.program_mask::text AS program_mask, t.deceased, t.nonaktif,
                   t.invalid_nik, t.paid_twice, t.error_receipts, t.amount::text AS amount
            FROM coverage_month_household t JOIN coverage_month m ON m.id = t.month_id
            WHERE m.kabkota_code = ${CITY} AND m.data_version = ${CURRENT} ORDER BY 1, 2`,
      ),
      queryRows(
        fixture().ctx.db,
        sql`SELECT m.period, m.programs_listed::text AS programs_listed, t.kelurahan_code, t.rt_code, t.receipts, t.deceased,
                   t.nonaktif, t.not_in_register, t.invalid_nik, t.paid_twice, t.amount::text AS amount, t.receipts_without_amount
            FROM coverage_month_rt t JOIN coverage_month m ON m.id = t.month_id
            WHERE m.kabkota_code = ${CITY} AND m.data_version = ${CURRENT} ORDER BY 1, 3, 4`,
      ),
      queryRows(
        fixture().ctx.db,
        sql`SELECT s.period_from, s.months, t.household_id::int AS household_id, t.program_mask::text AS program_mask,
                   t.deceased, t.nonaktif, t.invalid_nik, t.paid_twice, t.error_receipts, t.amount::text AS amount
            FROM coverage_span_household t JOIN coverage_span s ON s.id = t.span_id
            WHERE s.kabkota_code = ${CITY} AND s.data_version = ${CURRENT} ORDER BY 1, 2, 3`,
      ),
      queryRows(
        fixture().ctx.db,
        sql`SELECT s.period_from, s.months, t.kelurahan_code, t.rt_code, t.receipts, t.deceased, t.nonaktif, t.not_in_register,
                   t.invalid_nik, t.paid_twice, t.amount::text AS amount, t.receipts_without_amount
            FROM coverage_span_rt t JOIN coverage_span s ON s.id = t.span_id
            WHERE s.kabkota_code = ${CITY} AND s.data_version = ${CURRENT} ORDER BY 1, 2, 3, 4`,
      ),
      queryRows(
        fixture().ctx.db,
        sql`SELECT t.kelurahan_code, t.rt_code, t.households, t.persons, t.poor_persons, t.eligible_households,
                   t.never_covered_eligible_households
            FROM coverage_base_rt t JOIN coverage_base x ON x.id = t.base_id
            WHERE x.kabkota_code = ${CITY} AND x.data_version = ${CURRENT} ORDER BY 1, 2`,
      ),
    ]);

  /** Summaries of the city and of two kelurahan, for the default window and a long one. */
  const answers = (kelurahan: string[]) =>
    Promise.all(
      [CITY, ...kelurahan].flatMap((code) =>
        [{}, { from: "2024-02", to: "2025-11" }].map(async (window) => {
          const answer = await areaSummary({ ctx: fixture().ctx, input: { code, ...window } });
          const { children, ...counts } = answer!;
          return { counts, children };
        }),
      ),
    );

  /** Empties the cache so the warm-up counts everything anew. */
  const countAnew = async () => {
    const { ctx } = fixture();
    for (const table of ["coverage_base", "coverage_month", "coverage_span", "coverage_window"]) {
      await ctx.db.execute(sql.raw(`DELETE FROM ${table}`));
    }
    await warmCoverage({ ctx });
  };

  it("carries a DTKS file of one kelurahan, each household a desil higher, by base rows alone: its members keep their person ids", async () => {
    const { ctx } = fixture();
    const [kelurahan] = await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT declared_kelurahan_code AS code FROM household WHERE kabkota_code = ${CITY} AND desil < 10
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    const exported = await exportDtksMemberList({ ctx, input: { kabkotaCode: CITY } });
    const [header, ...rows] = parseCsv(exported.csv);
    const column = (name: keyof typeof DTKS_COLUMNS) => header!.cells.indexOf(name);
    const chosen = rows
      .filter(({ cells }) => cells[column("kode_kelurahan")] === kelurahan!.code)
      .map(({ cells }) =>
        cells.map((cell, i) => (i === column("desil") && cell !== "" ? String(Math.min(10, Number(cell) + 1)) : cell)),
      );
    const members = () =>
      queryRows<{ id: number; household_id: number }>(
        ctx.db,
        sql`SELECT p.id::int AS id, p.household_id::int AS household_id FROM person p
            JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
            WHERE h.kabkota_code = ${CITY} AND h.declared_kelurahan_code = ${kelurahan!.code} ORDER BY p.id`,
      );
    const membersBefore = await members();
    const [since] = await queryRows<{ version: number }>(ctx.db, sql`SELECT ${CURRENT}::float8 AS version`);
    const monthsBefore = await monthIds();

    const imported = await importDtks({
      ctx,
      input: { fileName: "desil-kelurahan.csv", bytes: new TextEncoder().encode(writeCsv([header!.cells, ...chosen])) },
    });
    expect(imported.changedHouseholds).toBeGreaterThan(0);
    expect(await members()).toEqual(membersBefore);
    const scopes = await queryRows<{ scope: string; households: number }>(
      ctx.db,
      sql`SELECT scope, count(DISTINCT household_id)::int AS households FROM coverage_change
          WHERE kabkota_code = ${CITY} AND data_version > ${since!.version} GROUP BY 1`,
    );
    expect(scopes).toEqual([{ scope: "base", households: imported.changedHouseholds }]);

    await warmCoverage({ ctx });
    const monthsAfter = await monthIds();
    // No month row changes: every month is taken over, on PGlite too (a short transaction there).
    for (const [period, id] of monthsAfter) expect(id, period).toBe(monthsBefore.get(period));
    const carried = await cachedRows();
    const carriedAnswers = await answers([kelurahan!.code]);
    await countAnew();
    expect(await cachedRows()).toEqual(carried);
    expect(await answers([kelurahan!.code])).toEqual(carriedAnswers);
  });

  it("takes over what a recipient list of one month, a register change in one kelurahan and receipts unmatched left alone, to the same rows and counts as counting anew", async () => {
    const { ctx } = fixture();
    const [busiest, other] = await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT effective_kelurahan_code AS code FROM household WHERE kabkota_code = ${CITY} AND effective_kelurahan_code IS NOT NULL
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`,
    );
    const monthsBefore = await monthIds();
    const spansBefore = await spanIds();
    expect(monthsBefore.size).toBeGreaterThan(12);

    // A second list of one month: some of its receipts again, so some households are paid twice.
    const listed = "2025-05";
    await ctx.db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, no_kk, name, birth_date, rt, amount, kelurahan_code,
                               import_batch_id, source_file, source_row, matched_household_id, matched_person_id, match_method)
      SELECT kabkota_code, program_code, period, nik, nik_check, no_kk, name, birth_date, rt, amount, kelurahan_code,
             import_batch_id, 'ulang.csv', source_row, matched_household_id, matched_person_id, match_method
      FROM aid_receipt WHERE kabkota_code = ${CITY} AND period = ${listed} ORDER BY id LIMIT 30`);
    // In one kelurahan: receiving households made nonaktif, one moved to another kelurahan, a member deceased.
    const receiving = sql`(SELECT DISTINCT h.id FROM household h JOIN aid_receipt r ON r.kabkota_code = h.kabkota_code AND r.matched_household_id = h.id
                           WHERE h.kabkota_code = ${CITY} AND h.effective_kelurahan_code = ${busiest!.code} ORDER BY h.id LIMIT 7)`;
    const [first, second, moved, ...rest] = (
      await queryRows<{ id: number }>(ctx.db, sql`SELECT id::int AS id FROM ${receiving} r`)
    ).map((household) => household.id);
    await ctx.db.execute(
      sql`UPDATE household SET status = 'nonaktif', nonaktif_reason = 'mampu' WHERE kabkota_code = ${CITY} AND id IN (${first}, ${second}, ${rest[0]})`,
    );
    await ctx.db.execute(
      sql`UPDATE household SET effective_kelurahan_code = ${other!.code}, effective_rt_code = NULL WHERE kabkota_code = ${CITY} AND id = ${moved}`,
    );
    await ctx.db.execute(
      sql`UPDATE person SET death_date = DATE '2024-03-10' WHERE kabkota_code = ${CITY} AND id = (SELECT min(id) FROM person WHERE kabkota_code = ${CITY} AND household_id = ${rest[1]})`,
    );
    // Register fields no month reads: a desil, and a member added.
    await ctx.db.execute(
      sql`UPDATE household SET desil = CASE WHEN desil >= 10 THEN 1 ELSE coalesce(desil, 0) + 1 END WHERE kabkota_code = ${CITY} AND id = ${rest[2]}`,
    );
    await ctx.db.execute(sql`
      INSERT INTO person (kabkota_code, household_id, nik, nik_check, name, birth_date, sex, relation)
      SELECT kabkota_code, household_id, nik, nik_check, name || ' Muda', birth_date, sex, relation
      FROM person WHERE kabkota_code = ${CITY} AND household_id = ${rest[3]} ORDER BY id LIMIT 1`);

    // Receipts of other months that lose their match (as a linkage decision undone): their
    // households and the kelurahan the lists name change, not their months.
    await ctx.db.execute(sql`
      UPDATE aid_receipt SET matched_household_id = NULL, matched_person_id = NULL, match_method = NULL
      WHERE kabkota_code = ${CITY} AND id IN (
        SELECT id FROM aid_receipt WHERE kabkota_code = ${CITY} AND matched_household_id IS NOT NULL AND period <> ${listed}
        ORDER BY id DESC LIMIT 5)`);

    await warmCoverage({ ctx });
    const monthsAfter = await monthIds();
    expect([...monthsAfter.keys()].sort()).toEqual([...monthsBefore.keys()].sort());
    // On the server the months and spans the write left alone are taken over; on PGlite, where
    // recounting month rows would be one long transaction, every month is counted anew step by step.
    const carries = engine === "postgres";
    for (const [period, id] of monthsAfter) {
      if (carries && period !== listed) expect(id, period).toBe(monthsBefore.get(period));
      else expect(id, period).not.toBe(monthsBefore.get(period));
    }
    const spansAfter = await spanIds();
    expect(spansAfter.get("2024-01/12") === spansBefore.get("2024-01/12")).toBe(carries);
    expect(spansAfter.get("2025-01/3") === spansBefore.get("2025-01/3")).toBe(carries);
    expect(spansAfter.get("2025-04/3")).not.toBe(spansBefore.get("2025-04/3"));
    const carried = await cachedRows();
    const carriedAnswers = await answers([busiest!.code, other!.code]);
    const [, monthHouseholds] = carried;
    expect(monthHouseholds.filter((row) => (row as { nonaktif: number }).nonaktif > 0).length).toBeGreaterThan(0);

    await countAnew();
    expect(await cachedRows()).toEqual(carried);
    expect(await answers([busiest!.code, other!.code])).toEqual(carriedAnswers);
  });

  it("knows without a lookup that a household given a receipt has received, and looks up one whose receipts were all taken away", async () => {
    const { ctx } = fixture();
    const [never] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT h.id::int AS id FROM household h WHERE h.kabkota_code = ${CITY} AND h.effective_kelurahan_code IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM aid_receipt r WHERE r.kabkota_code = ${CITY} AND r.matched_household_id = h.id)
          ORDER BY h.id LIMIT 1`,
    );
    const [fewest] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT matched_household_id::int AS id FROM aid_receipt WHERE kabkota_code = ${CITY} AND matched_household_id IS NOT NULL
          GROUP BY 1 ORDER BY count(*), 1 LIMIT 1`,
    );
    const receivedEver = async (id: number) =>
      (
        await queryRows<{ received_ever: boolean }>(
          ctx.db,
          sql`SELECT b.received_ever FROM coverage_base_household b JOIN coverage_base x ON x.id = b.base_id
              WHERE x.kabkota_code = ${CITY} AND x.data_version = ${CURRENT} AND b.household_id = ${id}`,
        )
      )[0]?.received_ever;
    expect([await receivedEver(never!.id), await receivedEver(fewest!.id)]).toEqual([false, true]);
    const [since] = await queryRows<{ version: number }>(ctx.db, sql`SELECT ${CURRENT}::float8 AS version`);
    const monthsBefore = await monthIds();

    await ctx.db.execute(sql`
      INSERT INTO aid_receipt (kabkota_code, program_code, period, nik, nik_check, name, amount, kelurahan_code, import_batch_id,
                               source_file, source_row, matched_household_id, match_method)
      SELECT ${CITY}, (SELECT min(code) FROM program), '2025-06', NULL, 'missing', 'Penerima Baru', 200000, h.effective_kelurahan_code,
             (SELECT min(import_batch_id) FROM aid_receipt WHERE kabkota_code = ${CITY}), 'tambahan.csv', 2, h.id, 'no_kk'
      FROM household h WHERE h.kabkota_code = ${CITY} AND h.id = ${never!.id}`);
    await ctx.db.execute(
      sql`DELETE FROM aid_receipt WHERE kabkota_code = ${CITY} AND matched_household_id = ${fewest!.id}`,
    );
    const scopes = await queryRows<{ scope: string; household_id: number }>(
      ctx.db,
      sql`SELECT DISTINCT scope, household_id::int AS household_id FROM coverage_change
          WHERE kabkota_code = ${CITY} AND data_version > ${since!.version} AND household_id IS NOT NULL ORDER BY 1, 2`,
    );
    expect(scopes).toEqual([
      { scope: "gained", household_id: never!.id },
      { scope: "received", household_id: fewest!.id },
    ]);

    await warmCoverage({ ctx });
    // Carried, not counted anew: the months neither write touched keep their rows, on PGlite too.
    const monthsAfter = await monthIds();
    expect([...monthsAfter].filter(([period, id]) => monthsBefore.get(period) === id).length).toBeGreaterThan(0);
    expect([await receivedEver(never!.id), await receivedEver(fewest!.id)]).toEqual([true, false]);
    const carried = await cachedRows();
    await countAnew();
    expect(await cachedRows()).toEqual(carried);
  });

  /** The share of the city's households living in the RTs where the households `placed` (kelurahan and RT codes) live. */
  const cityShareInRtsOf = async (placed: SQL) => {
    const [row] = await queryRows<{ share: number }>(
      fixture().ctx.db,
      sql`SELECT (SELECT count(*) FROM household h WHERE h.kabkota_code = ${CITY}
                    AND (h.effective_kelurahan_code, h.effective_rt_code) IN (${placed}))::float8
                 / (SELECT count(*) FROM household WHERE kabkota_code = ${CITY}) AS share`,
    );
    return row!.share;
  };

  /**
   * One registered family in three again under a new DTKS id (`prefix` and the old one), with
   * NIKs, a KK and names nobody holds (so that no receipt matches them, by number or by name):
   * new families in RTs all over the city. Returns the DTKS file and the members' rows.
   */
  const newFamilyFile = async (prefix: string) => {
    const exported = await exportDtksMemberList({ ctx: fixture().ctx, input: { kabkotaCode: CITY } });
    const [header, ...rows] = parseCsv(exported.csv);
    const column = (name: keyof typeof DTKS_COLUMNS) => header!.cells.indexOf(name);
    const families = [...new Set(rows.map(({ cells }) => cells[column("id_dtks")]!))].filter((id) =>
      id.startsWith("DEMO-"),
    );
    const chosen = new Set(families.filter((_, i) => i % 3 === 0));
    const held = new Set(rows.flatMap(({ cells }) => [cells[column("nik")]!, cells[column("no_kk")]!]));
    const unheld = (number: string) => {
      let serial = Number(number.slice(12));
      let candidate = number;
      while (held.has(candidate))
        candidate = `${number.slice(0, 12)}${String((serial = (serial % 9999) + 1)).padStart(4, "0")}`;
      held.add(candidate);
      return candidate;
    };
    const kk = new Map<string, string>();
    const members = rows
      .filter(({ cells }) => chosen.has(cells[column("id_dtks")]!))
      .map(({ cells }) =>
        cells.map((cell, i) => {
          if (i === column("id_dtks")) return `${prefix}-${cell}`;
          if (i === column("nama")) return `${cell} ${prefix}`;
          if (i === column("nik") && /^\d{16}$/.test(cell)) return unheld(cell);
          if (i === column("no_kk") && /^\d{16}$/.test(cell))
            return kk.get(cell) ?? kk.set(cell, unheld(cell)).get(cell)!;
          return cell;
        }),
      );
    const file = {
      fileName: `keluarga-${prefix.toLowerCase()}.csv`,
      bytes: new TextEncoder().encode(writeCsv([header!.cells, ...members])),
    };
    return {
      file,
      families: chosen.size,
      members: members.map((cells) => ({ nik: cells[column("nik")]!, kelurahan: cells[column("kode_kelurahan")]! })),
    };
  };

  it("carries new families spread over the city's RTs, none with a receipt, by base rows alone", async () => {
    const { ctx } = fixture();
    const { file, families } = await newFamilyFile("BARU");
    const [since] = await queryRows<{ version: number }>(ctx.db, sql`SELECT ${CURRENT}::float8 AS version`);
    const monthsBefore = await monthIds();

    const imported = await importDtks({ ctx, input: file });
    expect(imported.newHouseholds).toBe(families);
    const [named] = await queryRows<{ receipts: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS receipts FROM aid_receipt r WHERE r.kabkota_code = ${CITY} AND r.matched_household_id IN (
            SELECT id FROM household WHERE kabkota_code = ${CITY} AND dtks_id LIKE 'BARU-%')`,
    );
    const share = await cityShareInRtsOf(
      sql`SELECT effective_kelurahan_code, effective_rt_code FROM household WHERE kabkota_code = ${CITY} AND dtks_id LIKE 'BARU-%'`,
    );
    // No receipt names them, and their RTs hold more than the quarter of the city past which
    // counting those RTs again is given up for a full count.
    expect(named!.receipts).toBe(0);
    expect(share).toBeGreaterThan(0.25);
    const scopes = await queryRows<{ scope: string }>(
      ctx.db,
      sql`SELECT DISTINCT scope FROM coverage_change WHERE kabkota_code = ${CITY} AND data_version > ${since!.version} ORDER BY 1`,
    );
    expect(scopes.map((row) => row.scope)).toContain("household");

    await warmCoverage({ ctx });
    const monthsAfter = await monthIds();
    // No month row changes: every month is taken over, on PGlite too (a short transaction there).
    for (const [period, id] of monthsAfter) expect(id, period).toBe(monthsBefore.get(period));
    const carried = await cachedRows();
    const kelurahan = await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT DISTINCT effective_kelurahan_code AS code FROM household
          WHERE kabkota_code = ${CITY} AND dtks_id LIKE 'BARU-%' AND effective_kelurahan_code IS NOT NULL ORDER BY 1 LIMIT 2`,
    );
    const carriedAnswers = await answers(kelurahan.map((row) => row.code));
    await countAnew();
    expect(await cachedRows()).toEqual(carried);
    expect(await answers(kelurahan.map((row) => row.code))).toEqual(carriedAnswers);
  });

  it("carries new families, and changed ones never paid, paid only in a new month's list: that month is counted anew, every other month taken over", async () => {
    const { ctx } = fixture();
    const { file, families, members } = await newFamilyFile("LAGI");
    const monthsBefore = await monthIds();
    const [since] = await queryRows<{ version: number }>(ctx.db, sql`SELECT ${CURRENT}::float8 AS version`);
    expect((await importDtks({ ctx, input: file })).newHouseholds).toBe(families);
    // Registered families never paid (in the old base as never having received), each moved to
    // another RT of its kelurahan.
    const neverPaid = await queryRows<{ id: number; nik: string; kelurahan: string }>(
      ctx.db,
      sql`SELECT DISTINCT ON (h.id) h.id::int AS id, p.nik, h.declared_kelurahan_code AS kelurahan
          FROM household h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
          WHERE h.kabkota_code = ${CITY} AND h.dtks_id LIKE 'DEMO-%' AND p.nik_check = 'valid' AND h.effective_rt_code IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM aid_receipt r WHERE r.kabkota_code = h.kabkota_code AND r.matched_household_id = h.id)
          ORDER BY h.id LIMIT 5`,
    );
    expect(neverPaid).toHaveLength(5);
    const neverPaidIds = sqlArray(
      neverPaid.map((family) => family.id),
      "bigint",
    );
    await ctx.db.execute(sql`
      UPDATE household h SET effective_rt_code = (
        SELECT min(o.effective_rt_code) FROM household o WHERE o.kabkota_code = h.kabkota_code
          AND o.effective_kelurahan_code = h.effective_kelurahan_code AND o.effective_rt_code <> h.effective_rt_code)
      WHERE kabkota_code = ${CITY} AND id = ANY(${neverPaidIds})`);
    const [noted] = await queryRows<{ households: number }>(
      ctx.db,
      sql`SELECT count(DISTINCT household_id)::int AS households FROM coverage_change
          WHERE kabkota_code = ${CITY} AND data_version > ${since!.version} AND scope = 'household' AND household_id = ANY(${neverPaidIds})`,
    );
    expect(noted!.households).toBe(5);
    const [latest] = await queryRows<{ period: string }>(
      ctx.db,
      sql`SELECT to_char(to_date(max(period), 'YYYY-MM') + interval '1 month', 'YYYY-MM') AS period
          FROM aid_receipt WHERE kabkota_code = ${CITY}`,
    );
    // A list of the month after the newest, by NIK: every other member of the new families, and one of each family never paid.
    const paid = [
      ...members.filter((member, i) => i % 2 === 0 && /^\d{16}$/.test(member.nik)),
      ...neverPaid.map(({ nik, kelurahan }) => ({ nik, kelurahan })),
    ];
    const list = await importRecipients({
      ctx,
      input: {
        fileName: "bpnt-keluarga-baru.csv",
        bytes: new TextEncoder().encode(
          writeCsv([
            ["nik", "program", "periode", "nominal", "kode_kelurahan"],
            ...paid.map((member) => [member.nik, "BPNT", latest!.period, "200000", member.kelurahan]),
          ]),
        ),
      },
    });
    expect(list.matchedByNik).toBe(paid.length);
    // The RTs of the paid ones alone hold more than the quarter of the city past which counting them again is given up.
    expect(
      await cityShareInRtsOf(
        sql`SELECT h.effective_kelurahan_code, h.effective_rt_code FROM household h
            JOIN aid_receipt r ON r.kabkota_code = h.kabkota_code AND r.matched_household_id = h.id
            WHERE h.kabkota_code = ${CITY} AND h.dtks_id LIKE 'LAGI-%'`,
      ),
    ).toBeGreaterThan(0.25);

    await warmCoverage({ ctx });
    const monthsAfter = await monthIds();
    expect(monthsAfter.has(latest!.period)).toBe(true);
    for (const [period, id] of monthsAfter)
      if (period !== latest!.period) expect(id, period).toBe(monthsBefore.get(period));
    const carried = await cachedRows();
    const kelurahan = [...new Set(paid.map((member) => member.kelurahan))].sort().slice(0, 2);
    const carriedAnswers = await answers(kelurahan);
    await countAnew();
    expect(await cachedRows()).toEqual(carried);
    expect(await answers(kelurahan)).toEqual(carriedAnswers);
  });

  it("counts everything anew after a write that changes everything: a program", async () => {
    const { ctx } = fixture();
    const before = await monthIds();
    await ctx.db.execute(sql`UPDATE program SET name = name || '' WHERE code = (SELECT min(code) FROM program)`);
    await warmCoverage({ ctx });
    const after = await monthIds();
    expect(after.size).toBe(before.size);
    for (const [period, id] of after) expect(id, period).not.toBe(before.get(period));
  });
});
