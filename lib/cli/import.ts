import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { IMPORTABLE_LEVELS, importBoundaries } from "@/lib/boundaries";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { UserError } from "@/lib/errors";
import { runCli } from "./run";

const USAGE = `Pemakaian:
  npm run import -- boundaries <berkas.geojson|berkas.zip> [--level kabkota|kecamatan|kelurahan|rt]
                   [--code-field KOLOM] [--name-field KOLOM]`;

const boundaryArgs = z.object({
  file: z.string({ error: "Sebutkan berkas batas wilayah yang diimpor." }).min(1),
  level: z.enum(IMPORTABLE_LEVELS, { error: `--level harus salah satu dari: ${IMPORTABLE_LEVELS.join(", ")}` }).optional(),
  codeField: z.string().min(1).optional(),
  nameField: z.string().min(1).optional(),
});

// npm run import -- <jenis> <berkas> …: brings a file into the configured database.
runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      level: { type: "string" },
      "code-field": { type: "string" },
      "name-field": { type: "string" },
    },
  });
  const [kind, file] = positionals;
  if (kind !== "boundaries") throw new UserError(`Jenis impor "${kind ?? ""}" tidak dikenal.\n${USAGE}`);

  const parsed = boundaryArgs.safeParse({ file, level: values.level, codeField: values["code-field"], nameField: values["name-field"] });
  if (!parsed.success) throw new UserError(`${parsed.error.issues.map((i) => i.message).join("; ")}\n${USAGE}`);
  const bytes = new Uint8Array(await readFile(parsed.data.file).catch(() => {
    throw new UserError(`Berkas ${parsed.data.file} tidak dapat dibaca.`);
  }));

  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    const report = await importBoundaries({
      ctx: { db: handle.db, engine: handle.engine },
      input: { ...parsed.data, fileName: path.basename(parsed.data.file), bytes },
    });
    const levels = Object.entries(report.levels).map(([level, count]) => `${count} ${level}`).join(", ");
    console.log(`Impor batas wilayah selesai (batch ${report.batchId}): ${levels}; ${report.inserted} baru, ${report.updated} diperbarui.`);
    for (const repair of report.repaired) console.log(`  Diperbaiki dengan ST_MakeValid: ${repair.code} (${repair.reason})`);
    if (report.createdAncestors.length) console.log(`  Wilayah induk dibuat dari daftar kode resmi: ${report.createdAncestors.join(", ")}`);
  } finally {
    await handle.close();
  }
});
