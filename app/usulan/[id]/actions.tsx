"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";
import type { ProposalAction } from "@/lib/verval";

/** The steps the account may take on a proposal; returning and rejecting ask why. */
export function ProposalActions({
  id,
  actions,
  labels,
  needsNote,
}: {
  id: number;
  actions: ProposalAction[];
  labels: Record<ProposalAction, string>;
  needsNote: ProposalAction[];
}) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; problems: string[] } | null>(null);
  const ready = useHydrated();

  async function take(action: ProposalAction) {
    setBusy(true);
    setError(null);
    const response = await fetch(`/api/usulan/${id}/tindakan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action, note: note || undefined }),
    }).catch(() => null);
    setBusy(false);
    if (!response) return setError({ message: "Tidak tersambung ke server; coba lagi.", problems: [] });
    const body = (await response.json().catch(() => ({}))) as {
      error?: string;
      problems?: string[];
      fields?: Record<string, string>;
    };
    if (!response.ok)
      return setError({
        message: body.error ?? "Tindakan gagal.",
        problems: [...(body.problems ?? []), ...Object.values(body.fields ?? {})],
      });
    setNote("");
    router.refresh();
  }

  if (!actions.length) return null;
  return (
    <section className="card proposal-actions" data-testid="proposal-actions" data-ready={ready}>
      <h2>Tindakan</h2>
      {actions.some((a) => needsNote.includes(a)) && (
        <label>
          Catatan (wajib untuk mengembalikan atau menolak)
          <textarea value={note} onChange={(e) => setNote(e.target.value)} name="note" />
        </label>
      )}
      <div className="task-actions">
        {actions.map((action) => (
          <button
            key={action}
            type="button"
            className={needsNote.includes(action) || action === "tarik" ? "link-button" : "button"}
            disabled={busy}
            onClick={() => take(action)}
          >
            {labels[action]}
          </button>
        ))}
      </div>
      {busy && <p className="notice-busy">Memproses…</p>}
      {error && (
        <div className="notice-error" role="alert" data-testid="action-error">
          <p>{error.message}</p>
          {error.problems.length > 0 && (
            <ul>
              {error.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
