import { parseArgs } from "node:util";

import { warmCoverage } from "@/lib/analytics";
import { contextOf } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { runLinkage } from "@/lib/linkage";

import { cliUsername, runCli } from "./run";

// npm run link [-- --kabkota 64.72]: record linkage of every recipient list against the register
// (lib/linkage), the review queue refreshed and register duplicates sought; the counts follow.
runCli(async () => {
  const { values } = parseArgs({ options: { kabkota: { type: "string" } } });
  if (values.kabkota !== undefined && !/^\d{2}\.\d{2}$/.test(values.kabkota))
    throw new UserError("--kabkota harus kode kabupaten/kota seperti 64.72.");
  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    const ctx = contextOf(handle);
    const started = Date.now();
    const report = await runLinkage({
      ctx,
      input: {
        ...(values.kabkota !== undefined && { kabkotaCode: values.kabkota }),
        username: cliUsername(),
        onStep: (step, at, of) => {
          const bar = "█".repeat(at + 1) + "░".repeat(of - at - 1);
          console.log(`[${bar}] ${at + 1}/${of} ${step} (${formatInteger((Date.now() - started) / 1000)} dtk)`);
        },
      },
    });
    console.log(
      `Tautan ${report.kabkota_code} selesai dalam ${formatInteger((Date.now() - started) / 1000)} dtk: ` +
        `${formatInteger(report.identities)} data penerima tanpa NIK yang cocok (${formatInteger(report.receipts)} penerimaan); ` +
        `${formatInteger(report.linked_automatically)} tertaut otomatis, ${formatInteger(report.linked_confirmed)} tertaut karena dikonfirmasi, ` +
        `${formatInteger(report.waiting)} menunggu keputusan (${formatInteger(report.queued_receipts)} pasangan); ` +
        `${formatInteger(report.queued_duplicates)} calon orang ganda di DTKS.`,
    );
    console.log("Menyiapkan ringkasan cakupan …");
    await warmCoverage({ ctx });
  } finally {
    await handle.close();
  }
});
