import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { z } from "zod";

import { recordAudit } from "@/lib/access";
import { warmCoverage } from "@/lib/analytics";
import { IMPORTABLE_LEVELS, importBoundaries } from "@/lib/boundaries";
import { contextOf, type Context } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { isUserFacing, UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import {
  dtksUploadOptions,
  importDtks,
  importDukcapilEvents,
  importRecipients,
  presetColumns,
  type RowRejection,
} from "@/lib/imports";

import { cliUsername, runCli } from "./run";
import { printImportSteps } from "./step-progress";

const USAGE = `Pemakaian:
  npm run import -- boundaries <berkas.geojson|berkas.zip> [--level kabkota|kecamatan|kelurahan|rt]
                   [--code-field KOLOM] [--name-field KOLOM] [--allow-unknown-codes]
  npm run import -- dtks <berkas.csv> [--release 2025-Q3 --release-date 2025-09-20] [--preset NAMA]
  npm run import -- penerima <berkas.csv> [--program PKH] [--period 2021-04]
  npm run import -- dukcapil <berkas.csv>`;

const args = z.object({
  kind: z.enum(["boundaries", "dtks", "penerima", "dukcapil"], { error: `Jenis impor tidak dikenal.\n${USAGE}` }),
  file: z.string({ error: `Sebutkan berkas yang diimpor.\n${USAGE}` }).min(1),
  level: z
    .enum(IMPORTABLE_LEVELS, { error: `--level harus salah satu dari: ${IMPORTABLE_LEVELS.join(", ")}` })
    .optional(),
  codeField: z.string().min(1).optional(),
  nameField: z.string().min(1).optional(),
  allowUnknownCodes: z.boolean().optional(),
  program: z.string().min(1).optional(),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "--period harus berbentuk YYYY-MM" })
    .optional(),
  release: z.string().optional(),
  releaseDate: z.string().optional(),
  preset: z.string().optional(),
});

function printRejections(rejections: RowRejection[]) {
  for (const rejection of rejections.slice(0, 20)) console.log(`  Baris ${rejection.line}: ${rejection.reason}`);
  if (rejections.length > 20)
    console.log(`  … dan ${formatInteger(rejections.length - 20)} baris lain (lihat import_rejection).`);
}

/** Prints each step of an import as it starts, with a bar where it counts. */
const onProgress = printImportSteps();

/** What the audit log keeps of a CLI import: which batch, and the kind, file and counts. */
interface Outcome {
  batchId: number;
  detail: Record<string, unknown>;
}

/** A file whose batch had landed before: nothing changed. */
function landedBefore(batchId: number, detail: Record<string, unknown>): Outcome {
  console.log(`Berkas ini sudah diimpor (batch ${batchId}); tidak ada yang diubah.`);
  return { batchId, detail };
}

async function run(ctx: Context, input: z.infer<typeof args>, fileName: string, bytes: Uint8Array): Promise<Outcome> {
  switch (input.kind) {
    case "boundaries": {
      const report = await importBoundaries({ ctx, input: { ...input, fileName, bytes } });
      const levels = Object.entries(report.levels)
        .map(([level, count]) => `${count} ${level}`)
        .join(", ");
      console.log(
        `Impor batas wilayah selesai (batch ${report.batchId}): ${levels}; ${report.inserted} baru, ${report.updated} diperbarui.`,
      );
      for (const repair of report.repaired)
        console.log(`  Diperbaiki dengan ST_MakeValid: ${repair.code} (${repair.reason})`);
      if (report.createdAncestors.length)
        console.log(`  Wilayah induk dibuat dari daftar kode resmi: ${report.createdAncestors.join(", ")}`);
      return { batchId: report.batchId, detail: { features: report.features, levels: report.levels } };
    }
    case "dtks": {
      const options = dtksUploadOptions.safeParse({
        release: input.release,
        releaseDate: input.releaseDate,
        preset: input.preset,
      });
      if (!options.success)
        throw new UserError(
          options.error.issues.map((issue) => `--${optionOf(issue.path)}: ${issue.message}`).join("\n"),
        );
      const { release, preset } = options.data;
      const columns = preset ? await presetColumns(ctx, "dtks", preset) : undefined;
      const report = await importDtks({ ctx, input: { fileName, bytes, release, columns, onProgress } });
      const detail = {
        rows: report.rows,
        households: report.households,
        rejected: report.rejections.length,
        already_imported: report.alreadyImported,
      };
      if (report.alreadyImported) return landedBefore(report.batchId, detail);
      if (report.pastRelease)
        console.log(
          `Rilis lama ${report.release?.name} dicatat tanpa mengubah register (batch ${report.batchId}): ` +
            `${formatInteger(report.release?.households ?? 0)} rumah tangga; ${formatInteger(report.rejections.length)} baris ditolak.`,
        );
      else if (report.desilList)
        console.log(
          `Impor daftar desil selesai (batch ${report.batchId}): ${formatInteger(report.households)} rumah tangga dikenali, ` +
            `${formatInteger(report.changedHouseholds)} berubah desil; ${formatInteger(report.rejections.length)} baris ditolak.`,
        );
      else
        console.log(
          `Impor DTKS selesai (batch ${report.batchId}): ${formatInteger(report.households)} rumah tangga ` +
            `(${formatInteger(report.newHouseholds)} baru, ${formatInteger(report.changedHouseholds)} berubah), ` +
            `${formatInteger(report.persons)} anggota; ${formatInteger(report.rejections.length)} baris ditolak.`,
        );
      if (report.release && !report.pastRelease)
        console.log(
          `  Rilis ${report.release.name} (${report.release.date}): ${formatInteger(report.release.households)} rumah tangga tercatat.`,
        );
      const { tercermin, tidak_tercermin } = report.proposals;
      if (tercermin + tidak_tercermin)
        console.log(
          `  Usulan verval yang sudah diterapkan: ${formatInteger(tercermin)} tercermin, ${formatInteger(tidak_tercermin)} belum tercermin.`,
        );
      printRejections(report.rejections);
      for (const warning of report.warnings.slice(0, 10)) console.log(`  Peringatan: ${warning}`);
      return { batchId: report.batchId, detail };
    }
    case "penerima": {
      const report = await importRecipients({
        ctx,
        input: { fileName, bytes, program: input.program, period: input.period, onProgress },
      });
      const detail = {
        program: input.program,
        period: input.period,
        rows: report.rows,
        receipts: report.receipts,
        rejected: report.rejections.length,
        already_imported: report.alreadyImported,
        linkage_failed: report.linkageFailed,
      };
      if (report.alreadyImported) return landedBefore(report.batchId, detail);
      console.log(
        `Impor penerima selesai (batch ${report.batchId}): ${formatInteger(report.receipts)} penerimaan — ` +
          `${formatInteger(report.matchedByNik)} cocok lewat NIK, ${formatInteger(report.matchedByNoKk)} lewat No. KK, ` +
          `${formatInteger(report.linkedAutomatically)} tertaut otomatis, ${formatInteger(report.unmatched)} ${report.linkageFailed ? "belum cocok" : "tidak ada di DTKS"} ` +
          `(${formatInteger(report.waitingReview)} menunggu keputusan di antrean tautan); ${formatInteger(report.rejections.length)} baris ditolak.`,
      );
      if (report.linkageFailed)
        console.log(
          "Daftar sudah tersimpan, tetapi penautan lewat nama dan tanggal lahir gagal (lihat galat di atas). Jalankan npm run link untuk menautkannya.",
        );
      printRejections(report.rejections);
      return { batchId: report.batchId, detail };
    }
    case "dukcapil": {
      const report = await importDukcapilEvents({ ctx, input: { fileName, bytes, onProgress } });
      const detail = {
        rows: report.rows,
        events: report.events,
        rejected: report.rejections.length,
        already_imported: report.alreadyImported,
      };
      if (report.alreadyImported) return landedBefore(report.batchId, detail);
      console.log(
        `Impor peristiwa Dukcapil selesai (batch ${report.batchId}): ${formatInteger(report.events)} peristiwa ` +
          `(${formatInteger(report.newEvents)} baru), ${formatInteger(report.matched)} cocok dengan penduduk di DTKS; ` +
          `${formatInteger(report.rejections.length)} baris ditolak.`,
      );
      printRejections(report.rejections);
      return { batchId: report.batchId, detail };
    }
  }
}

/** The command-line option a field of the DTKS options comes from. */
const optionOf = (path: PropertyKey[]) =>
  ({ release: "release", releaseDate: "release-date", preset: "preset" })[String(path[0])] ?? String(path[0]);

/** The command line, an unknown option or one without its value refused with the usage. */
function commandLine() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        level: { type: "string" },
        "code-field": { type: "string" },
        "name-field": { type: "string" },
        "allow-unknown-codes": { type: "boolean" },
        program: { type: "string" },
        period: { type: "string" },
        release: { type: "string" },
        "release-date": { type: "string" },
        preset: { type: "string" },
      },
    });
  } catch (error) {
    // Node names the option in quotes: "Unknown option '--bogus'…", "Option '--level <value>' argument missing".
    const option = /'(-[^' ]+)/.exec((error as Error).message)?.[1] ?? "";
    throw new UserError(
      `Pilihan ${option} tidak dikenal atau tanpa nilai; gunakan salah satu bentuk berikut.\n${USAGE}`,
    );
  }
}

// npm run import -- <boundaries|dtks|penerima|dukcapil> <berkas> …: brings a file into the configured database.
runCli(async () => {
  const { positionals, values } = commandLine();
  const [kind, file] = positionals;
  const parsed = args.safeParse({
    kind,
    file,
    level: values.level,
    codeField: values["code-field"],
    nameField: values["name-field"],
    allowUnknownCodes: values["allow-unknown-codes"],
    program: values.program,
    period: values.period,
    release: values.release,
    releaseDate: values["release-date"],
    preset: values.preset,
  });
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join("\n"));
  const bytes = new Uint8Array(
    await readFile(parsed.data.file).catch(() => {
      throw new UserError(`Berkas ${parsed.data.file} tidak dapat dibaca.`);
    }),
  );
  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    const ctx = contextOf(handle);
    const fileName = path.basename(parsed.data.file);
    const audit = { username: cliUsername(), entity: "import_batch", ip: null };
    const kind = { boundaries: "batas", dtks: "dtks", penerima: "penerima", dukcapil: "dukcapil" }[parsed.data.kind];
    const outcome = await run(ctx, parsed.data, fileName, bytes).catch(async (error: unknown) => {
      if (isUserFacing(error)) {
        await recordAudit(ctx, {
          ...audit,
          action: "import_refused",
          detail: { kind, file: fileName, via: "cli", error: error.message.split("\n")[0] },
        });
      }
      throw error;
    });
    await recordAudit(ctx, {
      ...audit,
      action: "import",
      entityId: outcome.batchId,
      detail: { kind, file: fileName, via: "cli", ...outcome.detail },
    });
    onProgress({ step: "angka" });
    await warmCoverage({ ctx, onProgress: (done, total) => onProgress({ step: "angka", done, total }) });
  } finally {
    await handle.close();
  }
});
