import { queryRoute } from "@/lib/http";
import { readImportBatch, rejectionParams } from "@/lib/imports";

// GET /api/import/riwayat/{id}?kolom=&alasan=&page= – one import with its refused rows, ID numbers masked (admin, Dinas Sosial; logged)
export const GET = queryRoute(rejectionParams, readImportBatch, "Impor tidak ditemukan.", { capability: "import" });
