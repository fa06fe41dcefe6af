"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";

/** Adopting a saved scenario and downloading its recipient list (admin, Dinas Sosial). */
export function AdoptControls({ id, adopted, retired }: { id: number; adopted: boolean; retired: boolean }) {
  const router = useRouter();
  const ready = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function adopt() {
    setBusy(true);
    setError(null);
    const response = await fetch(`/api/sasaran/${id}/tetapkan`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    }).catch(() => null);
    setBusy(false);
    if (!response) return setError("Tidak tersambung ke server; coba lagi.");
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      return setError(body.error ?? "Skenario gagal ditetapkan.");
    }
    router.refresh();
  }

  if (retired) return <p className="map-status">Skenario ini sudah diganti skenario lain yang ditetapkan.</p>;
  if (!adopted)
    return (
      <div data-ready={ready ? "1" : undefined}>
        <button type="button" onClick={adopt} disabled={busy} data-testid="adopt-scenario">
          {busy ? "Menetapkan…" : "Tetapkan sebagai daftar penerima"}
        </button>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    );
  return (
    <div data-testid="scenario-export">
      <p>
        Unduh daftar penerima (format impor penerima Tepat, NIK tersamar):{" "}
        <a href={`/api/sasaran/${id}/ekspor?format=xlsx`} download>
          Excel
        </a>{" "}
        · <a href={`/api/sasaran/${id}/ekspor?format=csv`}>CSV</a>
      </p>
      <form method="post" action={`/api/sasaran/${id}/ekspor`} className="proposal-form">
        <label>
          NIK lengkap untuk BNBA penyaluran: tuliskan alasannya (dicatat di log audit)
          <input name="alasan" minLength={5} maxLength={300} required />
        </label>
        <label>
          Periode penyaluran
          <input name="periode" type="month" />
        </label>
        <input type="hidden" name="format" value="xlsx" />
        <button type="submit">Unduh dengan NIK lengkap</button>
      </form>
    </div>
  );
}

/** "Hitung ulang": the saved scenario's parameters computed again on today's data, saved as a new scenario. */
export function RecomputeButton({ id, name, scenario }: { id: number; name: string; scenario: object }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function recompute() {
    setError(null);
    const response = await fetch("/api/sasaran", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...scenario, name: `${name} (hitung ulang)`.slice(0, 120), based_on: id }),
    }).catch(() => null);
    const answer = (await response?.json().catch(() => ({}))) as { id?: number; error?: string } | undefined;
    if (!response?.ok || !answer?.id) return setError(answer?.error ?? "Skenario gagal dihitung ulang.");
    router.push(`/sasaran?lihat=${answer.id}`);
    router.refresh();
  }
  return (
    <p>
      <button type="button" onClick={recompute} data-testid="recompute-scenario">
        Hitung ulang dengan data terbaru
      </button>
      {error && (
        <span className="field-error" role="alert">
          {" "}
          {error}
        </span>
      )}
    </p>
  );
}
