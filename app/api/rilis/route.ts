import { z } from "zod";

import { queryRoute } from "@/lib/http";
import { cityReleases } from "@/lib/releases";

// GET /api/rilis – the DTSEN releases the city holds, oldest first (name, date, households)
export const GET = queryRoute(z.object({}), cityReleases, "Tidak ditemukan.");
