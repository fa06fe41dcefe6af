"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";

interface AwaitingProposal {
  id: number;
  kelurahan_code: string;
  label: string;
}

/** Records a musyawarah kelurahan: date, attendance, the berita acara (PDF) and the proposals it discussed. */
export function MuskelForm({ proposals }: { proposals: AwaitingProposal[] }) {
  const router = useRouter();
  const ready = useHydrated();
  const kelurahan = [...new Set(proposals.map((p) => p.kelurahan_code))];
  const [chosenKelurahan, setChosenKelurahan] = useState(kelurahan[0]!);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    const response = await fetch("/api/muskel", { method: "POST", body: new FormData(event.currentTarget) }).catch(
      () => null,
    );
    setBusy(false);
    if (!response) return setError("Tidak tersambung ke server; isian Anda tetap di sini, coba lagi.");
    const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
    if (!response.ok) {
      setFields(body.fields ?? {});
      return setError(body.error ?? "Muskel gagal dicatat.");
    }
    router.refresh();
  }

  const fieldError = (name: string) =>
    fields[name] ? (
      <span className="field-error" role="alert">
        {fields[name]}
      </span>
    ) : null;
  return (
    <form onSubmit={submit} className="proposal-form" data-ready={ready ? "1" : undefined} data-testid="muskel-form">
      {kelurahan.length > 1 && (
        <label>
          Kelurahan
          <select value={chosenKelurahan} onChange={(e) => setChosenKelurahan(e.target.value)}>
            {kelurahan.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
      )}
      <input type="hidden" name="kelurahan_code" value={chosenKelurahan} />
      {fieldError("kelurahan_code")}
      <label>
        Tanggal muskel
        <input type="date" name="held_on" required />
        {fieldError("held_on")}
      </label>
      <label>
        Jumlah hadir
        <input type="number" name="attendance" min={1} max={5000} inputMode="numeric" required />
        {fieldError("attendance")}
      </label>
      <label>
        Daftar hadir (nama dan unsur, boleh dikosongkan)
        <textarea name="attendees" rows={3} maxLength={4000} />
        {fieldError("attendees")}
      </label>
      <label>
        Berita acara (PDF, paling besar 10 MB)
        <input type="file" name="berita_acara" accept="application/pdf,.pdf" required />
        {fieldError("minutes")}
      </label>
      <fieldset>
        <legend>Usulan yang dibahas</legend>
        {proposals
          .filter((p) => p.kelurahan_code === chosenKelurahan)
          .map((p) => (
            <label key={p.id} className="checkbox">
              <input type="checkbox" name="proposal_ids" value={p.id} defaultChecked /> {p.label}
            </label>
          ))}
        {fieldError("proposal_ids")}
      </fieldset>
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={busy || !ready}>
        {busy ? "Menyimpan…" : "Simpan muskel"}
      </button>
    </form>
  );
}
