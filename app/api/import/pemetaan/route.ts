import { z } from "zod";

import { commandRoute, queryRoute } from "@/lib/http";
import { columnMappingSchema, DTKS_COLUMNS, listPresets, presetNameSchema, savePreset } from "@/lib/imports";

// GET /api/import/pemetaan – the saved column mappings of DTKS imports
export const GET = queryRoute(
  z.object({}),
  async ({ ctx }) => ({ presets: await listPresets(ctx, "dtks"), columns: Object.keys(DTKS_COLUMNS) }),
  "Tidak ditemukan.",
  { capability: "import" },
);

// POST /api/import/pemetaan {name, columns: {nik: "NIK_KPM", …}} – saves (or replaces) a named DTKS column mapping
export const POST = commandRoute(
  z.object({ name: presetNameSchema, columns: columnMappingSchema(DTKS_COLUMNS) }),
  ({ ctx, input }) => savePreset(ctx, { kind: "dtks", ...input }),
  { capability: "import", key: "preset" },
);
