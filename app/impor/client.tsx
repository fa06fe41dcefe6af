"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatInteger } from "@/lib/format";

type Result =
  | { kind: "ok"; features: number; inserted: number; updated: number; repaired: { code: string; reason: string }[]; createdAncestors: string[] }
  | { kind: "error"; error: string; problems: string[] };

/** Uploads with XMLHttpRequest rather than fetch: only it reports upload progress. */
function upload(data: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/import/boundaries");
    request.responseType = "json";
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => resolve({ status: request.status, body: request.response });
    request.onerror = () => reject(new Error("Koneksi ke server terputus."));
    request.send(data);
  });
}

const SHOWN_PROBLEMS = 50;

export function BoundaryUpload() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState(0);
  const [result, setResult] = useState<Result | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    setProgress(0);
    try {
      const { status, body } = await upload(new FormData(event.currentTarget), setProgress);
      if (status === 200) {
        setResult({ kind: "ok", ...(body as Omit<Extract<Result, { kind: "ok" }>, "kind">) });
        // The layout's sample-data banner and every area list read the data afresh.
        router.refresh();
      }
      else {
        const { error, problems, fields } = (body ?? {}) as { error?: string; problems?: string[]; fields?: Record<string, string> };
        setResult({ kind: "error", error: error ?? `Server menjawab HTTP ${status}.`, problems: problems ?? Object.values(fields ?? {}) });
      }
    } catch (cause) {
      setResult({ kind: "error", error: (cause as Error).message, problems: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} aria-describedby="boundary-result">
      <div className="form-row">
        <label htmlFor="boundary-file">Berkas</label>
        <input id="boundary-file" name="file" type="file" accept=".geojson,.json,.zip,application/geo+json,application/zip" required />
      </div>
      <div className="form-row">
        <label htmlFor="boundary-level">Tingkat</label>
        <select id="boundary-level" name="level" defaultValue="">
          <option value="">Kenali dari kode</option>
          <option value="kecamatan">Kecamatan</option>
          <option value="kelurahan">Kelurahan</option>
          <option value="rt">RT</option>
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="boundary-code-field">Kolom kode (opsional)</label>
        <input id="boundary-code-field" name="code_field" type="text" placeholder="mis. KODE_KEL" />
      </div>
      <div className="form-row">
        <label htmlFor="boundary-name-field">Kolom nama (opsional)</label>
        <input id="boundary-name-field" name="name_field" type="text" placeholder="mis. NAMOBJ" />
      </div>
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Mengimpor …" : "Impor batas wilayah"}
      </button>
      {busy && <progress value={progress} max={1} aria-label="Kemajuan unggah" style={{ marginLeft: "1rem" }} />}
      <div id="boundary-result" style={{ marginTop: "1rem" }}>
        {result?.kind === "ok" && (
          <div className="notice-ok" role="status">
            {formatInteger(result.features)} wilayah diimpor: {formatInteger(result.inserted)} baru, {formatInteger(result.updated)} diperbarui.
            {result.repaired.length > 0 && <> {formatInteger(result.repaired.length)} geometri diperbaiki ({result.repaired.map((r) => r.code).join(", ")}).</>}
            {result.createdAncestors.length > 0 && <> Wilayah induk dibuat: {result.createdAncestors.join(", ")}.</>}
          </div>
        )}
        {result?.kind === "error" && (
          <div className="notice-error" role="alert">
            <strong>{result.error}</strong>
            {result.problems.length > 0 && (
              <ul>
                {result.problems.slice(0, SHOWN_PROBLEMS).map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
                {result.problems.length > SHOWN_PROBLEMS && (
                  <li>dan {formatInteger(result.problems.length - SHOWN_PROBLEMS)} masalah lainnya</li>
                )}
              </ul>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
