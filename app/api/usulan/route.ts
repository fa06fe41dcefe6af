import { commandRoute, queryRoute } from "@/lib/http";
import { createProposal, listProposals, proposalDraft, proposalListParams } from "@/lib/verval";

// GET /api/usulan?state=&open=1&household=&kelurahan= – verval proposals of the account's areas (roles that see persons)
export const GET = queryRoute(proposalListParams, listProposals, "Tidak ditemukan.");

// POST /api/usulan – JSON { kind, household_id | kelurahan_code, change, rt_recommendation, geotag?, note?, suggestion_key? }: a draft (operator of the kelurahan; 201)
export const POST = commandRoute(proposalDraft, createProposal, {
  capability: "propose",
  status: 201,
  notFoundMessage: "Rumah tangga atau kelurahan tidak ditemukan di wilayah Anda.",
});
