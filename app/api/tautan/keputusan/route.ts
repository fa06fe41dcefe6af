import { commandRoute } from "@/lib/http";
import { decideLinkagePair, linkageDecision } from "@/lib/linkage";

// POST /api/tautan/keputusan – JSON { fingerprint, decision: konfirmasi|tolak, note? }: decides a waiting pair (logged)
export const POST = commandRoute(linkageDecision, decideLinkagePair, {
  capability: "link_records",
  notFoundMessage: "Pasangan tidak ditemukan atau di luar wilayah Anda.",
});
