"use client";

import { useState } from "react";

export function PasswordForm() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    if (form.get("next") !== form.get("repeat")) {
      setMessage({ ok: false, text: "Kata sandi baru dan ulangannya tidak sama." });
      return;
    }
    const response = await fetch("/api/auth/password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ current: form.get("current"), next: form.get("next") }),
    }).catch(() => null);
    const body = response ? await response.json().catch(() => ({})) : {};
    if (response?.ok) {
      formElement.reset();
      setMessage({ ok: true, text: "Kata sandi diganti. Sesi di perangkat lain sudah diakhiri." });
    } else setMessage({ ok: false, text: body.error ?? "Tidak tersambung ke server." });
  }

  return (
    <form onSubmit={submit} className="card">
      <label>
        Kata sandi saat ini
        <input name="current" type="password" autoComplete="current-password" required />
      </label>
      <label>
        Kata sandi baru (minimal 8 karakter)
        <input name="next" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      <label>
        Ulangi kata sandi baru
        <input name="repeat" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      {message && (
        <p className={message.ok ? "notice-ok" : "notice-error"} role="status">
          {message.text}
        </p>
      )}
      <button className="button" type="submit">
        Ganti kata sandi
      </button>
    </form>
  );
}
