import { defineConfig } from "drizzle-kit";

// Only `generate` is used (`npm run db:generate`; `--custom` for hand-written SQL), never `push`: the SQL
// files in db/migrations are applied by `migrateDatabase` (db/engine.ts) on either engine, from
// `npm run db:migrate` and at app start (lib/db `database()`).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  extensionsFilters: ["postgis"],
  casing: "snake_case",
});
