import { z } from "zod";

import { queryRoute } from "@/lib/http";
import { adoptedScenariosInArea } from "@/lib/targeting";

// GET /api/sasaran/ditetapkan – the adopted scenarios' households in the account's areas, counted per kelurahan
export const GET = queryRoute(z.object({}), adoptedScenariosInArea, "Tidak ditemukan.");
