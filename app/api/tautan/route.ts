import { queryRoute } from "@/lib/http";
import { linkageQueue, linkageQueueParams } from "@/lib/linkage";

// GET /api/tautan?kind=penerima|ganda&limit=25 – the review queue of the account's areas (masked NIKs; logged)
export const GET = queryRoute(linkageQueueParams, linkageQueue, "Tidak ditemukan.", { capability: "link_records" });
