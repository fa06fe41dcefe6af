import { sql } from "drizzle-orm";
import { beforeAll, expect, it } from "vitest";

import { queryRows } from "@/db/engine";
import { AccessDenied } from "@/lib/access/errors";
import { seedDemoCity } from "@/lib/demo";
import {
  exportRejections,
  importDtks,
  importRecipients,
  listImportBatches,
  readImportBatch,
  UnknownProgramError,
} from "@/lib/imports";

import { describeEachEngine } from "../helpers/each-engine";
import { insertActors } from "../helpers/factories";

const K = "64.72.05.1004";
const DTKS_HEADER = "id_dtks,no_kk,nik,nama,tgl_lahir,jenis_kelamin,hub_keluarga,kode_kelurahan,rw,rt,desil";
const bytes = (text: string) => new TextEncoder().encode(text);

describeEachEngine("Riwayat impor: every batch with its outcome and its refused rows, masked", (fixture) => {
  const batches = { partial: 0, whole: 0, refused: 0 };

  beforeAll(async () => {
    const { ctx } = fixture();
    await seedDemoCity({ ctx, input: { seed: 1, households: 0 } });
    const partial = await importDtks({
      ctx,
      input: {
        fileName: "sebagian.csv",
        bytes: bytes(
          [
            DTKS_HEADER,
            `R-1,6472051203150007,6472051708850003,Ahmad Riwayat,17-08-1985,L,kepala keluarga,${K},1,2,3`,
            `R-2,6472051203150015,6472050101500001,Kode Salah,01-01-1950,L,kepala keluarga,64.72.05.9999,1,1,2`,
            `R-3,6472051203150023,6472050101510002,Desil Keliru,01-01-1951,L,kepala keluarga,${K},1,1,11`,
          ].join("\n"),
        ),
      },
    });
    batches.partial = partial.batchId;
    // Brought in by a signed-in account: the history names it.
    const { importer } = await insertActors(ctx.db, { importer: { role: "dinsos", areas: ["64.72"] } });
    const whole = await importRecipients({
      ctx: { ...ctx, actor: importer },
      input: {
        fileName: "utuh.csv",
        bytes: bytes(`nik,nominal,kode_kelurahan\n6472051708850003,1,${K}\n`),
        program: "PKH",
        period: "2025-10",
      },
    });
    batches.whole = whole.batchId;
    await expect(
      importRecipients({
        ctx,
        input: {
          fileName: "program-asing.csv",
          bytes: bytes(`nik,program,periode,nominal,kode_kelurahan\n6472051708850003,BANSOS-X,2025-10,1,${K}\n`),
        },
      }),
    ).rejects.toBeInstanceOf(UnknownProgramError);
    const [refused] = await queryRows<{ id: number }>(
      ctx.db,
      sql`SELECT id::int AS id FROM import_batch WHERE file_name = 'program-asing.csv'`,
    );
    batches.refused = refused!.id;
  });

  it("lists every batch newest first with its outcome: a partial success is partial, a whole refusal keeps its rows", async () => {
    const { ctx } = fixture();
    const { dinsos } = await insertActors(ctx.db, { dinsos: { role: "dinsos", areas: ["64.72"] } });
    const { rows } = await listImportBatches({ ctx: { ...ctx, actor: dinsos }, input: {} });
    const byId = new Map(rows.map((row) => [row.id, row]));
    expect(byId.get(batches.partial)).toMatchObject({
      kind: "dtks",
      status: "selesai",
      outcome: "sebagian",
      rows_rejected: 2,
      rejections_kept: 2,
    });
    expect(byId.get(batches.whole)).toMatchObject({ outcome: "berhasil", rows_rejected: 0, rejections_kept: 0 });
    expect(byId.get(batches.whole)!.created_by).toMatch(/^uji-importer-/);
    expect(byId.get(batches.partial)!.created_by).toBeNull();
    expect(byId.get(batches.refused)).toMatchObject({ kind: "penerima", outcome: "ditolak", rejections_kept: 1 });
    // Newest first.
    const ids = rows.map((row) => row.id);
    expect(ids.indexOf(batches.refused)).toBeLessThan(ids.indexOf(batches.partial));
    const { rows: dtksOnly } = await listImportBatches({ ctx: { ...ctx, actor: dinsos }, input: { jenis: "dtks" } });
    expect(dtksOnly.every((row) => row.kind === "dtks")).toBe(true);
    expect(dtksOnly.map((row) => row.id)).toContain(batches.partial);
  });

  it("shows a batch's refused rows by field and reason with every ID number masked, logs the reading, and exports them", async () => {
    const { ctx } = fixture();
    const { dinsos, lurah } = await insertActors(ctx.db, {
      dinsos: { role: "dinsos", areas: ["64.72"] },
      lurah: { role: "lurah", areas: [K] },
    });
    const asDinsos = { ...ctx, actor: dinsos };
    const detail = (await readImportBatch({ ctx: asDinsos, input: { id: batches.partial } }))!;
    expect(detail.total).toBe(2);
    expect(detail.fields.map((f) => f.field).sort()).toEqual(["desil", "kode_kelurahan"]);
    const wrongPlace = detail.rejections.find((row) => row.field === "kode_kelurahan")!;
    expect(wrongPlace.row_number).toBe(3);
    expect(wrongPlace.cells).toMatchObject({ nik: "6472************", no_kk: "6472************", nama: "Kode Salah" });
    expect(JSON.stringify(detail)).not.toMatch(/\d{16}/);

    const byField = (await readImportBatch({ ctx: asDinsos, input: { id: batches.partial, kolom: "desil" } }))!;
    expect(byField.rejections.map((row) => row.row_number)).toEqual([4]);
    const byReason = (await readImportBatch({
      ctx: asDinsos,
      input: { id: batches.partial, alasan: "bukan kelurahan" },
    }))!;
    expect(byReason.rejections.map((row) => row.row_number)).toEqual([3]);

    const logged = await queryRows<{ n: number }>(
      ctx.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import_rejections_read' AND entity_id = ${String(batches.partial)}`,
    );
    expect(logged[0]!.n).toBe(3);

    const file = (await exportRejections({ ctx: asDinsos, input: { id: batches.partial } }))!;
    // UTF-8 with a byte-order mark, so Excel opens it with its accents (the decoder drops the mark).
    expect([...file.body.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(file.body);
    expect(csv.split("\r\n")[0]).toBe(
      '"baris","kolom","alasan","id_dtks","no_kk","nik","nama","tgl_lahir","jenis_kelamin","hub_keluarga","kode_kelurahan","rw","rt","desil"',
    );
    expect(csv).toContain('"3","kode_kelurahan"');
    expect(csv).not.toMatch(/\d{16}/);

    expect(await readImportBatch({ ctx: asDinsos, input: { id: 999_999 } })).toBeNull();
    await expect(listImportBatches({ ctx: { ...ctx, actor: lurah }, input: {} })).rejects.toBeInstanceOf(AccessDenied);
    await expect(
      readImportBatch({ ctx: { ...ctx, actor: lurah }, input: { id: batches.partial } }),
    ).rejects.toBeInstanceOf(AccessDenied);
  });
});
