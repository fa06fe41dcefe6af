import { parseArgs } from "node:util";

import { z } from "zod";

import { warmCoverage } from "@/lib/analytics";
import { areaCodePattern } from "@/lib/area-codes";
import { homeKabkotaCode } from "@/lib/areas";
import { contextOf } from "@/lib/context";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { joinHouseholdsToAreas } from "@/lib/spatial";

import { runCli } from "./run";

const kabkotaArg = z
  .string()
  .regex(areaCodePattern("kabkota"), { error: "--kabkota harus kode kabupaten/kota seperti 64.72" })
  .optional();

// npm run join -- [--kabkota 64.72]: places every household in its kelurahan and RT.
runCli(async () => {
  const { values } = parseArgs({ options: { kabkota: { type: "string" } } });
  const parsed = kabkotaArg.safeParse(values.kabkota);
  if (!parsed.success) throw new UserError(parsed.error.issues[0]!.message);
  const handle = await openConfiguredDatabase();
  try {
    await migrateDatabase(handle);
    const ctx = contextOf(handle);
    const kabkotaCode = parsed.data ?? (await homeKabkotaCode(ctx));
    const started = Date.now();
    console.log(`Menggabungkan rumah tangga ${kabkotaCode} dengan poligon kelurahan dan RT …`);
    const report = await joinHouseholdsToAreas({ ctx, input: { kabkotaCode } });
    console.log(
      `Selesai dalam ${formatInteger(Date.now() - started)} ms: ${formatInteger(report.households)} rumah tangga, ` +
        `${formatInteger(report.sesuai)} sesuai, ${formatInteger(report.tidakSesuai)} lokasi tidak sesuai, ` +
        `${formatInteger(report.diLuarWilayah)} di luar poligon kelurahan, ${formatInteger(report.diLuarKabkota)} di luar kabupaten/kota, ` +
        `${formatInteger(report.tanpaGeotag)} tanpa geotag.`,
    );
    await warmCoverage({ ctx });
  } finally {
    await handle.close();
  }
});
