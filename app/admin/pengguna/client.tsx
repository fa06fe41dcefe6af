"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import type { UserRow } from "@/lib/access";

interface Props {
  roles: Array<{ role: string; label: string }>;
  areas: Array<{ code: string; label: string }>;
  /** The account to change; without it the form creates one. */
  user?: UserRow;
}

/** Creates or changes an account through the admin API, and shows its answer. */
export function UserForm({ roles, areas, user }: Props) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = {
      username: form.get("username") ?? undefined,
      displayName: form.get("displayName") || undefined,
      role: form.get("role"),
      areaCodes: form.getAll("areaCodes").filter((code) => code !== ""),
      password: form.get("password") || undefined,
      ...(user ? { active: form.get("active") === "on" } : {}),
    };
    const response = await fetch(user ? `/api/admin/users/${user.id}` : "/api/admin/users", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = response ? await response.json().catch(() => ({})) : {};
    if (response?.ok) {
      setMessage({ ok: true, text: user ? "Akun diubah; sesinya diakhiri." : `Akun ${answer.username} dibuat.` });
      if (!user) formElement.reset();
      router.refresh();
      return;
    }
    const fields = answer.fields
      ? Object.entries(answer.fields as Record<string, string>).map(([field, text]) => `${field}: ${text}`)
      : [];
    setMessage({
      ok: false,
      text: [answer.error ?? "Tidak tersambung ke server.", ...(answer.problems ?? []), ...fields].join("\n"),
    });
  }

  return (
    <form className="admin-form" onSubmit={submit}>
      {!user && (
        <label>
          Nama pengguna
          <input name="username" required pattern="[a-z0-9._\-]{3,40}" autoCapitalize="none" />
        </label>
      )}
      <label>
        Nama lengkap
        <input name="displayName" defaultValue={user?.display_name ?? ""} />
      </label>
      <label>
        Peran
        <select name="role" defaultValue={user?.role ?? "lurah"}>
          {roles.map((r) => (
            <option key={r.role} value={r.role}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Wilayah (boleh lebih dari satu)
        <select name="areaCodes" multiple size={4} defaultValue={user?.area_codes ?? []}>
          {areas.map((a) => (
            <option key={a.code} value={a.code}>
              {a.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {user ? "Kata sandi baru (kosongkan bila tetap)" : "Kata sandi (minimal 8 karakter)"}
        <input name="password" type="password" autoComplete="new-password" required={!user} minLength={8} />
      </label>
      {user && (
        <label>
          <span>
            <input name="active" type="checkbox" defaultChecked={user.active} /> Aktif
          </span>
        </label>
      )}
      <button className="button" type="submit">
        {user ? "Simpan" : "Buat akun"}
      </button>
      {message && (
        <p className={message.ok ? "notice-ok" : "notice-error"} role="status" style={{ flexBasis: "100%" }}>
          {message.text}
        </p>
      )}
    </form>
  );
}
