"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";
import { formatInteger } from "@/lib/format";

async function post(path: string, body: unknown): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return { ok: false, body: { error: "Tidak tersambung ke server; coba lagi." } };
  return { ok: response.ok, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

/** "Orang yang sama" or "Bukan": the decision, with an optional note, kept for the pair's two records. */
export function DecidePair({ fingerprint, kind }: { fingerprint: string; kind: "penerima" | "ganda" }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The buttons wait for the page's script: a tap before it would do nothing.
  const ready = useHydrated();

  async function decide(decision: "konfirmasi" | "tolak") {
    setBusy(true);
    setError(null);
    const result = await post("/api/tautan/keputusan", { fingerprint, decision, note: note || undefined });
    setBusy(false);
    if (!result.ok) {
      const fields = result.body.fields as Record<string, string> | undefined;
      return setError(fields?.note ?? (result.body.error as string | undefined) ?? "Keputusan gagal disimpan.");
    }
    router.refresh();
  }

  return (
    <div className="pair-decision">
      <label>
        Catatan (boleh kosong)
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
      </label>
      <button type="button" className="button" disabled={busy || !ready} onClick={() => decide("konfirmasi")}>
        {kind === "penerima" ? "Orang yang sama: tautkan" : "Orang yang sama"}
      </button>
      <button type="button" className="button secondary" disabled={busy || !ready} onClick={() => decide("tolak")}>
        Bukan orang yang sama
      </button>
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Runs linkage for the whole city again (after rules or thresholds changed), and shows what it did. */
export function RunLinkage() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run() {
    setBusy(true);
    setMessage(null);
    const result = await post("/api/tautan/jalankan", {});
    setBusy(false);
    if (!result.ok) return setMessage({ ok: false, text: (result.body.error as string) ?? "Tautan gagal dijalankan." });
    const report = result.body as Record<string, number>;
    setMessage({
      ok: true,
      text: `${formatInteger(report.identities)} data penerima diperiksa: ${formatInteger(report.linkedAutomatically)} penerimaan tertaut otomatis, ${formatInteger(report.linkedConfirmed)} tertaut karena dikonfirmasi, ${formatInteger(report.queuedReceipts)} pasangan menunggu, ${formatInteger(report.queuedDuplicates)} calon orang ganda.`,
    });
    router.refresh();
  }

  return (
    <div className="pair-run">
      <button type="button" className="button" disabled={busy} onClick={run}>
        {busy ? "Menautkan…" : "Jalankan tautan sekarang"}
      </button>
      {busy && <p className="notice-busy">Mencocokkan seluruh daftar penerima dengan DTKS…</p>}
      {message && (
        <p className={message.ok ? "notice-ok" : "notice-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
    </div>
  );
}
