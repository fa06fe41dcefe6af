import { z } from "zod";

import { commandRoute } from "@/lib/http";
import { runLinkage } from "@/lib/linkage";

// POST /api/tautan/jalankan – links the whole city again and refreshes the queue (admin, Dinas Sosial; logged)
export const POST = commandRoute(z.object({}), runLinkage, { capability: "import" });
