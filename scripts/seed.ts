import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { sql } from "drizzle-orm";
import { z } from "zod";

import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@/lib/access";
import { warmCoverage } from "@/lib/analytics";
import { contextOf } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase, queryRows } from "@/lib/db";
import { demoReceiptMonths, SAMARINDA_CALIBRATION, seedDemoCity, type SeedStep } from "@/lib/demo";
import { UserError } from "@/lib/errors";

import { runCli } from "./run";

const seedArgs = z.object({
  seed: z.coerce
    .number({ error: "--seed harus bilangan bulat" })
    .int("--seed harus bilangan bulat")
    .positive("--seed harus positif")
    .default(1),
  households: z.coerce
    .number({ error: "--households harus bilangan bulat" })
    .int("--households harus bilangan bulat")
    .min(0, "--households tidak boleh negatif")
    .max(2_000_000, "--households paling banyak 2.000.000")
    .default(SAMARINDA_CALIBRATION.households),
  boundaries: z.string().min(1).optional(),
  receiptsFrom: z
    .string()
    .regex(/^(2019|202[0-5])-(0[1-9]|1[0-2])$/, "--receipts-from harus periode YYYY-MM antara 2019-01 dan 2025-12")
    .optional(),
  force: z.boolean().default(false),
  ifEmpty: z.boolean().default(false),
  demoAccounts: z.boolean().default(false),
});

const stepLabels = (receiptsFrom: string | undefined): Record<SeedStep, string> => ({
  kelurahan: "Membuat batas kelurahan, kecamatan dan kota",
  rt: "Membuat RT di setiap kelurahan",
  generate: "Membangkitkan rumah tangga, anggota dan daftar penerima",
  households: "Memuat rumah tangga (COPY)",
  persons: "Memuat anggota rumah tangga (COPY)",
  receipts: `Memuat daftar penerima ${demoReceiptMonths(receiptsFrom)} (COPY)`,
  join: "Menggabungkan rumah tangga dengan poligon RT dan kelurahan",
  match: "Mencocokkan penerima dengan DTKS",
  releases: "Mencatat rilis DTSEN contoh (2023-Q4, 2024-Q4, 2025-Q3)",
});

// npm run seed -- [--households N] [--seed S] [--boundaries FILE] [--receipts-from YYYY-MM] [--if-empty] [--force]
// [--demo-accounts]: fills the demo city. The demo accounts (password "demo") come with it on the embedded
// database; on a server (DATABASE_URL) only with --demo-accounts.
runCli(async () => {
  const { values } = parseArgs({
    options: {
      seed: { type: "string" },
      households: { type: "string" },
      boundaries: { type: "string" },
      "receipts-from": { type: "string" },
      force: { type: "boolean" },
      "if-empty": { type: "boolean" },
      "demo-accounts": { type: "boolean" },
    },
  });
  const parsed = seedArgs.safeParse({
    ...values,
    ifEmpty: values["if-empty"],
    receiptsFrom: values["receipts-from"],
    demoAccounts: values["demo-accounts"],
  });
  if (!parsed.success) throw new UserError(parsed.error.issues.map((i) => i.message).join("; "));
  const args = parsed.data;
  const boundaries = args.boundaries
    ? {
        fileName: path.basename(args.boundaries),
        bytes: new Uint8Array(
          await readFile(args.boundaries).catch(() => {
            throw new UserError(`Berkas ${args.boundaries} tidak dapat dibaca.`);
          }),
        ),
      }
    : undefined;

  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    if (args.ifEmpty) {
      const [row] = await queryRows<{ n: number }>(
        handle.db,
        sql`SELECT count(*)::int AS n FROM area WHERE level = 'kelurahan'`,
      );
      if (row && row.n > 0) {
        console.log(`Basis data sudah berisi ${row.n} kelurahan; data contoh tidak dimuat ulang.`);
        return;
      }
    }
    const demoAccounts = args.demoAccounts || handle.engine === "pglite";
    const started = Date.now();
    const labels = stepLabels(args.receiptsFrom);
    const steps = args.households > 0 ? Object.keys(labels).length : 2;
    let done = 0;
    let stepStarted = Date.now();
    const report = await seedDemoCity({
      ctx: contextOf(handle),
      input: {
        seed: args.seed,
        households: args.households,
        boundaries,
        force: args.force,
        receiptsFrom: args.receiptsFrom,
        demoAccounts,
      },
      onStep: (step) => {
        if (done > 0)
          console.log(
            `      selesai dalam ${((Date.now() - stepStarted) / 1000).toLocaleString("id-ID", { maximumFractionDigits: 1 })} detik`,
          );
        stepStarted = Date.now();
        console.log(`[${++done}/${steps}] ${labels[step]} …`);
      },
    });
    const seconds = ((Date.now() - started) / 1000).toLocaleString("id-ID", { maximumFractionDigits: 1 });
    console.log(
      `Data contoh Kota Samarinda siap dalam ${seconds} detik: ${report.kecamatan} kecamatan, ` +
        `${report.kelurahan} kelurahan, ${report.rt.toLocaleString("id-ID")} RT (batas dari ${report.boundariesFrom}).`,
    );
    if (report.register) {
      const warmStarted = Date.now();
      await warmCoverage({ ctx: contextOf(handle) });
      console.log(
        `Ringkasan cakupan 12 bulan terakhir disiapkan dalam ${((Date.now() - warmStarted) / 1000).toLocaleString("id-ID", { maximumFractionDigits: 1 })} detik.`,
      );
      const { households, persons, receipts } = report.register;
      console.log(
        `DTKS contoh: ${households.toLocaleString("id-ID")} rumah tangga, ${persons.toLocaleString("id-ID")} anggota, ` +
          `${receipts.toLocaleString("id-ID")} penerimaan bantuan ${args.receiptsFrom ?? "2019-01"} s.d. 2025-12.`,
      );
    }
    if (demoAccounts) {
      console.log(
        `Akun contoh (kata sandi "${DEMO_PASSWORD}"): ${DEMO_ACCOUNTS.map((a) => `${a.username} (${a.areaCodes.join(", ") || "semua wilayah"})`).join(", ")}` +
          (report.accountsCreated === 0 ? " — sudah ada, tidak diubah." : "."),
      );
    } else {
      console.log(
        `Akun contoh (kata sandi "${DEMO_PASSWORD}") tidak dibuat di server PostgreSQL. Buat akun dengan npm run user -- add, ` +
          `atau jalankan seed dengan --demo-accounts untuk basis data uji coba.`,
      );
    }
  } finally {
    await handle.close();
  }
});
