"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Upload or removal of the basemap file, then the page shows what is installed. */
export function BasemapForm({ installed }: { installed: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function send(init: RequestInit, done: string) {
    setBusy(true);
    setMessage(null);
    try {
      const response = await fetch("/api/admin/peta-dasar", init);
      const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
      if (!response.ok) {
        setMessage({ ok: false, text: body.fields?.file ?? body.error ?? `Gagal (${response.status}).` });
        return;
      }
      setMessage({ ok: true, text: done });
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card">
      <h2>{installed ? "Ganti peta dasar" : "Pasang peta dasar"}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send({ method: "POST", body: new FormData(event.currentTarget) }, "Peta dasar terpasang.");
        }}
      >
        <label>
          Berkas PMTiles
          <input type="file" name="file" accept=".pmtiles" required />
        </label>{" "}
        <button className="button" type="submit" disabled={busy}>
          {busy ? "Mengunggah …" : "Pasang"}
        </button>
      </form>
      {installed && (
        <p>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void send({ method: "DELETE" }, "Peta dasar dilepas.")}
          >
            Lepas peta dasar
          </button>
        </p>
      )}
      {message && (
        <p className={message.ok ? "notice-ok" : "notice-error"} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
