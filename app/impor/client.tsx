"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";

import { JobSteps, useFollowedJob } from "@/app/components/job-progress";
import { formatDate, formatInteger } from "@/lib/format";
import type { DtksImportReport, RecipientImportReport } from "@/lib/imports";
import type { JobView } from "@/lib/jobs";

type UploadState<T> =
  | { kind: "idle" }
  | { kind: "busy"; progress: number }
  | { kind: "ok"; report: T }
  | { kind: "error"; error: string; problems: string[] };

/** Uploads with XMLHttpRequest rather than fetch: only it reports upload progress. */
function post(
  endpoint: string,
  data: FormData,
  onProgress: (fraction: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open("POST", endpoint);
    request.responseType = "json";
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => resolve({ status: request.status, body: request.response });
    request.onerror = () => reject(new Error("Koneksi ke server terputus."));
    request.send(data);
  });
}

const SHOWN_PROBLEMS = 50;

function ProblemList({ problems, total = problems.length }: { problems: string[]; total?: number }) {
  if (problems.length === 0) return null;
  const shown = problems.slice(0, SHOWN_PROBLEMS);
  return (
    <ul>
      {shown.map((problem, i) => (
        <li key={`${i}-${problem}`}>{problem}</li>
      ))}
      {total > shown.length && <li>dan {formatInteger(total - shown.length)} masalah lainnya</li>}
    </ul>
  );
}

/** The answer an upload or a job ended with, as the form shows it. */
function settled<T>(status: number, body: unknown): UploadState<T> {
  if (status === 200) return { kind: "ok", report: body as T };
  const { error, problems, fields } = (body ?? {}) as {
    error?: string;
    problems?: string[];
    fields?: Record<string, string>;
  };
  return {
    kind: "error",
    error: error ?? `Server menjawab HTTP ${status}.`,
    problems: problems ?? Object.values(fields ?? {}),
  };
}

/**
 * One upload form: the file and the fields given as children, a progress bar while the file
 * travels, then (for a row import, answered with a job) the job's steps as they happen until the
 * report or the reasons for refusal. A job still running, or ended in the last minutes, is shown
 * again after a reload (`resume`).
 */
function UploadForm<T>({
  endpoint,
  id,
  submitLabel,
  accept,
  children,
  report,
  partial,
  onFileChange,
  resume,
  embedded = false,
}: {
  endpoint: string;
  id: string;
  submitLabel: string;
  accept: string;
  children?: ReactNode;
  report: (result: T) => ReactNode;
  /** Whether a landed file left rows out: shown amber, not as a whole success. */
  partial?: (result: T) => boolean;
  onFileChange?: (file: File | null) => void;
  resume?: JobView;
  embedded?: boolean;
}) {
  const router = useRouter();
  const [state, setState] = useState<UploadState<T>>(() =>
    resume?.result ? settled<T>(resume.result.status, resume.result.body) : { kind: "idle" },
  );
  const {
    job,
    setJob,
    running: jobRunning,
    lostTouch,
  } = useFollowedJob(resume, {
    onResult: (result) => setState(settled<T>(result.status, result.body)),
    onGone: () =>
      setState({
        kind: "error",
        error: "Pekerjaan impor tidak ditemukan lagi di server (server dimulai ulang?). Lihat Riwayat impor.",
        problems: [],
      }),
  });

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setJob(null);
    setState({ kind: "busy", progress: 0 });
    try {
      const { status, body } = await post(endpoint, new FormData(event.currentTarget), (progress) =>
        setState({ kind: "busy", progress }),
      );
      const started = status === 202 ? (body as { job?: JobView } | null)?.job : undefined;
      if (started) {
        setState({ kind: "idle" });
        setJob(started);
        return;
      }
      setState(settled<T>(status, body));
      if (status === 200) router.refresh();
    } catch (cause) {
      setState({ kind: "error", error: (cause as Error).message, problems: [] });
    }
  }

  const busy = state.kind === "busy" || jobRunning;
  return (
    <form onSubmit={onSubmit} aria-describedby={`${id}-result`}>
      <div className="form-row">
        <label htmlFor={`${id}-file`}>Berkas</label>
        <input
          id={`${id}-file`}
          name="file"
          type="file"
          accept={accept}
          required
          onChange={(event) => onFileChange?.(event.currentTarget.files?.[0] ?? null)}
        />
      </div>
      {children}
      <button className="button" type="submit" disabled={busy}>
        {busy ? "Mengimpor …" : submitLabel}
      </button>
      {state.kind === "busy" && (
        <span style={{ marginLeft: "1rem" }}>
          {state.progress < 1 ? (
            <progress value={state.progress} max={1} aria-label="Kemajuan unggah" />
          ) : (
            <>
              <progress aria-label="Server sedang memproses" /> memproses di server …
            </>
          )}
        </span>
      )}
      <div id={`${id}-result`} style={{ marginTop: "1rem" }}>
        {job && <JobSteps job={job} embedded={embedded} />}
        {lostTouch && (
          <p className="import-job-note" role="status">
            Server belum menjawab; kemajuan impor ditanyakan lagi …
          </p>
        )}
        {state.kind === "ok" && (
          <div className={partial?.(state.report) ? "notice-partial" : "notice-ok"} role="status">
            {report(state.report)}
          </div>
        )}
        {state.kind === "error" && (
          <div className="notice-error" role="alert">
            <strong>{state.error}</strong>
            <ProblemList problems={state.problems} />
            <p>
              Berkas yang ditolak tercatat di <Link href="/impor/riwayat">Riwayat impor</Link>.
            </p>
          </div>
        )}
      </div>
    </form>
  );
}

interface BoundaryReport {
  features: number;
  inserted: number;
  updated: number;
  repaired: { code: string; reason: string }[];
  createdAncestors: string[];
}

export function BoundaryUpload() {
  return (
    <UploadForm<BoundaryReport>
      endpoint="/api/import/boundaries"
      id="boundary"
      submitLabel="Impor batas wilayah"
      accept=".geojson,.json,.zip,application/geo+json,application/zip"
      report={(r) => (
        <>
          {formatInteger(r.features)} wilayah diimpor: {formatInteger(r.inserted)} baru, {formatInteger(r.updated)}{" "}
          diperbarui.
          {r.repaired.length > 0 && (
            <>
              {" "}
              {formatInteger(r.repaired.length)} geometri diperbaiki ({r.repaired.map((x) => x.code).join(", ")}).
            </>
          )}
          {r.createdAncestors.length > 0 && <> Wilayah induk dibuat: {r.createdAncestors.join(", ")}.</>}
        </>
      )}
    >
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
      <div className="form-row">
        <label>
          <input name="allow_unknown_codes" type="checkbox" value="1" /> Izinkan kode di luar daftar resmi (wilayah
          baru)
        </label>
      </div>
    </UploadForm>
  );
}

interface RowReport {
  batchId: number;
  alreadyImported: boolean;
  rejections: { line: number; reason: string }[];
  rejectionCount: number;
  warnings: string[];
}

/** A row import left rows out: the report is then amber, not green (UploadForm `partial`). */
const leftRowsOut = (report: RowReport) => !report.alreadyImported && report.rejectionCount > 0;

function RejectionSummary({ report }: { report: RowReport }) {
  if (report.rejectionCount === 0) return null;
  return (
    <details open>
      <summary>
        <strong>Sebagian diimpor:</strong> {formatInteger(report.rejectionCount)} baris ditolak, disimpan bersama
        alasannya di <Link href={`/impor/riwayat/${report.batchId}`}>Riwayat impor</Link> untuk diperbaiki
      </summary>
      <ProblemList
        problems={report.rejections.map((r) => `Baris ${formatInteger(r.line)}: ${r.reason}`)}
        total={report.rejectionCount}
      />
    </details>
  );
}

/** A row import's report: "already imported", or the summary line and the rejected rows. */
function BatchReport({ report, children }: { report: RowReport; children: ReactNode }) {
  if (report.alreadyImported)
    return <>Berkas ini sudah pernah diimpor (batch {report.batchId}); tidak ada yang diubah.</>;
  return (
    <>
      Batch {report.batchId}: {children}
      <RejectionSummary report={report} />
    </>
  );
}

/** What the DTKS and recipient importers read: CSV (or tab-separated text) and Excel workbooks. */
const TABLE_FILES = ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The DTKS columns a mapping may point at a file's header, in the order the form lists them. */
const MAPPED_COLUMNS = [
  "id_dtks",
  "nik",
  "nama",
  "desil",
  "kode_kelurahan",
  "no_kk",
  "tgl_lahir",
  "jenis_kelamin",
  "hub_keluarga",
  "alamat",
  "rw",
  "rt",
  "status",
  "alasan_nonaktif",
  "tgl_meninggal",
  "status_verval",
  "tgl_verval",
  "latitude",
  "longitude",
] as const;

type FileColumns = { headers: string[]; automatic: Record<string, string | null> };

/**
 * The column mapping of a DTKS upload: automatic (headers the format knows), a saved mapping, or
 * one set here from the chosen file's own headers, which may be saved under a name for the next
 * file from the same source (and for `npm run import -- dtks … --preset NAME`).
 */
function ColumnMappingFields({ presets, file }: { presets: string[]; file: FileColumns | "reading" | string | null }) {
  const [mode, setMode] = useState("");
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const own = mode === "atur";
  const columns = file && typeof file === "object" ? file : null;
  return (
    <fieldset className="column-mapping">
      <legend>Pemetaan kolom</legend>
      <div className="form-row">
        <label htmlFor="dtks-preset">Kolom berkas</label>
        <select id="dtks-preset" value={mode} onChange={(event) => setMode(event.target.value)}>
          <option value="">Kenali otomatis dari nama kolom</option>
          {presets.map((name) => (
            <option key={name} value={`simpan:${name}`}>
              Pemetaan tersimpan: {name}
            </option>
          ))}
          <option value="atur">Atur sendiri dari kolom berkas …</option>
        </select>
        {mode.startsWith("simpan:") && <input type="hidden" name="preset" value={mode.slice("simpan:".length)} />}
      </div>
      {own && (
        <>
          {!file && <p className="map-status">Pilih berkas dulu; kolomnya akan dibaca di sini.</p>}
          {file === "reading" && (
            <p className="map-status" role="status">
              Membaca kolom berkas …
            </p>
          )}
          {typeof file === "string" && file !== "reading" && <p className="field-error">{file}</p>}
          {columns && (
            <>
              <div className="mapping-grid" data-testid="column-mapping">
                {MAPPED_COLUMNS.map((column) => (
                  <label key={column}>
                    <code>{column}</code>
                    <select
                      aria-label={`Kolom berkas untuk ${column}`}
                      value={chosen[column] ?? columns.automatic[column] ?? ""}
                      onChange={(event) => setChosen({ ...chosen, [column]: event.target.value })}
                    >
                      <option value="">— tidak ada —</option>
                      {columns.headers.map((header) => (
                        <option key={header} value={header}>
                          {header}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
              </div>
              <input type="hidden" name="columns" value={JSON.stringify(mappingOf(columns, chosen))} />
              <div className="form-row">
                <label htmlFor="dtks-save-preset">Simpan pemetaan ini sebagai (opsional)</label>
                <input
                  id="dtks-save-preset"
                  name="save_preset"
                  type="text"
                  maxLength={60}
                  placeholder="mis. DTSEN Kemensos"
                />
              </div>
            </>
          )}
        </>
      )}
    </fieldset>
  );
}

/** Each column's header as chosen, else as read automatically: a saved mapping holds the whole layout. */
function mappingOf(columns: FileColumns, chosen: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    MAPPED_COLUMNS.flatMap((column) => {
      const header = chosen[column] ?? columns.automatic[column];
      return header ? [[column, header]] : [];
    }),
  );
}

type DtksUploadReport = RowReport &
  Pick<
    DtksImportReport,
    | "households"
    | "persons"
    | "newHouseholds"
    | "changedHouseholds"
    | "proposals"
    | "desilList"
    | "pastRelease"
    | "release"
  >;

/** What a row import's form needs of the page: its job to show again after a reload, and the engine. */
interface JobProps {
  resume?: JobView;
  embedded: boolean;
}

export function DtksUpload({ presets, resume, embedded }: { presets: string[] } & JobProps) {
  const [file, setFile] = useState<FileColumns | "reading" | string | null>(null);

  async function readColumns(chosen: File | null) {
    if (!chosen) return setFile(null);
    setFile("reading");
    const data = new FormData();
    data.set("file", chosen);
    const response = await fetch("/api/import/kolom", { method: "POST", body: data }).catch(() => null);
    const body = (await response?.json().catch(() => null)) as (FileColumns & { error?: string }) | null;
    setFile(response?.ok && body ? body : (body?.error ?? "Kolom berkas tidak dapat dibaca."));
  }

  return (
    <UploadForm<DtksUploadReport>
      endpoint="/api/import/dtks"
      resume={resume}
      embedded={embedded}
      partial={leftRowsOut}
      id="dtks"
      submitLabel="Impor DTKS"
      accept={TABLE_FILES}
      onFileChange={(chosen) => void readColumns(chosen)}
      report={(r) => (
        <BatchReport report={r}>
          {r.pastRelease && r.release ? (
            <>
              Rilis lama {r.release.name} ({formatDate(r.release.date)}) dicatat tanpa mengubah register:{" "}
              {formatInteger(r.release.households)} rumah tangga tercatat untuk rilis itu (lihat{" "}
              <a href="/rilis">Rilis DTSEN</a>).
              {r.warnings.length > 0 && ` ${r.warnings.join(" ")}`}
            </>
          ) : r.desilList ? (
            <>
              Daftar desil: {formatInteger(r.households)} rumah tangga dikenali lewat NIK,{" "}
              {formatInteger(r.changedHouseholds)} berubah desil.
            </>
          ) : (
            <>
              {formatInteger(r.households)} rumah tangga ({formatInteger(r.newHouseholds)} baru,{" "}
              {formatInteger(r.changedHouseholds)} berubah), {formatInteger(r.persons)} anggota.
            </>
          )}
          {r.release && !r.pastRelease && (
            <>
              {" "}
              Rilis {r.release.name} ({formatDate(r.release.date)}): {formatInteger(r.release.households)} rumah tangga
              tercatat (lihat <a href="/rilis">Rilis DTSEN</a>).
            </>
          )}
          {r.proposals.tercermin + r.proposals.tidak_tercermin > 0 && (
            <>
              {" "}
              Usulan verval yang sudah diterapkan: {formatInteger(r.proposals.tercermin)} tercermin,{" "}
              {formatInteger(r.proposals.tidak_tercermin)} belum tercermin di berkas ini (lihat{" "}
              <a href="/tugas">Tugas</a>
              ).
            </>
          )}
        </BatchReport>
      )}
    >
      <div className="form-row">
        <label htmlFor="dtks-release">Rilis DTSEN (opsional)</label>
        <input id="dtks-release" name="release" type="text" maxLength={40} placeholder="mis. 2025-Q3" />
      </div>
      <div className="form-row">
        <label htmlFor="dtks-release-date">Tanggal rilis</label>
        <input id="dtks-release-date" name="release_date" type="date" />
      </div>
      <ColumnMappingFields presets={presets} file={file} />
    </UploadForm>
  );
}

export function RecipientUpload({ programs, resume, embedded }: { programs: string[] } & JobProps) {
  return (
    <UploadForm<
      RowReport &
        Pick<
          RecipientImportReport,
          | "receipts"
          | "matchedByNik"
          | "matchedByNoKk"
          | "linkedAutomatically"
          | "waitingReview"
          | "unmatched"
          | "linkageFailed"
        >
    >
      endpoint="/api/import/penerima"
      resume={resume}
      embedded={embedded}
      partial={(r) => leftRowsOut(r) || r.linkageFailed}
      id="penerima"
      submitLabel="Impor daftar penerima"
      accept={TABLE_FILES}
      report={(r) => (
        <BatchReport report={r}>
          {formatInteger(r.receipts)} penerimaan — {formatInteger(r.matchedByNik)} cocok lewat NIK,{" "}
          {formatInteger(r.matchedByNoKk)} lewat No. KK, {formatInteger(r.linkedAutomatically)} tertaut otomatis lewat
          nama dan tanggal lahir, {formatInteger(r.unmatched)} {r.linkageFailed ? "belum cocok" : "tidak ada di DTKS"}.
          {r.waitingReview > 0 && (
            <>
              {" "}
              {formatInteger(r.waitingReview)} penerimaan menunggu keputusan di <a href="/tautan">Tautan data</a>.
            </>
          )}
          {r.linkageFailed && (
            <>
              {" "}
              <strong>
                Daftar sudah tersimpan, tetapi penautan lewat nama dan tanggal lahir gagal di server.
              </strong>{" "}
              Jalankan tautan dari halaman <a href="/tautan">Tautan data</a> untuk menautkan penerimaan tanpa NIK yang
              cocok.
            </>
          )}
        </BatchReport>
      )}
    >
      <div className="form-row">
        <label htmlFor="penerima-program">Program (jika tidak ada kolom program)</label>
        <select id="penerima-program" name="program" defaultValue="">
          <option value="">Dari kolom berkas</option>
          {programs.map((code) => (
            <option key={code} value={code}>
              {code}
            </option>
          ))}
        </select>
      </div>
      <div className="form-row">
        <label htmlFor="penerima-period">Periode (jika tidak ada kolom periode)</label>
        <input id="penerima-period" name="period" type="month" />
      </div>
    </UploadForm>
  );
}

export function DukcapilUpload({ resume, embedded }: JobProps) {
  return (
    <UploadForm<RowReport & { events: number; newEvents: number; matched: number }>
      endpoint="/api/import/dukcapil"
      resume={resume}
      embedded={embedded}
      partial={leftRowsOut}
      id="dukcapil"
      submitLabel="Impor peristiwa Dukcapil"
      accept={TABLE_FILES}
      report={(r) => (
        <BatchReport report={r}>
          {formatInteger(r.events)} peristiwa ({formatInteger(r.newEvents)} baru), {formatInteger(r.matched)} cocok
          dengan penduduk di DTKS. Yang masih tercatat hidup atau tinggal di sini muncul sebagai saran di{" "}
          <a href="/tugas">Tugas</a>.
        </BatchReport>
      )}
    />
  );
}
