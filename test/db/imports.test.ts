import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { seedDemoCity } from "@/lib/demo";
import { UserError } from "@/lib/errors";
import { writeXlsx } from "@/lib/exports";
import { importDtks, importRecipients, UnknownProgramError } from "@/lib/imports";

import { describeEachEngine } from "../helpers/each-engine";
import { zipBomb } from "../helpers/zip-bomb";

const DTKS_HEADER =
  "ID_DTKS,NOKK,NIK,NAMA,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,ALAMAT,KODE WILAYAH,RW,RT,DESIL,STATUS,ALASAN NONAKTIF,TGL MENINGGAL,STATUS VERVAL,TGL VERVAL,LATITUDE,LONGITUDE";
const K = "64.72.05.1004"; // Sungai Siring, Samarinda Utara

/** A DTKS export with good households and one row of every fault the importer must catch. */
function dtksFile(desilOfH1 = "2"): Uint8Array {
  const rows = [
    DTKS_HEADER,
    // line 2–4: H1, three members, all good
    `H1,6472051203150007,6472051708850003,Ahmad Yani,17-08-1985,L,Kepala Keluarga,Jl. Pelita,${K},3,12,${desilOfH1},aktif,,,terverifikasi,2024-05-01,,`,
    `H1,6472051203150007,6472055708870004,Siti Aminah,17/08/1987,P,Istri,Jl. Pelita,${K},3,12,${desilOfH1},aktif,,,terverifikasi,2024-05-01,,`,
    `H1,6472051203150007,64720510101,Budi,2010-10-10,L,Anak,Jl. Pelita,${K},3,12,${desilOfH1},aktif,,,terverifikasi,2024-05-01,,`,
    // line 5: H2 nonaktif, deceased head
    `H2,6472051203150015,6472050101500001,Darmo,01-01-1950,L,Kepala Keluarga,Jl. Mawar,${K},1,2,1,nonaktif,meninggal,2023-03-05,terverifikasi,2023-04-01,,`,
    // line 6: empty id_dtks
    `,6472051203150023,6472050202800002,Tanpa Id,02-02-1980,L,Kepala Keluarga,Jl. X,${K},1,1,3,aktif,,,belum,,,`,
    // line 7: unknown kelurahan
    `H5,6472051203150031,6472050303800003,Salah Kode,03-03-1980,L,Kepala Keluarga,Jl. Y,64.72.05.9999,1,1,3,aktif,,,belum,,,`,
    // line 8–9: H4 rows disagree on desil
    `H4,6472051203150040,6472050404800004,Ani,04-04-1980,P,Kepala Keluarga,Jl. Z,${K},2,1,3,aktif,,,belum,,,`,
    `H4,6472051203150040,6472050505100005,Anak Ani,05-05-2010,L,Anak,Jl. Z,${K},2,1,4,aktif,,,belum,,,`,
    // line 10: desil out of range
    `H6,6472051203150058,6472050606800006,Desil Salah,06-06-1980,L,Kepala Keluarga,Jl. Q,${K},1,1,11,aktif,,,belum,,,`,
    // line 11: nonaktif without reason
    `H7,6472051203150066,6472050707800007,Tanpa Alasan,07-07-1980,L,Kepala Keluarga,Jl. R,${K},1,1,2,nonaktif,,,belum,,,`,
    // line 12: H8 with a geotag far outside the city
    `H8,6472051203150074,6472050808800008,Dua Kali,08-08-1980,L,Kepala Keluarga,Jl. S,${K},4,5,4,aktif,,,terverifikasi,2024-01-01,-0.1,116.5`,
    // line 13–14: H10 with the same NIK twice: the household waits whole
    `H10,6472051203150090,6472051010800010,Sama,10-10-1980,L,Kepala Keluarga,Jl. U,${K},1,1,3,aktif,,,belum,,,`,
    `H10,6472051203150090,6472051010800010,Sama Lagi,10-10-1980,L,Anak,Jl. U,${K},1,1,3,aktif,,,belum,,,`,
    // line 15: unreadable birth date
    `H9,6472051203150082,6472050909800009,Tanggal Aneh,31-02-1980,L,Kepala Keluarga,Jl. T,${K},1,1,2,aktif,,,belum,,,`,
  ];
  return new TextEncoder().encode(rows.join("\r\n") + "\r\n");
}

async function count(
  ctx: Context,
  table: "household" | "person" | "aid_receipt" | "household_history",
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(ctx.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`);
  return row!.n;
}

describeEachEngine("importing DTKS and recipient lists", (fixture) => {
  beforeAll(async () => {
    await seedDemoCity({ ctx: fixture().ctx, input: { seed: 1, households: 0 } });
  });

  // One register's story: every step reads what the steps before it imported, so they run in order.
  describe.sequential(
    "the 2024 file, the same file again, newer files, bad files, then recipient lists on that register",
    () => {
      it("lands the good rows, keeps every bad row with its line and reason", async () => {
        const { ctx } = fixture();
        const report = await importDtks({ ctx, input: { fileName: "dtks-2024.csv", bytes: dtksFile() } });
        expect(report).toMatchObject({
          alreadyImported: false,
          rows: 14,
          households: 3,
          persons: 5,
          newHouseholds: 3,
          changedHouseholds: 0,
        });
        expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
          [6, "id_dtks"],
          [7, "kode_kelurahan"],
          [8, "desil"],
          [9, "desil"],
          [10, "desil"],
          [11, "alasan_nonaktif"],
          [13, null],
          [14, "nik"],
          [15, "tgl_lahir"],
        ]);
        expect(report.rejections[6]!.reason).toMatch(/rumah tangga H10 ditunda utuh karena baris 14 ditolak/);
        expect(report.rejections[2]!.reason).toMatch(
          /H4 tidak sepakat pada kolom desil \(baris 8: "3", baris 9: "4"\)/,
        );
        expect(await count(ctx, "household")).toBe(3);
        expect(await count(ctx, "person")).toBe(5);
        const stored = await queryRows<{ row_number: number; reason: string; raw: Record<string, string> }>(
          ctx.db,
          sql`SELECT row_number, reason, raw FROM import_rejection WHERE import_batch_id = ${report.batchId} ORDER BY row_number`,
        );
        expect(stored.map((r) => r.row_number)).toEqual([6, 7, 8, 9, 10, 11, 13, 14, 15]);
        expect(stored[1]!.raw.NAMA).toBe("Salah Kode");
      });

      it("stores each person's NIK check and each household's register fields", async () => {
        const { ctx } = fixture();
        const people = await queryRows<{ name: string; nik_check: string; relation: string; birth_date: string }>(
          ctx.db,
          sql`SELECT name, nik_check, relation, birth_date::text FROM person ORDER BY name`,
        );
        expect(people).toEqual([
          { name: "Ahmad Yani", nik_check: "valid", relation: "kepala keluarga", birth_date: "1985-08-17" },
          { name: "Budi", nik_check: "malformed", relation: "anak", birth_date: "2010-10-10" },
          { name: "Darmo", nik_check: "valid", relation: "kepala keluarga", birth_date: "1950-01-01" },
          { name: "Dua Kali", nik_check: "valid", relation: "kepala keluarga", birth_date: "1980-08-08" },
          { name: "Siti Aminah", nik_check: "valid", relation: "istri", birth_date: "1987-08-17" },
        ]);
        const households = await queryRows<{
          dtks_id: string;
          status: string;
          nonaktif_reason: string | null;
          declared_rt_code: string;
          location_status: string;
          effective_kelurahan_code: string;
        }>(
          ctx.db,
          sql`SELECT dtks_id, status, nonaktif_reason, declared_rt_code, location_status, effective_kelurahan_code FROM household ORDER BY dtks_id`,
        );
        expect(households).toEqual([
          {
            dtks_id: "H1",
            status: "aktif",
            nonaktif_reason: null,
            declared_rt_code: `${K}.003.012`,
            location_status: "tanpa_geotag",
            effective_kelurahan_code: K,
          },
          {
            dtks_id: "H2",
            status: "nonaktif",
            nonaktif_reason: "meninggal",
            declared_rt_code: `${K}.001.002`,
            location_status: "tanpa_geotag",
            effective_kelurahan_code: K,
          },
          {
            dtks_id: "H8",
            status: "aktif",
            nonaktif_reason: null,
            declared_rt_code: `${K}.004.005`,
            location_status: "di_luar_kabkota",
            effective_kelurahan_code: K,
          },
        ]);
      });

      it("changes nothing when the same file comes again", async () => {
        const { ctx } = fixture();
        const before = await Promise.all([
          count(ctx, "household"),
          count(ctx, "person"),
          count(ctx, "household_history"),
        ]);
        const again = await importDtks({ ctx, input: { fileName: "dtks-2024-salinan.csv", bytes: dtksFile() } });
        expect(again.alreadyImported).toBe(true);
        expect(
          await Promise.all([count(ctx, "household"), count(ctx, "person"), count(ctx, "household_history")]),
        ).toEqual(before);
      });

      it("updates from a newer file and keeps the household's history", async () => {
        const { ctx } = fixture();
        const report = await importDtks({ ctx, input: { fileName: "dtks-2025.csv", bytes: dtksFile("5") } });
        expect(report).toMatchObject({ newHouseholds: 0, changedHouseholds: 1, households: 3 });
        const [history] = await queryRows<{ previous: { desil: number; members: unknown[] } }>(
          ctx.db,
          sql`SELECT hh.previous FROM household_history hh JOIN household h ON h.id = hh.household_id WHERE h.dtks_id = 'H1'`,
        );
        expect(history!.previous.desil).toBe(2);
        expect(history!.previous.members).toHaveLength(3);
        const [h1] = await queryRows<{ desil: number }>(ctx.db, sql`SELECT desil FROM household WHERE dtks_id = 'H1'`);
        expect(h1!.desil).toBe(5);
        expect(await count(ctx, "person")).toBe(5);
      });

      it("writes only the households that changed, and every member a file still lists keeps its id", async () => {
        const { ctx } = fixture();
        const memberIds = () =>
          queryRows<{ dtks_id: string; ids: string }>(
            ctx.db,
            sql`SELECT h.dtks_id, string_agg(p.id::text, ',' ORDER BY p.id) AS ids
          FROM household h JOIN person p ON p.household_id = h.id GROUP BY h.dtks_id ORDER BY h.dtks_id`,
          );
        const before = await memberIds();
        const report = await importDtks({ ctx, input: { fileName: "dtks-2025-desil6.csv", bytes: dtksFile("6") } });
        expect(report).toMatchObject({ newHouseholds: 0, changedHouseholds: 1 });
        const after = await memberIds();
        // H1 changed (its desil), its members did not: receipts matched to them stay as they were.
        expect(after).toEqual(before);
        const stages = await queryRows<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'import_stage_%'`,
        );
        expect(stages[0]!.n).toBe(0);
      });

      it("keeps a member's id when the file corrects its name, deletes a member it drops and adds a new one", async () => {
        const { ctx } = fixture();
        const members = async () =>
          queryRows<{ nik: string | null; name: string; id: number }>(
            ctx.db,
            sql`SELECT p.nik, p.name, p.id::int AS id FROM person p JOIN household h ON h.id = p.household_id
                WHERE h.dtks_id = 'H1' ORDER BY p.id`,
          );
        const before = await members();
        const byName = (rows: typeof before, name: string) => rows.find((member) => member.name === name);
        const h1 = (nik: string, name: string, born: string, sex: string, relation: string) =>
          `H1,6472051203150007,${nik},${name},${born},${sex},${relation},Jl. Pelita,${K},3,12,6,aktif,,,terverifikasi,2024-05-01,,`;
        const file = [
          DTKS_HEADER,
          h1("6472051708850003", "Ahmad Yani Saputra", "17-08-1985", "L", "Kepala Keluarga"),
          h1("64720510101", "Budi", "2010-10-10", "L", "Anak"),
          h1("6472054404150005", "Citra", "04-04-2015", "P", "Anak"),
        ].join("\n");
        const report = await importDtks({
          ctx,
          input: { fileName: "dtks-anggota.csv", bytes: new TextEncoder().encode(file) },
        });
        expect(report).toMatchObject({ changedHouseholds: 1 });
        const after = await members();
        expect(after.map((member) => member.name)).toEqual(["Ahmad Yani Saputra", "Budi", "Citra"]);
        expect(byName(after, "Ahmad Yani Saputra")!.id).toBe(byName(before, "Ahmad Yani")!.id);
        expect(byName(after, "Budi")!.id).toBe(byName(before, "Budi")!.id);
        expect(byName(after, "Citra")!.id).toBeGreaterThan(Math.max(...before.map((member) => member.id)));
      });

      it("keeps stored values of columns the file does not have", async () => {
        const { ctx } = fixture();
        const partial = `id_dtks,nik,nama,kode_kelurahan,desil\nH2,6472050101500001,Darmo,${K},1\n`;
        const report = await importDtks({
          ctx,
          input: { fileName: "sebagian.csv", bytes: new TextEncoder().encode(partial) },
        });
        expect(report).toMatchObject({ households: 1, changedHouseholds: 0 });
        const [h2] = await queryRows<{
          status: string;
          nonaktif_reason: string;
          no_kk: string;
          death_date: string;
          sex: string;
        }>(
          ctx.db,
          sql`SELECT h.status, h.nonaktif_reason, h.no_kk, p.death_date::text, p.sex
          FROM household h JOIN person p ON p.household_id = h.id WHERE h.dtks_id = 'H2'`,
        );
        expect(h2).toEqual({
          status: "nonaktif",
          nonaktif_reason: "meninggal",
          no_kk: "6472051203150015",
          death_date: "2023-03-05",
          sex: "L",
        });
      });

      it("holds back a household with a refused member row instead of deleting that member", async () => {
        const { ctx } = fixture();
        const badChild = new TextDecoder().decode(dtksFile("5")).replace("Budi,2010-10-10", "Budi,10-10-20100");
        const report = await importDtks({
          ctx,
          input: { fileName: "dtks-2025-rusak.csv", bytes: new TextEncoder().encode(badChild) },
        });
        expect(report.rejections.filter((r) => r.reason.includes("H1 ditunda utuh")).map((r) => r.line)).toEqual([
          2, 3,
        ]);
        const [members] = await queryRows<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM person p JOIN household h ON h.id = p.household_id WHERE h.dtks_id = 'H1'`,
        );
        expect(members!.n).toBe(3);
      });

      it("refuses a file with wrong columns or no valid row, and changes nothing", async () => {
        const { ctx } = fixture();
        const before = await Promise.all([count(ctx, "household"), count(ctx, "person")]);
        const wrongColumns = new TextEncoder().encode("nama,alamat\nSiti,Jl. A\n");
        await expect(importDtks({ ctx, input: { fileName: "salah.csv", bytes: wrongColumns } })).rejects.toThrow(
          /Kolom wajib tidak ada: id_dtks, nik, kode_kelurahan/,
        );
        const noValidRow = new TextEncoder().encode(`${DTKS_HEADER}\n,1,2,Tanpa Id,,,,,${K},,,,,,,,,,\n`);
        await expect(importDtks({ ctx, input: { fileName: "kosong.csv", bytes: noValidRow } })).rejects.toBeInstanceOf(
          UserError,
        );
        const latin1 = new Uint8Array([...new TextEncoder().encode(`${DTKS_HEADER}\nH1,1,2,Jos`), 0xe9, 0x0a]);
        await expect(importDtks({ ctx, input: { fileName: "latin1.csv", bytes: latin1 } })).rejects.toThrow(
          /bukan teks UTF-8/,
        );
        expect(await Promise.all([count(ctx, "household"), count(ctx, "person")])).toEqual(before);
        const refused = await queryRows<{ file_name: string; status: string }>(
          ctx.db,
          sql`SELECT file_name, status FROM import_batch WHERE kind = 'dtks' AND status = 'ditolak' ORDER BY id`,
        );
        expect(refused.map((b) => b.file_name)).toEqual(["salah.csv", "kosong.csv", "latin1.csv"]);
      });

      it("leaves the database as it was when an import dies halfway", async () => {
        const { ctx } = fixture();
        const before = await Promise.all([
          count(ctx, "household"),
          count(ctx, "person"),
          count(ctx, "household_history"),
        ]);
        // A trigger that fails when H1 is rewritten, after its history was kept, stands in for a crash mid-import.
        await ctx.db.execute(sql`
      CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.desil = 7 THEN RAISE EXCEPTION 'simulated crash'; END IF;
        RETURN NEW;
      END $$`);
        await ctx.db.execute(
          sql`CREATE TRIGGER fail_midway BEFORE UPDATE ON household FOR EACH ROW EXECUTE FUNCTION fail_midway()`,
        );
        try {
          await expect(
            importDtks({ ctx, input: { fileName: "dtks-2026.csv", bytes: dtksFile("7") } }),
          ).rejects.toThrow();
        } finally {
          await ctx.db.execute(sql`DROP TRIGGER fail_midway ON household`);
          await ctx.db.execute(sql`DROP FUNCTION fail_midway()`);
        }
        expect(
          await Promise.all([count(ctx, "household"), count(ctx, "person"), count(ctx, "household_history")]),
        ).toEqual(before);
        const [h1] = await queryRows<{ desil: number }>(ctx.db, sql`SELECT desil FROM household WHERE dtks_id = 'H1'`);
        expect(h1!.desil).toBe(6);
        const [batch] = await queryRows<{ status: string; message: string }>(
          ctx.db,
          sql`SELECT status, message FROM import_batch WHERE file_name = 'dtks-2026.csv'`,
        );
        expect(batch).toMatchObject({ status: "gagal" });
        expect(batch!.message).toMatch(/simulated crash/);
        const stages = await queryRows<{ n: number }>(
          ctx.db,
          sql`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE 'import_stage_%'`,
        );
        expect(stages[0]!.n).toBe(0);
      });

      it("matches recipients by NIK, else by No. KK and name, keeps the unmatched and rejects only the unreadable", async () => {
        const { ctx } = fixture();
        const list = [
          "nik,no_kk,nama,periode,nominal,kode_kelurahan",
          `6472051708850003,,Ahmad Yani,2021-04,"600.000",${K}`, // by NIK
          `,6472051203150015,Darmo,2021-04,600000,${K}`, // by No. KK and name (linkage): the deceased head of a nonaktif household
          `6472059999999999,,Orang Asing,2021-04,600000,${K}`, // not in the register, invalid NIK
          `6472050101500001,,Darmo,2021-04,600000,${K}`, // the deceased head, by NIK
          `,,,2021-04,600000,${K}`, // rejected: no NIK, No. KK or name
          `6472055708870004,,Siti,April 2021,600000,${K}`, // rejected: period
          `6472055708870004,,Siti,2021-04,600000,64.72.99.9999`, // rejected: kelurahan
        ].join("\n");
        const report = await importRecipients({
          ctx,
          input: { fileName: "bst-2021-04.csv", bytes: new TextEncoder().encode(list), program: "BST" },
        });
        expect(report).toMatchObject({
          receipts: 4,
          matchedByNik: 2,
          matchedByNoKk: 0,
          linkedAutomatically: 1,
          unmatched: 1,
          linkageFailed: false,
        });
        expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
          [6, "nik"],
          [7, "periode"],
          [8, "kode_kelurahan"],
        ]);
        const receipts = await queryRows<{
          name: string;
          match_method: string | null;
          nik_check: string;
          amount: number;
          program_code: string;
        }>(
          ctx.db,
          sql`SELECT name, match_method, nik_check, amount::int AS amount, program_code FROM aid_receipt ORDER BY source_row`,
        );
        expect(receipts).toEqual([
          { name: "Ahmad Yani", match_method: "nik", nik_check: "valid", amount: 600000, program_code: "BST" },
          { name: "Darmo", match_method: "tautan_otomatis", nik_check: "missing", amount: 600000, program_code: "BST" },
          { name: "Orang Asing", match_method: null, nik_check: "malformed", amount: 600000, program_code: "BST" },
          { name: "Darmo", match_method: "nik", nik_check: "valid", amount: 600000, program_code: "BST" },
        ]);
        const again = await importRecipients({
          ctx,
          input: { fileName: "bst-2021-04.csv", bytes: new TextEncoder().encode(list), program: "BST" },
        });
        expect(again.alreadyImported).toBe(true);
        expect(await count(ctx, "aid_receipt")).toBe(4);
      });

      it("reads program aliases from a column and refuses an unknown program whole, listing the known ones", async () => {
        const { ctx } = fixture();
        const withAlias = `nik,program,periode,nominal,kode_kelurahan\n6472051708850003,sembako,2021-05,200000,${K}\n`;
        const report = await importRecipients({
          ctx,
          input: { fileName: "sembako.csv", bytes: new TextEncoder().encode(withAlias) },
        });
        expect(report.receipts).toBe(1);
        const [row] = await queryRows<{ program_code: string }>(
          ctx.db,
          sql`SELECT program_code FROM aid_receipt WHERE period = '2021-05'`,
        );
        expect(row!.program_code).toBe("BPNT");

        const unknown =
          `nik,program,periode,nominal,kode_kelurahan\n6472051708850003,BANSOS-X,2021-05,1,${K}\n` +
          `6472051708850003,PKH,2021-05,1,${K}\n6472051708850003,BANSOS-X,2021-06,1,${K}\n`;
        const attempt = importRecipients({
          ctx,
          input: { fileName: "x.csv", bytes: new TextEncoder().encode(unknown) },
        });
        await expect(attempt).rejects.toBeInstanceOf(UnknownProgramError);
        await expect(attempt).rejects.toThrow(/Program yang dikenal: BLT-DD, BPNT, BST, PBI-JK, PKH/);
        // The refusal names the lines of the unknown program, and the batch keeps them as refused rows.
        await expect(attempt).rejects.toMatchObject({ problems: ['"BANSOS-X": baris 2, 4'] });
        expect(await count(ctx, "aid_receipt")).toBe(5);
        const refusedRows = await queryRows<{ status: string; row_number: number; field: string; reason: string }>(
          ctx.db,
          sql`SELECT b.status::text AS status, r.row_number, r.field, r.reason
              FROM import_batch b JOIN import_rejection r ON r.import_batch_id = b.id
              WHERE b.file_name = 'x.csv' ORDER BY r.row_number`,
        );
        expect(refusedRows).toEqual([
          { status: "ditolak", row_number: 2, field: "program", reason: 'program "BANSOS-X" tidak dikenal' },
          { status: "ditolak", row_number: 4, field: "program", reason: 'program "BANSOS-X" tidak dikenal' },
        ]);
      });

      it("re-matches receipts when the register changes", async () => {
        const { ctx } = fixture();
        // H1's head leaves the register in a newer file: his receipt then matches nothing by NIK,
        // and still nothing by No. KK since the receipt carried none.
        const withoutHead = new TextDecoder()
          .decode(dtksFile("5"))
          .split("\r\n")
          .filter((line) => !line.includes("Ahmad Yani"))
          .join("\r\n");
        await importDtks({ ctx, input: { fileName: "dtks-2025b.csv", bytes: new TextEncoder().encode(withoutHead) } });
        const [row] = await queryRows<{ match_method: string | null }>(
          ctx.db,
          sql`SELECT match_method FROM aid_receipt WHERE name = 'Ahmad Yani' AND period = '2021-04'`,
        );
        expect(row!.match_method).toBeNull();
      });

      it("matches a receipt once the register holds its NIK", async () => {
        const { ctx } = fixture();
        const newcomer = `${DTKS_HEADER}\r\nH11,6472051203150104,6472059999999999,Orang Asing,,L,Kepala Keluarga,Jl. V,${K},1,1,3,aktif,,,belum,,,\r\n`;
        const report = await importDtks({
          ctx,
          input: { fileName: "dtks-pendatang.csv", bytes: new TextEncoder().encode(newcomer) },
        });
        expect(report).toMatchObject({ newHouseholds: 1, changedHouseholds: 0 });
        const [row] = await queryRows<{ match_method: string | null; dtks_id: string | null }>(
          ctx.db,
          sql`SELECT r.match_method, h.dtks_id FROM aid_receipt r LEFT JOIN household h ON h.id = r.matched_household_id
          WHERE r.name = 'Orang Asing'`,
        );
        expect(row).toEqual({ match_method: "nik", dtks_id: "H11" });
      });

      it("takes DTKS and recipient lists as Excel workbooks", async () => {
        const { ctx } = fixture();
        const household = [
          "H12",
          "6472051203150112",
          "6472051212800012",
          "Excel Satu",
          "1980-12-12",
          "L",
          "Kepala Keluarga",
          "Jl. W",
          K,
          "2",
          "3",
          2,
          "aktif",
          "",
          "",
          "terverifikasi",
          "2024-06-01",
          "",
          "",
        ];
        const dtks = writeXlsx({ name: "DTKS", rows: [DTKS_HEADER.split(","), household] });
        const report = await importDtks({ ctx, input: { fileName: "dtks.xlsx", bytes: dtks } });
        expect(report).toMatchObject({ rows: 1, households: 1, persons: 1, newHouseholds: 1, rejections: [] });
        const list = writeXlsx({
          name: "PKH",
          rows: [
            ["NIK", "NAMA", "PERIODE", "NOMINAL", "KODE WILAYAH"],
            ["6472051212800012", "Excel Satu", "2021-07", 750000, K],
          ],
        });
        const receipts = await importRecipients({ ctx, input: { fileName: "pkh.xlsx", bytes: list, program: "PKH" } });
        expect(receipts).toMatchObject({ receipts: 1, matchedByNik: 1, rejections: [] });
      });

      it("refuses each kind of bad file or row quickly, in one Indonesian sentence naming the file or row, and loses nothing", async () => {
        const { ctx } = fixture();
        const encode = (text: string) => new TextEncoder().encode(text);
        const tables = ["household", "person", "aid_receipt", "household_history"] as const;
        const counts = () => Promise.all(tables.map((table) => count(ctx, table)));
        const before = await counts();
        const leaks = /undefined|\[object|Failed query|Error|JSON|\u0000/;

        // A NUL byte in a text field: that row is refused naming its column, the rest lands.
        const dtks = await importDtks({
          ctx,
          input: {
            fileName: "dtks-nul.csv",
            bytes: encode(
              `${DTKS_HEADER},CATATAN\nH13,6472051203150120,6472051313800013,Nul\u0000Byte,,L,Kepala Keluarga,Jl. N,${K},1,1,3,aktif,,,belum,,,,\n` +
                `H14,6472051203150139,6472051414800014,Bersih,,L,Kepala Keluarga,Jl. N,${K},1,1,3,aktif,,,belum,,,,x\u0000y\n`,
            ),
          },
        });
        expect(dtks).toMatchObject({ households: 1, persons: 1 });
        expect(dtks.rejections.map((r) => [r.line, r.field])).toEqual([[2, "nama"]]);
        expect(dtks.rejections[0]!.reason).toMatch(/^kolom nama berisi karakter kendali \(misalnya byte NUL\)/);
        const [stored] = await queryRows<{ raw: Record<string, string> }>(
          ctx.db,
          sql`SELECT raw FROM import_rejection WHERE import_batch_id = ${dtks.batchId}`,
        );
        expect(stored!.raw.NAMA).toBe("Nul\uFFFDByte");

        // Amounts: id-ID and plain forms read alike; the absurd, the ambiguous and NUL refused by row.
        const header = "nik,no_kk,nama,program,periode,nominal,kode_kelurahan";
        const rows = [
          `6472051414800014,,Bersih,PKH,2022-01,"345.678,5",${K}`,
          `6472051414800014,,Bersih,PKH,2022-02,345678.5,${K}`,
          `6472051414800014,,Bersih,PKH,2022-03,1.234.567,${K}`,
          `6472051414800014,,Bersih,PKH,2022-04,1e308,${K}`,
          `6472051414800014,,Bersih,PKH,2022-05,${"9".repeat(400)},${K}`,
          `6472051414800014,,Bersih,PKH,2022-06,"1,234",${K}`,
          `6472051414800014,,Ber\u0000sih,PKH,2022-07,750000,${K}`,
        ];
        const list = await importRecipients({
          ctx,
          input: { fileName: "pkh-angka.csv", bytes: encode([header, ...rows].join("\n")) },
        });
        expect(list.receipts).toBe(3);
        expect(list.rejections.map((r) => [r.line, r.field])).toEqual([
          [5, "nominal"],
          [6, "nominal"],
          [7, "nominal"],
          [8, "nama"],
        ]);
        expect(list.rejections[0]!.reason).toMatch(
          /^nominal "1e308" bukan jumlah rupiah yang terbaca: tulis 1234567, 1.234.567 atau 1.234.567,50, paling banyak Rp 1.000.000.000 per baris$/,
        );
        const amounts = await queryRows<{ amount: number }>(
          ctx.db,
          sql`SELECT amount::int AS amount FROM aid_receipt WHERE import_batch_id = ${list.batchId} ORDER BY source_row`,
        );
        expect(amounts.map((r) => r.amount)).toEqual([345679, 345679, 1234567]);

        // UTF-16 LE without a BOM is read.
        const utf16 = Buffer.from(`${header}\n6472051414800014,,Bersih,PKH,2022-08,750000,${K}\n`, "utf16le");
        expect(
          (await importRecipients({ ctx, input: { fileName: "utf16.csv", bytes: new Uint8Array(utf16) } })).receipts,
        ).toBe(1);
        const after = await counts();
        expect(after).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 4, before[3]!]);

        // Files refused whole: each a sentence naming the file, recorded as refused, changing nothing.
        const emptyZip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);
        const nulOnly = encode(`${header}\n6472051414800014,,A\u0000,PKH,2022-09,1,${K}\n`);
        for (const [fileName, bytes, importer] of [
          ["kosong.zip", emptyZip, "dtks"],
          ["kosong.xlsx", emptyZip, "penerima"],
          ["nul-saja.csv", nulOnly, "penerima"],
          ["bom.xlsx", zipBomb(350, (i) => `xl/worksheets/sheet${i}.xml`), "dtks"],
        ] as const) {
          const attempt =
            importer === "dtks"
              ? importDtks({ ctx, input: { fileName, bytes } })
              : importRecipients({ ctx, input: { fileName, bytes } });
          const error = await attempt.then(
            () => null,
            (caught: unknown) => caught,
          );
          expect(error, fileName).toBeInstanceOf(UserError);
          expect((error as Error).message, fileName).toMatch(
            new RegExp(`^(Isi )?[Bb]erkas ${fileName.replace(".", "\\.")} `),
          );
          expect((error as Error).message, fileName).not.toMatch(leaks);
          const [batch] = await queryRows<{ status: string; file_name: string }>(
            ctx.db,
            sql`SELECT status, file_name FROM import_batch ORDER BY id DESC LIMIT 1`,
          );
          expect(batch, fileName).toEqual({ status: "ditolak", file_name: fileName });
        }
        expect(await counts()).toEqual(after);
      });

      it("never matches a NIK a spreadsheet mangled, warns about each such row, and still matches by No. KK", async () => {
        const { ctx } = fixture();
        // A member whose NIK a spreadsheet turned into 6.47205E+15, as every other such NIK.
        const mangled = `${DTKS_HEADER}\r\nH12,6472051203150112,6.47205E+15,Rusak Excel,12-12-1980,L,Kepala Keluarga,Jl. W,${K},1,1,2,aktif,,,terverifikasi,2024-06-01,,\r\n`;
        const register = await importDtks({
          ctx,
          input: { fileName: "dtks-rusak.csv", bytes: new TextEncoder().encode(mangled) },
        });
        expect(register.warnings.some((w) => /^Baris 2: NIK ditulis dalam notasi ilmiah/.test(w))).toBe(true);
        const [member] = await queryRows<{ nik_check: string }>(
          ctx.db,
          sql`SELECT nik_check::text FROM person WHERE name = 'Rusak Excel'`,
        );
        expect(member!.nik_check).toBe("mangled");
        const list = [
          "nik,no_kk,nama,periode,nominal,kode_kelurahan",
          `6.47205E+15,6472051203150112,Rusak Excel,2021-06,200000,${K}`, // by No. KK and name
          `6.47205E+15,,Orang Lain,2021-06,200000,${K}`, // mangled alike: not H12
          `647205121280001,,Lima Belas,2021-06,200000,${K}`, // 15 digits
        ].join("\n");
        const report = await importRecipients({
          ctx,
          input: { fileName: "bpnt-rusak.csv", bytes: new TextEncoder().encode(list), program: "BPNT" },
        });
        expect(report).toMatchObject({ receipts: 3, matchedByNik: 0, linkedAutomatically: 1, unmatched: 2 });
        expect(report.warnings.filter((w) => /tidak dicocokkan lewat NIK/.test(w)).map((w) => w.split(":")[0])).toEqual(
          ["Baris 2", "Baris 3", "Baris 4"],
        );
        const receipts = await queryRows<{ name: string; nik_check: string; dtks_id: string | null }>(
          ctx.db,
          sql`SELECT r.name, r.nik_check::text, h.dtks_id FROM aid_receipt r LEFT JOIN household h ON h.id = r.matched_household_id
              WHERE r.source_file = 'bpnt-rusak.csv' ORDER BY r.source_row`,
        );
        expect(receipts).toEqual([
          { name: "Rusak Excel", nik_check: "mangled", dtks_id: "H12" },
          { name: "Orang Lain", nik_check: "mangled", dtks_id: null },
          { name: "Lima Belas", nik_check: "mangled", dtks_id: null },
        ]);
      });

      it("writes a list longer than one run of its insert whole, in file order, each field as the file has it", async () => {
        const { ctx } = fixture();
        const [member] = await queryRows<{ nik: string; no_kk: string; dtks_id: string }>(
          ctx.db,
          sql`SELECT p.nik, h.no_kk, h.dtks_id FROM person p JOIN household h ON h.id = p.household_id
              WHERE p.nik_check = 'valid' AND (SELECT count(*) FROM person q WHERE q.nik = p.nik) = 1
                AND (SELECT count(*) FROM household g WHERE g.no_kk = h.no_kk) = 1
              ORDER BY p.id LIMIT 1`,
        );
        // 25,002 rows: more than one run of 25,000; the matched rows at the start of the first run and the end of the second.
        const unknown = Array.from(
          { length: 25_000 },
          (_, i) => `64720${String(i).padStart(6, "0")}99999,,,2020-01,100000,${K}`,
        );
        const list = [
          "nik,no_kk,nama,periode,nominal,kode_kelurahan",
          `${member!.nik},,"Nama ""Kutip"", {kurung} \\ NULL",2020-01,100000,${K}`,
          ...unknown,
          `,${member!.no_kk},NULL,2020-01,100000,${K}`,
        ].join("\n");
        const report = await importRecipients({
          ctx,
          input: { fileName: "panjang-2020-01.csv", bytes: new TextEncoder().encode(list), program: "BST" },
        });
        expect(report).toMatchObject({ receipts: 25_002, matchedByNik: 1, matchedByNoKk: 1, rejections: [] });
        const rows = await queryRows<{
          line: number;
          name: string | null;
          nik: string | null;
          method: string | null;
          dtks_id: string | null;
        }>(
          ctx.db,
          sql`SELECT r.source_row AS line, r.name, r.nik, r.match_method::text AS method, h.dtks_id
              FROM aid_receipt r LEFT JOIN household h ON h.id = r.matched_household_id
              WHERE r.source_file = 'panjang-2020-01.csv' ORDER BY r.id`,
        );
        expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 25_002 }, (_, i) => i + 2));
        expect(rows[0]).toEqual({
          line: 2,
          name: 'Nama "Kutip", {kurung} \\ NULL',
          nik: member!.nik,
          method: "nik",
          dtks_id: member!.dtks_id,
        });
        expect(rows.at(-1)).toEqual({
          line: 25_003,
          name: "NULL",
          nik: null,
          method: "no_kk",
          dtks_id: member!.dtks_id,
        });
        expect(rows[12_345]).toEqual({
          line: 12_347,
          name: null,
          nik: "6472001234499999",
          method: null,
          dtks_id: null,
        });
      });
    },
  );
});
