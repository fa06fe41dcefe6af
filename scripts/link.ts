import { parseArgs } from "node:util";

import { recordAudit } from "@/lib/access";
import { warmCoverage } from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import { contextOf } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase, vacuumAfterRewrite } from "@/lib/db";
import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { LINK_STEPS, linkRecords } from "@/lib/linkage";

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
    const kabkotaCode = values.kabkota ?? (await homeKabkotaCode(ctx));
    const started = Date.now();
    const report = await linkRecords({
      ctx,
      input: {
        kabkotaCode,
        onStep: (step) => {
          const at = LINK_STEPS.indexOf(step) + 1;
          const bar = "█".repeat(at) + "░".repeat(LINK_STEPS.length - at);
          console.log(
            `[${bar}] ${at}/${LINK_STEPS.length} ${step} (${formatInteger((Date.now() - started) / 1000)} dtk)`,
          );
        },
      },
    });
    await vacuumAfterRewrite(ctx.db, "aid_receipt", report.rewritten, () =>
      console.log("Merapikan tabel penerimaan …"),
    );
    await recordAudit(ctx, {
      action: "linkage_run",
      username: cliUsername(),
      areaCode: kabkotaCode,
      detail: { ...report },
    });
    console.log(
      `Tautan ${kabkotaCode} selesai dalam ${formatInteger((Date.now() - started) / 1000)} dtk: ` +
        `${formatInteger(report.identities)} data penerima tanpa NIK yang cocok (${formatInteger(report.receipts)} penerimaan); ` +
        `${formatInteger(report.linkedAutomatically)} tertaut otomatis, ${formatInteger(report.linkedConfirmed)} tertaut karena dikonfirmasi, ` +
        `${formatInteger(report.waiting)} menunggu keputusan (${formatInteger(report.queuedReceipts)} pasangan); ` +
        `${formatInteger(report.queuedDuplicates)} calon orang ganda di DTKS.`,
    );
    console.log("Menyiapkan ringkasan cakupan …");
    await warmCoverage({ ctx });
  } finally {
    await handle.close();
  }
});
