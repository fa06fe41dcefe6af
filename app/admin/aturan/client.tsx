"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type Message = { ok: boolean; text: string } | null;

/** Posts JSON to an admin route, refreshes the page on success and keeps the answer's message. */
function useAdminPost(): [Message, (url: string, body: unknown, done: string) => Promise<boolean>] {
  const router = useRouter();
  const [message, setMessage] = useState<Message>(null);
  async function post(url: string, body: unknown, done: string) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = response ? await response.json().catch(() => ({})) : {};
    if (response?.ok) {
      setMessage({ ok: true, text: done });
      router.refresh();
      return true;
    }
    const fields = answer.fields ? Object.values(answer.fields as Record<string, string>) : [];
    setMessage({ ok: false, text: [answer.error ?? "Tidak tersambung ke server.", ...fields].join("\n") });
    return false;
  }
  return [message, post];
}

function Notice({ message }: { message: Message }) {
  return message ? (
    <p className={message.ok ? "notice-ok" : "notice-error"} role="status" style={{ flexBasis: "100%" }}>
      {message.text}
    </p>
  ) : null;
}

export function SettingForm({
  settingKey,
  label,
  value,
  min,
  max,
}: {
  settingKey: string;
  label: string;
  value: number;
  min: number;
  max: number;
}) {
  const [message, post] = useAdminPost();
  return (
    <form
      className="admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        const next = new FormData(event.currentTarget).get("value");
        void post("/api/admin/settings", { key: settingKey, value: next }, "Setelan disimpan.");
      }}
    >
      <label>
        {label}
        <input name="value" type="number" min={min} max={max} defaultValue={value} required />
      </label>
      <button className="button" type="submit">
        Simpan
      </button>
      <Notice message={message} />
    </form>
  );
}

export function RuleForm({ programs }: { programs: Array<{ code: string; name: string }> }) {
  const [message, post] = useAdminPost();
  return (
    <form
      className="admin-form"
      onSubmit={async (event) => {
        event.preventDefault();
        const formElement = event.currentTarget;
        const form = new FormData(formElement);
        const ok = await post(
          "/api/admin/rules",
          { action: "add", programs: [form.get("a"), form.get("b")], note: form.get("note") || undefined },
          "Aturan ditambahkan.",
        );
        if (ok) formElement.reset();
      }}
    >
      {(["a", "b"] as const).map((name, i) => (
        <label key={name}>
          {i === 0 ? "Program" : "tidak bersama"}
          <select name={name} required defaultValue="">
            <option value="" disabled>
              pilih program
            </option>
            {programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} — {p.name}
              </option>
            ))}
          </select>
        </label>
      ))}
      <label>
        Catatan
        <input name="note" maxLength={300} />
      </label>
      <button className="button" type="submit">
        Tambah
      </button>
      <Notice message={message} />
    </form>
  );
}

export function RemoveRule({ programs }: { programs: [string, string] }) {
  const [message, post] = useAdminPost();
  return (
    <>
      <button
        type="button"
        className="button secondary"
        aria-label={`Hapus aturan ${programs.join(" dan ")}`}
        onClick={() => void post("/api/admin/rules", { action: "remove", programs }, "Aturan dihapus.")}
      >
        Hapus
      </button>
      <Notice message={message} />
    </>
  );
}

/** Which scenes the wall screen rotates through, and in what order. */
export function ScenesForm({ scenes, chosen }: { scenes: Array<{ key: string; label: string }>; chosen: string[] }) {
  const [message, post] = useAdminPost();
  return (
    <form
      className="admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const picked = scenes
          .filter((s) => form.get(`on-${s.key}`) === "on")
          .map((s) => ({ key: s.key, order: Number(form.get(`order-${s.key}`)) }))
          .sort((a, b) => a.order - b.order)
          .map((s) => s.key);
        void post("/api/admin/screen", { scenes: picked }, "Adegan layar disimpan.");
      }}
    >
      {scenes.map((s) => {
        const position = chosen.indexOf(s.key);
        return (
          <label key={s.key}>
            <span>
              <input type="checkbox" name={`on-${s.key}`} defaultChecked={position >= 0} /> {s.label}
            </span>
            <input
              type="number"
              name={`order-${s.key}`}
              min={1}
              max={scenes.length}
              defaultValue={position >= 0 ? position + 1 : scenes.length}
              aria-label={`Urutan ${s.label}`}
              style={{ width: "5rem" }}
            />
          </label>
        );
      })}
      <button className="button" type="submit">
        Simpan adegan
      </button>
      <Notice message={message} />
    </form>
  );
}
