import { queryRoute } from "@/lib/http";
import { releaseHouseholds, releaseListParams } from "@/lib/releases";

// GET /api/areas/[code]/rilis/rumah-tangga?from=&to=&list=dicabut_masih_dibayar|layak_belum_menerima&page= – the households behind a release's counts
export const GET = queryRoute(releaseListParams, releaseHouseholds, "Wilayah tidak ditemukan.");
