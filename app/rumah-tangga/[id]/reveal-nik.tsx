"use client";

import { useState } from "react";

interface Revealed {
  no_kk: string | null;
  members: Array<{ name: string; nik: string | null }>;
}

/** The explicit, logged action that shows a household's full NIKs to a role allowed to see them. */
export function RevealNik({ householdId }: { householdId: number }) {
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function reveal() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/households/${householdId}/nik`, { method: "POST" });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) setError(body.error ?? `Gagal (${response.status}).`);
      else setRevealed(body as Revealed);
    } catch {
      setError("Tidak tersambung ke server.");
    } finally {
      setBusy(false);
    }
  }

  if (revealed) {
    return (
      <div className="card reveal" data-testid="revealed-nik">
        <p>
          <strong>NIK lengkap</strong> (pembukaan ini tercatat di log audit). No. KK:{" "}
          <span className="mono">{revealed.no_kk ?? "–"}</span>
        </p>
        <ul>
          {revealed.members.map((m, i) => (
            <li key={`${m.name}-${i}`}>
              {m.name}: <span className="mono">{m.nik ?? "–"}</span>
            </li>
          ))}
        </ul>
        <button type="button" className="button secondary" onClick={() => setRevealed(null)}>
          Sembunyikan lagi
        </button>
      </div>
    );
  }
  return (
    <p>
      <button type="button" className="button secondary" onClick={reveal} disabled={busy}>
        {busy ? "Membuka …" : "Tampilkan NIK lengkap"}
      </button>{" "}
      <span className="map-status">Setiap pembukaan NIK lengkap dicatat di log audit.</span>
      {error && (
        <span className="notice-error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </p>
  );
}
