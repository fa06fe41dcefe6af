import type { Metadata } from "next";
import { z } from "zod";

import { notFoundInScope, pageContext } from "@/lib/access";
import { homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import {
  FAMILY_RELATIONS,
  householdForProposal,
  listSuggestions,
  NONAKTIF_REASONS,
  PHOTO_KIND_LABELS,
  PHOTO_KINDS,
  PROPOSAL_KIND_LABELS,
  PROPOSAL_KINDS,
} from "@/lib/verval";

import { ProposalForm } from "../proposal-form";

export const metadata: Metadata = { title: "Usulan verval" };

const params = z.object({
  saran: z.string().max(200).optional(),
  rumah_tangga: z.coerce.number().int().positive().optional(),
  jenis: z.enum(PROPOSAL_KINDS).catch("perubahan"),
});

type PageProps = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A new proposal: from a suggestion (prefilled), for a household (?rumah_tangga=&jenis=), or a new household (?jenis=baru). */
export default async function NewProposalPage({ searchParams }: PageProps) {
  const raw = await searchParams;
  const asked = new URLSearchParams(
    Object.entries(raw).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  ).toString();
  // After signing in, back to the same form with the same suggestion or household.
  const ctx = await pageContext(`/usulan/baru${asked ? `?${asked}` : ""}`, "propose");
  const query = params.parse(raw);
  let kind = query.jenis;
  let householdId = query.rumah_tangga;
  let initialChange: Record<string, unknown> = {};
  let suggestion: { key: string; detail: string } | null = null;
  if (query.saran) {
    const found = (await listSuggestions({ ctx, input: { key: query.saran, per_kind: 1 } })).suggestions[0];
    if (!found) return notFoundInScope(ctx, "/usulan/baru");
    kind = found.proposal.kind;
    householdId = found.household_id;
    initialChange = found.proposal.change;
    suggestion = { key: found.key, detail: found.detail };
  }
  const household = kind === "baru" || !householdId ? null : await householdForProposal(ctx, householdId);
  if (kind !== "baru" && !household) return notFoundInScope(ctx, "/usulan/baru");
  const kabkota = await homeKabkotaCode(ctx);
  const kelurahan = await listAreasOfKabkota({ ctx, input: { kabkotaCode: kabkota, levels: ["kelurahan"] } });
  return (
    <div className="page narrow">
      <ProposalForm
        kind={kind}
        kindLabel={PROPOSAL_KIND_LABELS[kind]}
        household={household}
        kelurahanChoices={kelurahan.map((k) => ({ code: k.code, name: k.name }))}
        initialChange={initialChange}
        suggestionKey={suggestion?.key ?? null}
        suggestionDetail={suggestion?.detail ?? null}
        reasons={NONAKTIF_REASONS}
        relations={FAMILY_RELATIONS}
        photoKinds={PHOTO_KINDS.map((k) => ({ kind: k, label: PHOTO_KIND_LABELS[k] }))}
      />
    </div>
  );
}
