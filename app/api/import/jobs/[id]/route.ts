import { importJobRoute } from "@/lib/http";

// GET /api/import/jobs/{id} – one import job of the account: its steps, how far it is, and the report at the end.
export const GET = importJobRoute();
