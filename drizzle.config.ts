import { defineConfig } from "drizzle-kit";

// Only `generate` is used: migrations are SQL files applied by `npm run db:migrate`
// (db/migrate.ts) on both engines, never `push`.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  extensionsFilters: ["postgis"],
  casing: "snake_case",
});
