"use client";

import Link from "next/link";
import { useState } from "react";

import { formatInteger } from "@/lib/format";
import type { SearchKind, SearchResult } from "@/lib/search";

const KIND_LABELS: Record<SearchKind, string> = { nama: "Nama", nik: "NIK", kk: "No. KK" };

/**
 * The search form: it posts JSON to /api/search, so what is searched for never lands in the
 * page's URL, the browser history or a proxy's log (the form's own method is POST too, should it
 * be sent before the script runs).
 */
export function SearchForm({
  areas,
  allAreasLabel,
  limit,
}: {
  areas: Array<{ code: string; label: string }>;
  allAreasLabel: string;
  limit: number;
}) {
  const [by, setBy] = useState<SearchKind>("nama");
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    const response = await fetch("/api/search", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ by: form.get("by"), q: form.get("q"), area: form.get("area") || undefined }),
    }).catch(() => null);
    const body = response ? await response.json().catch(() => ({})) : {};
    setBusy(false);
    if (response?.ok) {
      setResult(body as SearchResult);
      setError(null);
    } else {
      setResult(null);
      setError(
        body.fields
          ? Object.values(body.fields as Record<string, string>).join("; ")
          : (body.error ?? "Tidak tersambung ke server."),
      );
    }
  }

  return (
    <>
      <form className="window-form" method="post" role="search" onSubmit={submit}>
        <label>
          Cari menurut
          <select name="by" value={by} onChange={(event) => setBy(event.target.value as SearchKind)}>
            {Object.entries(KIND_LABELS).map(([kind, label]) => (
              <option key={kind} value={kind}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Kata kunci
          {by === "nama" ? (
            <input key="nama" name="q" required minLength={3} placeholder="mis. Siti Rahmawati" autoComplete="off" />
          ) : (
            <input
              key="id"
              name="q"
              required
              inputMode="numeric"
              pattern="[0-9 .]{16,23}"
              placeholder="16 angka"
              autoComplete="off"
            />
          )}
        </label>
        <label>
          Wilayah
          <select name="area" defaultValue="">
            <option value="">{allAreasLabel}</option>
            {areas.map((a) => (
              <option key={a.code} value={a.code}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit" disabled={busy}>
          Cari
        </button>
      </form>
      {error && (
        <p className="notice-error" role="alert">
          {error}
        </p>
      )}
      {result && <SearchHits result={result} limit={limit} />}
    </>
  );
}

function SearchHits({ result, limit }: { result: SearchResult; limit: number }) {
  return (
    <section aria-labelledby="hits-title">
      <h2 id="hits-title">
        {result.hits.length === 0
          ? "Tidak ada yang cocok"
          : `${formatInteger(result.hits.length)}${result.hits.length === limit ? "+" : ""} hasil menurut ${KIND_LABELS[result.by]}`}
      </h2>
      <div className="table-wrap">
        <table className="data" data-testid="search-results">
          <thead>
            <tr>
              <th scope="col">Nama</th>
              <th scope="col">NIK</th>
              <th scope="col">Hubungan</th>
              <th scope="col">Alamat</th>
              <th scope="col">Kelurahan / RT</th>
              <th scope="col">Rumah tangga</th>
            </tr>
          </thead>
          <tbody>
            {result.hits.map((hit, i) => (
              <tr key={`${hit.household_id}-${i}`}>
                <td>{hit.name}</td>
                <td>{hit.nik ?? "–"}</td>
                <td>{hit.relation ?? "–"}</td>
                <td>
                  {hit.address ?? "–"}
                  {(hit.rt || hit.rw) && ` (RT ${hit.rt ?? "–"} / RW ${hit.rw ?? "–"})`}
                </td>
                <td>
                  {hit.kelurahan_name ?? hit.kelurahan_code ?? "–"}
                  {hit.rt_code ? ` / RT ${hit.rt_code.slice(-3)}` : ""}
                </td>
                <td>
                  <Link href={`/rumah-tangga/${hit.household_id}`}>
                    {hit.dtks_id}
                    {hit.household_status !== "aktif" ? " (nonaktif)" : ""}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
