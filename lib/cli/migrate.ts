import { migrateDatabase, openConfiguredDatabase } from "@/lib/db";
import { env } from "@/lib/env";
import { runCli } from "./run";

// npm run db:migrate – applies db/migrations to the configured database.
runCli(async () => {
  const started = Date.now();
  const handle = await openConfiguredDatabase();
  try {
    console.log(`Menerapkan migrasi ke ${handle.engine === "pglite" ? `PGlite di ${env().dataDir}` : "server PostgreSQL"} …`);
    await migrateDatabase(handle);
    console.log(`Migrasi selesai dalam ${((Date.now() - started) / 1000).toLocaleString("id-ID")} detik.`);
  } finally {
    await handle.close();
  }
});
