"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";
import { formatInteger, formatPercent, formatRupiah } from "@/lib/format";
import type { ScenarioResult } from "@/lib/targeting";

import { ResultMap } from "./maps";

interface Option {
  code: string;
  name: string;
  level: string;
}

type QuotaForm = "total" | "kelurahan" | "kecamatan" | "budget";

/** The scenario form: every change recounts (POST /api/sasaran/hitung) after a short pause; a result can be saved. */
export function ScenarioPlanner({
  programs,
  areas,
  defaultProgram,
  withList,
}: {
  programs: Option[];
  areas: Option[];
  defaultProgram: string;
  withList: boolean;
}) {
  const router = useRouter();
  const ready = useHydrated();
  const city = areas.find((a) => a.level === "kabkota")?.code ?? "";
  const [program, setProgram] = useState(defaultProgram);
  const [area, setArea] = useState(city);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [excluded, setExcluded] = useState<string[]>(
    programs.filter((p) => p.level === "pusat" || p.level === "provinsi").map((p) => p.code),
  );
  const [maxDesil, setMaxDesil] = useState(4);
  const [verified, setVerified] = useState(true);
  const [quotaForm, setQuotaForm] = useState<QuotaForm>("kelurahan");
  const [total, setTotal] = useState(1242);
  const [budget, setBudget] = useState(3_726_000_000);
  const [amount, setAmount] = useState(300_000);
  const [months, setMonths] = useState(10);
  const [name, setName] = useState("");
  const [result, setResult] = useState<ScenarioResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [counting, setCounting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const scenario = {
    program,
    area,
    ...(from || to ? { covered_window: { ...(from && { from }), ...(to && { to }) } } : {}),
    exclude_programs: excluded,
    max_desil: maxDesil,
    require_verified: verified,
    quota:
      quotaForm === "budget"
        ? { budget, amount_per_month: amount, months }
        : quotaForm === "total"
          ? { total }
          : { total, per: quotaForm },
  };
  const body = JSON.stringify(scenario);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setCounting(true);
      const response = await fetch("/api/sasaran/hitung", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: controller.signal,
      }).catch(() => null);
      if (controller.signal.aborted) return;
      setCounting(false);
      if (!response) return setError("Tidak tersambung ke server.");
      const answer = (await response.json().catch(() => ({}))) as ScenarioResult & {
        error?: string;
        fields?: Record<string, string>;
      };
      if (!response.ok) {
        setResult(null);
        return setError(
          [answer.error, ...Object.entries(answer.fields ?? {}).map(([k, v]) => `${k}: ${v}`)]
            .filter(Boolean)
            .join(" · "),
        );
      }
      setError(null);
      setResult(answer);
    }, 400);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [body]);

  async function save() {
    setSaved(null);
    const response = await fetch("/api/sasaran", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...scenario, name: name || `Skenario ${program}` }),
    }).catch(() => null);
    const answer = (await response?.json().catch(() => ({}))) as { id?: number; error?: string } | undefined;
    if (!response?.ok || !answer?.id) return setError(answer?.error ?? "Skenario gagal disimpan.");
    setSaved(`Tersimpan sebagai skenario #${answer.id}.`);
    router.refresh();
  }

  const number = (value: number, set: (n: number) => void, label: string, testId: string) => (
    <label>
      {label}
      <input
        type="number"
        min={1}
        value={value}
        inputMode="numeric"
        data-testid={testId}
        onChange={(e) => set(Number(e.target.value))}
      />
    </label>
  );
  const areaName = new Map(areas.map((a) => [a.code, a.name]));
  return (
    <section className="card" data-testid="scenario-planner" data-ready={ready ? "1" : undefined}>
      <h2>Hitung skenario</h2>
      <div className="scenario-form">
        <label>
          Program
          <select value={program} onChange={(e) => setProgram(e.target.value)} data-testid="scenario-program">
            {programs.map((p) => (
              <option key={p.code} value={p.code}>
                {p.code} · {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Wilayah
          <select value={area} onChange={(e) => setArea(e.target.value)}>
            {areas
              .filter((a) => a.level !== "kelurahan")
              .map((a) => (
                <option key={a.code} value={a.code}>
                  {a.level === "kabkota" ? a.name : `Kec. ${a.name}`}
                </option>
              ))}
          </select>
        </label>
        <fieldset>
          <legend>Sudah dijangkau bila menerima (dalam jendela)</legend>
          {programs
            .filter((p) => p.code !== program)
            .map((p) => (
              <label key={p.code} className="inline">
                <input
                  type="checkbox"
                  checked={excluded.includes(p.code)}
                  onChange={(e) =>
                    setExcluded(e.target.checked ? [...excluded, p.code] : excluded.filter((c) => c !== p.code))
                  }
                />{" "}
                {p.code}
              </label>
            ))}
        </fieldset>
        <label>
          Jendela dari (kosong: 12 bulan terakhir)
          <input type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          Jendela sampai
          <input type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          Desil paling tinggi
          <select value={maxDesil} onChange={(e) => setMaxDesil(Number(e.target.value))} data-testid="scenario-desil">
            {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} /> Hanya yang
          terverifikasi
        </label>
        <label>
          Kuota
          <select
            value={quotaForm}
            onChange={(e) => setQuotaForm(e.target.value as QuotaForm)}
            data-testid="scenario-quota-form"
          >
            <option value="total">Jumlah rumah tangga</option>
            <option value="kelurahan">Jumlah, dibagi per kelurahan</option>
            <option value="kecamatan">Jumlah, dibagi per kecamatan</option>
            <option value="budget">Anggaran</option>
          </select>
        </label>
        {quotaForm === "budget" ? (
          <>
            {number(budget, setBudget, "Anggaran (Rp)", "scenario-budget")}
            {number(amount, setAmount, "Bantuan per bulan (Rp)", "scenario-amount")}
            {number(months, setMonths, "Jumlah bulan", "scenario-months")}
          </>
        ) : (
          number(total, setTotal, "Jumlah rumah tangga", "scenario-total")
        )}
      </div>
      <div aria-live="polite" data-testid="scenario-result" data-counting={counting ? "1" : undefined}>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {result && (
          <>
            <p>
              <strong data-testid="scenario-candidates">{formatInteger(result.candidates)}</strong> kandidat ·{" "}
              <strong data-testid="scenario-selected">{formatInteger(result.selected)}</strong> terpilih
              {result.cost !== null && <> · biaya {formatRupiah(result.cost)}</>} · layak belum terjangkau{" "}
              {formatInteger(result.eligible_uncovered_before)} → {formatInteger(result.eligible_uncovered_after)}
            </p>
            <ResultMap kabkota={city} areas={result.areas} />
            <table className="data" data-testid="scenario-overlap">
              <caption>Terpilih yang juga menerima program lain dalam jendela</caption>
              <tbody>
                {Object.entries(result.overlap).map(([code, n]) => (
                  <tr key={code}>
                    <th scope="row">{code}</th>
                    <td>{formatInteger(n)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="data" data-testid="scenario-areas">
              <thead>
                <tr>
                  <th>Wilayah</th>
                  <th>Kandidat</th>
                  <th>Terpilih</th>
                  <th>Terjangkau</th>
                </tr>
              </thead>
              <tbody>
                {result.areas
                  .filter((a) => a.candidates > 0)
                  .map((a) => (
                    <tr key={a.code ?? "-"}>
                      <td>{a.code ? (areaName.get(a.code) ?? a.code) : "Tidak diketahui"}</td>
                      <td>{formatInteger(a.candidates)}</td>
                      <td>{formatInteger(a.selected)}</td>
                      <td>{formatPercent((100 * a.selected) / a.candidates)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
            {withList && result.households && (
              <p className="map-status">
                {formatInteger(result.households.length)} rumah tangga terpilih; daftarnya dapat diunduh setelah
                skenario disimpan dan ditetapkan.
              </p>
            )}
          </>
        )}
      </div>
      <div className="proposal-form">
        <label>
          Nama skenario
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} data-testid="scenario-name" />
        </label>
        <button type="button" onClick={save} disabled={!result} data-testid="scenario-save">
          Simpan skenario
        </button>
        {saved && <p role="status">{saved}</p>}
      </div>
    </section>
  );
}
