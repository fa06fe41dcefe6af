"use client";

import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useState } from "react";

import type { Outlines } from "@/app/components/map/outlines";
import { formatDateTime, formatInteger, formatPeriod } from "@/lib/format";
import type { CommandScreen, ScreenIndicator, ScreenKelurahan } from "@/lib/screen";
import { SCENE_LABELS, type ScreenScene } from "@/lib/screen/browser";

import { Figure } from "../figure";
import { changeText, countText, rateText } from "./figures";
import { BpsPovertyChart, MonthlyCoverageChart } from "./screen-charts";
import { SCREEN_NO_DATA, SCREEN_RAMPS } from "./screen-style";

// MapLibre needs the browser: it loads on this route only.
const ScreenMap = dynamic(() => import("./screen-map"), { ssr: false });

/** How often the screen asks for fresh figures. An import shows within this delay plus its count. */
export const POLL_MS = 10_000;
/** Alerts listed per scene (fewer beside a ranking); the rest are counted, so the panel never scrolls. */
const ALERTS_SHOWN = { ringkasan: 4, ranking: 3 } as const;

const IMPORT_KIND_LABELS: Record<string, string> = {
  dtks: "DTKS",
  penerima: "Daftar penerima",
  boundaries: "Batas wilayah",
};
const INDICATOR_TITLES: Record<ScreenIndicator, string> = {
  stacked_rate: "Bertumpuk (% penerima)",
  uncovered_rate: "Layak belum menerima (% layak)",
};
const ALERT_LABELS: Record<ScreenIndicator, string> = { stacked_rate: "bertumpuk", uncovered_rate: "belum menerima" };

interface Connection {
  ok: boolean;
  /** When the last answer failed to come, or why. */
  since: string | null;
  reason: string | null;
}

export function CommandScreenView({
  initial,
  demo,
  outlines,
}: {
  initial: CommandScreen;
  demo: boolean;
  outlines: Outlines;
}) {
  const [data, setData] = useState(initial);
  const [connection, setConnection] = useState<Connection>({ ok: true, since: null, reason: null });
  const [sceneIndex, setSceneIndex] = useState(0);
  const [paused, setPaused] = useState(false);
  const scenes = data.scenes;
  const scene: ScreenScene = scenes[sceneIndex % scenes.length]!;

  // Fresh figures on their own; on a failure the last good ones stay, stamped with their time.
  // The next request waits for the last one, so a slow answer never piles requests up.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      try {
        const response = await fetch("/api/layar", { cache: "no-store" });
        if (!response.ok)
          throw new Error(response.status === 401 ? "sesi berakhir, masuk lagi" : `HTTP ${response.status}`);
        const next = (await response.json()) as CommandScreen;
        if (!stopped) {
          setData(next);
          setConnection({ ok: true, since: null, reason: null });
        }
      } catch (error) {
        // fetch rejects with a TypeError when the network or the server is gone.
        const reason = error instanceof TypeError ? "jaringan atau server tidak menjawab" : (error as Error).message;
        if (!stopped) setConnection((c) => ({ ok: false, since: c.since ?? new Date().toISOString(), reason }));
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);

  const step = useCallback(
    (delta: number) => setSceneIndex((i) => (i + delta + scenes.length) % scenes.length),
    [scenes.length],
  );

  useEffect(() => {
    if (paused) return;
    const timer = setInterval(() => step(1), data.interval_s * 1000);
    return () => clearInterval(timer);
  }, [paused, step, data.interval_s, sceneIndex]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === " " || event.key === "p" || event.key === "P") {
        event.preventDefault();
        setPaused((p) => !p);
      } else if (event.key === "ArrowRight" || event.key === "n" || event.key === "N") step(1);
      else if (event.key === "ArrowLeft" || event.key === "b" || event.key === "B") step(-1);
      else if (event.key === "f" || event.key === "F")
        void document.documentElement.requestFullscreen?.().catch(() => undefined);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [step]);

  const mapIndicator =
    scene === "bertumpuk"
      ? "stacked_rate"
      : scene === "belum_menerima"
        ? "uncovered_rate"
        : scene === "kemiskinan"
          ? "poverty_rate"
          : null;
  const values = useMemo(
    () => (mapIndicator ? Object.fromEntries(data.kelurahan.map((k) => [k.code, k[mapIndicator]])) : null),
    [data.kelurahan, mapIndicator],
  );
  const sceneAlerts = useMemo(
    () =>
      data.alerts.filter((a) =>
        scene === "bertumpuk"
          ? a.indicator === "stacked_rate"
          : scene === "belum_menerima"
            ? a.indicator === "uncovered_rate"
            : scene === "ringkasan",
      ),
    [data.alerts, scene],
  );
  const ranked = useMemo(
    () => (scene === "bertumpuk" ? data.top.stacked_rate : scene === "belum_menerima" ? data.top.uncovered_rate : []),
    [data.top, scene],
  );
  const highlighted = useMemo(() => [...new Set(sceneAlerts.map((a) => a.code))], [sceneAlerts]);
  const rankedCodes = useMemo(() => ranked.map((k) => k.code), [ranked]);

  return (
    <div
      className="screen"
      data-testid="screen"
      data-scene={scene}
      data-paused={paused ? "true" : "false"}
      data-as-of={data.as_of}
      data-version={data.data_version}
    >
      <header className="screen-top">
        <div className="screen-brand">
          ◎ Tepat · {data.area.name}
          {demo && <span className="screen-demo">DATA CONTOH</span>}
        </div>
        <h1 className="screen-title">{SCENE_LABELS[scene]}</h1>
        <div className={connection.ok ? "screen-stamp" : "screen-stamp stale"} role="status" data-testid="screen-stamp">
          Data per {formatDateTime(data.as_of)}
          {!connection.ok && (
            <span className="screen-offline">
              Koneksi terputus sejak {formatDateTime(connection.since)} ({connection.reason}) — angka terakhir tetap
              ditampilkan
            </span>
          )}
        </div>
      </header>

      <div className="screen-body">
        <ScreenMap
          outlines={outlines}
          values={values}
          colours={mapIndicator ? SCREEN_RAMPS[mapIndicator] : SCREEN_RAMPS.stacked_rate}
          noDataColour={SCREEN_NO_DATA}
          highlighted={highlighted}
          ranked={rankedCodes}
          legendTitle={
            mapIndicator === "poverty_rate"
              ? "Penduduk miskin DTKS (% penduduk)"
              : mapIndicator
                ? INDICATOR_TITLES[mapIndicator]
                : null
          }
        />
        <section className="screen-panel" aria-live="polite">
          <p className="screen-window">
            Jendela {formatPeriod(data.window.from)} – {formatPeriod(data.window.to)}
          </p>
          {scene === "ringkasan" && <Overview data={data} />}
          {(scene === "bertumpuk" || scene === "belum_menerima") && (
            <Ranking indicator={scene === "bertumpuk" ? "stacked_rate" : "uncovered_rate"} rows={ranked} k={data.k} />
          )}
          {scene === "kemiskinan" && (
            <div className="screen-charts">
              <BpsPovertyChart poverty={data.poverty} />
              <MonthlyCoverageChart months={data.poverty.months} />
              <p className="screen-note">
                Sumber: {data.poverty.bps?.source ?? "–"}. Peta: penduduk miskin menurut DTKS (% penduduk).
              </p>
            </div>
          )}
          {scene === "kesegaran" && <Freshness data={data} />}
          {sceneAlerts.length > 0 && (
            <Alerts
              alerts={sceneAlerts}
              shown={scene === "ringkasan" ? ALERTS_SHOWN.ringkasan : ALERTS_SHOWN.ranking}
            />
          )}
        </section>
      </div>

      <footer className="screen-bottom">
        <ol className="screen-scenes" aria-label="Adegan">
          {scenes.map((s, i) => (
            <li key={s} aria-current={i === sceneIndex % scenes.length ? "step" : undefined}>
              {SCENE_LABELS[s]}
            </li>
          ))}
        </ol>
        <p className="screen-keys">
          {paused ? "Dijeda" : `▶ Berganti tiap ${formatInteger(data.interval_s)} detik`} · Spasi: jeda/lanjut · ← →:
          adegan · F: layar penuh · angka di bawah {formatInteger(data.k)} rumah tangga disamarkan
        </p>
      </footer>
    </div>
  );
}

function Alerts({ alerts, shown }: { alerts: CommandScreen["alerts"]; shown: number }) {
  const limits = [
    ...new Map(alerts.map((a) => [a.indicator, `${ALERT_LABELS[a.indicator]} > ${rateText(a.threshold)}`])).values(),
  ];
  return (
    <div className="screen-alerts" data-testid="screen-alerts">
      <h2>⚠ {formatInteger(alerts.length)} peringatan</h2>
      <p className="screen-alert-limits">di atas batas: {limits.join(" · ")}</p>
      <ul>
        {alerts.slice(0, shown).map((a) => (
          <li key={`${a.indicator}-${a.code}`}>
            <strong>{a.name}</strong> — {ALERT_LABELS[a.indicator]} {rateText(a.value)} ·{" "}
            {changeText(a.value, a.previous)}
          </li>
        ))}
        {alerts.length > shown && <li>dan {formatInteger(alerts.length - shown)} peringatan lain</li>}
      </ul>
    </div>
  );
}

function Overview({ data }: { data: CommandScreen }) {
  const o = data.overview;
  return (
    <dl className="screen-figures">
      <Figure
        label="Rumah tangga di DTKS"
        term="rumah_tangga"
        value={countText(o.households)}
        note={`${countText(o.persons)} jiwa`}
        testId="figure-households"
      />
      <Figure
        label="Menerima bantuan"
        term="menerima"
        value={countText(o.receiving_households)}
        testId="figure-receiving"
      />
      <Figure
        label="Bantuan bertumpuk"
        term="bertumpuk"
        value={countText(o.stacked_households)}
        note={`${rateText(o.stacked_rate)} dari penerima`}
        testId="figure-stacked"
      />
      <Figure
        label="Layak belum menerima"
        term="belum_menerima"
        value={countText(o.uncovered_eligible_households)}
        note={`${rateText(o.uncovered_rate)} dari ${countText(o.eligible_households)} layak`}
        testId="figure-uncovered"
      />
      <Figure
        label="Penerimaan bermasalah"
        term="penerimaan_bermasalah"
        value={countText(o.inclusion_errors)}
        note={`dari ${countText(o.receipts)} penerimaan`}
        testId="figure-errors"
      />
      <Figure
        label="NIK tidak sah di DTKS"
        term="nik_tidak_sah"
        value={countText(o.invalid_nik_persons)}
        note={`${rateText(o.invalid_nik_rate)} anggota`}
        testId="figure-invalid-nik"
      />
    </dl>
  );
}

function Ranking({ indicator, rows, k }: { indicator: ScreenIndicator; rows: ScreenKelurahan[]; k: number }) {
  const count = (row: ScreenKelurahan) =>
    indicator === "stacked_rate" ? row.stacked_households : row.uncovered_eligible_households;
  return (
    <div className="screen-ranking" data-testid="screen-ranking">
      <h2>5 kelurahan tertinggi · {INDICATOR_TITLES[indicator]}</h2>
      <ol>
        {rows.map((row) => (
          <li key={row.code}>
            <span className="screen-rank-name">{row.name}</span>
            <span className="screen-rank-value">{rateText(row[indicator])}</span>
            <span className="screen-rank-count">{countText(count(row))} rumah tangga</span>
          </li>
        ))}
      </ol>
      {rows.length === 0 && (
        <p className="screen-note">
          Tidak ada kelurahan dengan cukup rumah tangga (≥ {formatInteger(k)}) untuk ditampilkan.
        </p>
      )}
    </div>
  );
}

function Freshness({ data }: { data: CommandScreen }) {
  const f = data.freshness;
  return (
    <div className="screen-freshness" data-testid="screen-freshness">
      <h2>Impor terakhir per sumber</h2>
      <table>
        <tbody>
          {f.imports.map((i) => (
            <tr key={`${i.kind}-${i.program ?? ""}`}>
              <th scope="row">
                {IMPORT_KIND_LABELS[i.kind] ?? i.kind}
                {i.kind === "penerima" ? ` ${i.program ?? "(semua program)"}` : ""}
              </th>
              <td>{formatDateTime(i.finished_at)}</td>
              <td>{formatInteger(i.rows)} baris</td>
            </tr>
          ))}
          {f.imports.length === 0 && (
            <tr>
              <td colSpan={3}>Belum ada impor berkas; data berasal dari pemuatan awal.</td>
            </tr>
          )}
        </tbody>
      </table>
      <h2>Periode penerima terakhir</h2>
      <ul className="screen-periods" data-testid="latest-periods">
        {f.latest_periods.map((p) => (
          <li key={p.program} className={p.stale ? "stale" : undefined}>
            {p.program} {formatPeriod(p.period)}
            {p.stale ? " — tertinggal: bulan sesudahnya belum ada data" : ""}
          </li>
        ))}
        {f.latest_periods.length === 0 && <li>–</li>}
      </ul>
      <dl className="screen-figures">
        <Figure
          label="Usulan menunggu verifikasi"
          value={formatInteger(f.pending_proposals)}
          testId="figure-proposals"
        />
        <Figure
          label="Melewati batas waktu"
          value={formatInteger(f.overdue_proposals)}
          testId="figure-proposals-overdue"
        />
      </dl>
      <p className="screen-periods">Data terakhir berubah: {formatDateTime(data.data_changed_at)}</p>
    </div>
  );
}
