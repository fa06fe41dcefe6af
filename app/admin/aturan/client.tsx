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

/** What one pair of programs is: pelengkap, melanggar aturan or belum diatur, with a note. */
export function PairForm({
  programs,
  state,
  note,
  states,
}: {
  programs: [string, string];
  state: string;
  note: string | null;
  states: Array<{ value: string; label: string }>;
}) {
  const [message, post] = useAdminPost();
  const name = programs.join(" + ");
  return (
    <form
      className="admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        void post(
          "/api/admin/rules",
          { programs, state: form.get("state"), note: form.get("note") || undefined },
          `Pasangan ${name} disimpan.`,
        );
      }}
    >
      <label>
        Status
        <select name="state" defaultValue={state} aria-label={`Status pasangan ${name}`}>
          {states.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Catatan
        <input name="note" maxLength={300} defaultValue={note ?? ""} aria-label={`Catatan pasangan ${name}`} />
      </label>
      <button className="button" type="submit" aria-label={`Simpan pasangan ${name}`}>
        Simpan
      </button>
      <Notice message={message} />
    </form>
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

interface ProgramFields {
  code: string;
  name: string;
  level: string;
  unit: string;
  max_desil: number | null;
  owner_area_code: string | null;
  description: string | null;
  active: boolean;
}

/** Adds a program (no `program`) or changes one: its name, level, unit, desil rule, owning area and state. */
export function ProgramForm({ program, levels }: { program?: ProgramFields; levels: string[] }) {
  const [message, post] = useAdminPost();
  return (
    <form
      className="admin-form"
      data-testid={program ? `program-${program.code}` : "program-new"}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const text = (name: string) => String(form.get(name) ?? "").trim();
        void post(
          "/api/admin/programs",
          {
            code: program?.code ?? text("code"),
            name: text("name"),
            level: text("level"),
            unit: text("unit"),
            max_desil: text("max_desil") ? Number(text("max_desil")) : null,
            owner_area_code: text("owner_area_code") || null,
            description: text("description") || null,
            active: form.get("active") === "on",
          },
          program ? "Program disimpan." : "Program ditambahkan.",
        );
      }}
    >
      {!program && (
        <label>
          Kode
          <input name="code" required pattern="[A-Za-z0-9][A-Za-z0-9\-]*" maxLength={32} />
        </label>
      )}
      <label>
        Nama
        <input name="name" defaultValue={program?.name} required minLength={3} maxLength={120} />
      </label>
      <label>
        Tingkat
        <select name="level" defaultValue={program?.level ?? "kabkota"}>
          {levels.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </label>
      <label>
        Satuan
        <select name="unit" defaultValue={program?.unit ?? "household"}>
          <option value="household">rumah tangga</option>
          <option value="person">jiwa</option>
        </select>
      </label>
      <label>
        Desil paling tinggi
        <input name="max_desil" type="number" min={1} max={10} defaultValue={program?.max_desil ?? ""} />
      </label>
      <label>
        Wilayah pemilik
        <input name="owner_area_code" defaultValue={program?.owner_area_code ?? ""} placeholder="64.72" />
      </label>
      <label>
        Keterangan
        <input name="description" defaultValue={program?.description ?? ""} maxLength={500} />
      </label>
      <label>
        <input name="active" type="checkbox" defaultChecked={program?.active ?? true} /> Aktif
      </label>
      <button className="button" type="submit">
        {program ? "Simpan" : "Tambah program"}
      </button>
      <Notice message={message} />
    </form>
  );
}
