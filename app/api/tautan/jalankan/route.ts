import { z } from "zod";

import { commandRoute, startLinkageJob } from "@/lib/http";

// POST /api/tautan/jalankan – starts the whole city's linkage as a job (202 with the job; a press while one
// runs joins it): follow it at /api/import/jobs/{id}; its report is counts only (admin, Dinas Sosial; logged)
export const POST = commandRoute(z.object({}), startLinkageJob, { capability: "import", key: "job", status: 202 });
