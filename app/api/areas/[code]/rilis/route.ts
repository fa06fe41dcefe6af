import { queryRoute } from "@/lib/http";
import { releaseComparisonParams, releaseTransitions } from "@/lib/releases";

// GET /api/areas/[code]/rilis?from=2024-Q4&to=2025-Q3 – what changed between two DTSEN releases in an area
export const GET = queryRoute(releaseComparisonParams, releaseTransitions, "Wilayah tidak ditemukan.");
