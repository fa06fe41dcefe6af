import { after } from "next/server";

import { warmCoverage } from "@/lib/analytics";
import { processContext } from "@/lib/context";
import { commandRoute } from "@/lib/http";
import { proposalTransition, transitionProposal } from "@/lib/verval";

// POST /api/usulan/[id]/tindakan – JSON { action: ajukan|tarik|setujui|kembalikan|verifikasi|terapkan|tolak, note? }: one step of the state machine (audited)
export const POST = commandRoute(
  proposalTransition,
  async (args) => {
    const result = await transitionProposal(args);
    // An applied proposal changed the register: the figures are brought up to date after the answer.
    if (result && args.input.action === "terapkan") after(async () => warmCoverage({ ctx: await processContext() }));
    return result;
  },
  { capability: "verval", notFoundMessage: "Usulan tidak ditemukan." },
);
