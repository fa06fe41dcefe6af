import { parseArgs } from "node:util";

import { grantAppRole } from "@/db/app-role";
import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { env } from "@/lib/env";

import { runCli } from "./run";

// npm run db:migrate [-- --app-role NAME] – applies db/migrations to the configured database; on a
// server, run as the schema's owner, --app-role then grants the role the app runs as what it needs.
runCli(async () => {
  const { values } = parseArgs({ options: { "app-role": { type: "string" } } });
  const started = Date.now();
  const handle = await openConfiguredDatabase();
  try {
    console.log(
      `Menerapkan migrasi ke ${handle.engine === "pglite" ? `PGlite di ${env().dataDir}` : "server PostgreSQL"} …`,
    );
    await migrateDatabase(handle);
    console.log(`Migrasi selesai dalam ${((Date.now() - started) / 1000).toLocaleString("id-ID")} detik.`);
    const role = values["app-role"];
    if (role !== undefined) {
      const tables = await grantAppRole(handle, role);
      console.log(
        `Peran aplikasi ${role}: baca dan tulis pada ${tables.length} tabel, audit_log hanya SELECT dan INSERT; ` +
          `tidak dapat mengubah, menghapus atau mengosongkan tabel. Jalankan perintah ini lagi setelah setiap pembaruan.`,
      );
    }
  } finally {
    await handle.close();
  }
});
