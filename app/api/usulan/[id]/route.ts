import { commandRoute, queryRoute } from "@/lib/http";
import { getProposal, proposalIdParam, proposalUpdate, updateProposal } from "@/lib/verval";

// GET /api/usulan/[id] – one proposal with its history, photos and the actions the account may take (each read logged)
export const GET = queryRoute(proposalIdParam, getProposal, "Usulan tidak ditemukan.");

// PUT /api/usulan/[id] – the same JSON as POST /api/usulan: rewrites a draft or a returned proposal (its author)
export const PUT = commandRoute(proposalUpdate, updateProposal, {
  capability: "propose",
  notFoundMessage: "Usulan tidak ditemukan.",
});
