"use client";

import { useState } from "react";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username: form.get("username"), password: form.get("password") }),
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        window.location.assign(body.landing ?? next);
        return;
      }
      setError(body.error ?? `Gagal masuk (${response.status}).`);
    } catch {
      setError("Tidak tersambung ke server. Periksa jaringan lalu coba lagi.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} className="card" aria-describedby={error ? "login-error" : undefined}>
      <label>
        Nama pengguna
        <input name="username" autoComplete="username" required autoCapitalize="none" spellCheck={false} />
      </label>
      <label>
        Kata sandi
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p id="login-error" className="notice-error" role="alert">
          {error}
        </p>
      )}
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Memeriksa …" : "Masuk"}
      </button>
    </form>
  );
}
