import { queryRoute } from "@/lib/http";
import { importHistoryParams, listImportBatches } from "@/lib/imports";

// GET /api/import/riwayat?jenis=&status=&page= – the imports of the account's kabupaten/kota, newest first (admin, Dinas Sosial)
export const GET = queryRoute(importHistoryParams, listImportBatches, "Tidak ditemukan.", { capability: "import" });
