import { queryRoute } from "@/lib/http";
import { searchParams, searchRegister } from "@/lib/search";

// GET /api/search?q=&area= – DTKS members by NIK (whole or partial) or by name (typo-tolerant), within an area
export const GET = queryRoute(searchParams, searchRegister, "Tidak ditemukan.");
