"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** "Abaikan" on a suggestion: asks why, then the same fact is not suggested again. */
export function DismissSuggestion({ suggestionKey }: { suggestionKey: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function dismiss(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const response = await fetch("/api/saran/abaikan", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key: suggestionKey, reason }),
    }).catch(() => null);
    setBusy(false);
    if (!response) return setError("Tidak tersambung ke server; coba lagi.");
    const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
    if (!response.ok) return setError(body.fields?.reason ?? body.error ?? "Gagal mengabaikan saran.");
    router.refresh();
  }

  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Abaikan
      </button>
    );
  return (
    <form onSubmit={dismiss} className="dismiss-form">
      <label>
        Alasan diabaikan
        <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={5} maxLength={500} />
      </label>
      <button type="submit" className="button" disabled={busy}>
        Abaikan saran
      </button>
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
