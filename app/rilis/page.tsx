import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";

import { can, homeAreaOf, pageContext } from "@/lib/access";
import { areaCodeParam } from "@/lib/area-codes";
import { areaTitle, homeKabkotaCode } from "@/lib/areas";
import { formatDate, formatInteger, formatPeriod } from "@/lib/format";
import {
  heldReleases,
  RELEASE_LISTS,
  releaseHouseholds,
  releaseTransitions,
  type DesilKey,
  type ReleaseList,
  type ReleaseTransitions,
} from "@/lib/releases";

import { ReleaseChangeMap } from "./change-map";

export const metadata: Metadata = { title: "Rilis DTSEN" };

const searchParams = z.object({
  wilayah: areaCodeParam.optional().catch(undefined),
  dari: z.string().trim().max(40).optional().catch(undefined),
  ke: z.string().trim().max(40).optional().catch(undefined),
  daftar: z.enum(RELEASE_LISTS).catch("dicabut_masih_dibayar"),
  halaman: z.coerce.number().int().min(1).catch(1),
});

const LIST_LABELS: Record<ReleaseList, string> = {
  dicabut_masih_dibayar: "Kehilangan kelayakan, masih dibayar",
  layak_belum_menerima: "Menjadi layak, belum menerima",
};

const DESILS = Array.from({ length: 10 }, (_, i) => `${i + 1}` as DesilKey);
const FROM_KEYS: DesilKey[] = [...DESILS, "tanpa", "masuk"];
const TO_KEYS: DesilKey[] = [...DESILS, "tanpa", "keluar"];
const KEY_LABELS: Partial<Record<DesilKey, string>> = { tanpa: "Tanpa desil", masuk: "Masuk", keluar: "Keluar" };
const keyLabel = (key: DesilKey) => KEY_LABELS[key] ?? `Desil ${key}`;

/** A figure that needs the lists after the later release: a dash while there are none. */
const countOrDash = (value: number | null) => (value === null ? "–" : formatInteger(value));

/** Column heads of figures, right-aligned as their cells. */
function NumberHeads({ labels }: { labels: string[] }) {
  return labels.map((label) => (
    <th key={label} scope="col" className="num">
      {label}
    </th>
  ));
}

/** The desil matrix as a heat table: each cell shaded by its share of its row (the earlier release's desil). */
function DesilMatrix({ matrix }: { matrix: ReleaseTransitions["matrix"] }) {
  const cell = new Map(matrix.map((c) => [`${c.from}>${c.to}`, c.households]));
  const rowTotal = (from: DesilKey) => TO_KEYS.reduce((sum, to) => sum + (cell.get(`${from}>${to}`) ?? 0), 0);
  return (
    <div className="table-wrap">
      <table className="data heat-table" data-testid="desil-matrix">
        <caption>Dari rilis awal (baris) ke rilis akhir (kolom), jumlah rumah tangga</caption>
        <thead>
          <tr>
            <th scope="col">Awal \ Akhir</th>
            {TO_KEYS.map((to) => (
              <th key={to} scope="col" className="num">
                {keyLabel(to)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {FROM_KEYS.map((from) => {
            const total = rowTotal(from);
            return (
              <tr key={from}>
                <th scope="row">{keyLabel(from)}</th>
                {TO_KEYS.map((to) => {
                  const households = cell.get(`${from}>${to}`) ?? 0;
                  const share = total ? households / total : 0;
                  return (
                    <td
                      key={to}
                      className={`num${from === to ? " heat-same" : ""}`}
                      style={
                        households ? { background: `rgba(179, 92, 0, ${(0.08 + 0.72 * share).toFixed(2)})` } : undefined
                      }
                      data-from={from}
                      data-to={to}
                    >
                      {households ? formatInteger(households) : ""}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default async function ReleasePage({ searchParams: raw }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await pageContext("/rilis");
  const query = searchParams.parse(await raw);
  const kabkota = await homeKabkotaCode(ctx);
  const releases = await heldReleases(ctx, kabkota);
  const code = query.wilayah ?? homeAreaOf(ctx.actor) ?? kabkota;
  const to = releases.find((r) => r.name === query.ke) ?? releases.at(-1);
  const from = releases.find((r) => r.name === query.dari) ?? releases.filter((r) => r !== to).at(-1);
  const importer = can(ctx.actor, "import");
  if (!from || !to) {
    return (
      <div className="page">
        <h1>Rilis DTSEN</h1>
        <p data-testid="no-releases">
          Perbandingan perlu paling sedikit dua rilis DTSEN; yang tersimpan {formatInteger(releases.length)}.{" "}
          {importer ? (
            <>
              Impor berkas DTKS/DTSEN dengan nama dan tanggal rilis di <Link href="/impor">Impor</Link>.
            </>
          ) : (
            "Dinas Sosial mengimpor rilis dengan nama dan tanggal rilisnya."
          )}
        </p>
      </div>
    );
  }
  const input = { code, from: from.name, to: to.name };
  const [result, list] = await Promise.all([
    releaseTransitions({ ctx, input }),
    releaseHouseholds({ ctx, input: { ...input, list: query.daftar, page: query.halaman } }),
  ]);
  if (!result || !list) {
    return (
      <div className="page">
        <h1>Rilis DTSEN</h1>
        <p>Wilayah tidak ditemukan atau di luar wilayah Anda.</p>
      </div>
    );
  }
  const href = (changes: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams({ wilayah: code, dari: from.name, ke: to.name, daftar: query.daftar });
    for (const [key, value] of Object.entries(changes))
      if (value === undefined) params.delete(key);
      else params.set(key, String(value));
    return `/rilis?${params}`;
  };
  const { households, eligible } = result;
  const pages = Math.max(1, Math.ceil(list.total / list.page_size));
  return (
    <div className="page">
      <h1>Rilis DTSEN: {areaTitle(result)}</h1>
      <form method="get" className="filter-row" aria-label="Pilih rilis">
        <input type="hidden" name="wilayah" value={code} />
        <label>
          Rilis awal
          <select name="dari" defaultValue={from.name}>
            {releases.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name} ({formatDate(r.release_date)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Rilis akhir
          <select name="ke" defaultValue={to.name}>
            {releases.map((r) => (
              <option key={r.name} value={r.name}>
                {r.name} ({formatDate(r.release_date)})
              </option>
            ))}
          </select>
        </label>
        <button className="button" type="submit">
          Bandingkan
        </button>
      </form>
      <p className="map-status">
        Kelayakan dihitung dengan aturan yang berlaku sekarang untuk kedua rilis (aktif, terverifikasi, desil sampai
        batas layak kota; per program menurut batas desil program), supaya yang dibandingkan hanya perubahan rumah
        tangganya.{" "}
        {result.window_after
          ? `Pembayaran sesudah rilis ${to.name} dibaca dari ${formatPeriod(result.window_after.from)} sampai ${formatPeriod(result.window_after.to)}.`
          : `Belum ada daftar penerima sesudah rilis ${to.name}; yang masih dibayar dan yang belum menerima belum dapat dihitung.`}
      </p>

      <section className="card" aria-labelledby="release-figures">
        <h2 id="release-figures">
          {from.name} → {to.name}
        </h2>
        <dl className="figures" data-testid="release-figures">
          <div>
            <dt>Rumah tangga di rilis awal / akhir</dt>
            <dd>
              {formatInteger(households.from)} / {formatInteger(households.to)}
            </dd>
          </div>
          <div>
            <dt>Masuk / keluar</dt>
            <dd>
              {formatInteger(households.masuk)} / {formatInteger(households.keluar)}
            </dd>
          </div>
          <div>
            <dt>Desil naik / turun / tetap</dt>
            <dd>
              {formatInteger(households.naik)} / {formatInteger(households.turun)} / {formatInteger(households.tetap)}
            </dd>
          </div>
          <div>
            <dt>Layak di rilis awal / akhir</dt>
            <dd>
              {formatInteger(eligible.from)} / {formatInteger(eligible.to)}
            </dd>
          </div>
          <div>
            <dt>Menjadi layak</dt>
            <dd data-testid="gained">{formatInteger(eligible.gained)}</dd>
          </div>
          <div>
            <dt>Kehilangan kelayakan</dt>
            <dd data-testid="lost">{formatInteger(eligible.lost)}</dd>
          </div>
          <div>
            <dt>Kehilangan kelayakan program, masih dibayar</dt>
            <dd data-testid="lost-still-paid">{countOrDash(eligible.lost_still_paid)}</dd>
          </div>
          <div>
            <dt>Menjadi layak, belum menerima</dt>
            <dd data-testid="gained-unreached">{countOrDash(eligible.gained_unreached)}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="matrix-title">
        <h2 id="matrix-title">Perpindahan desil</h2>
        <DesilMatrix matrix={result.matrix} />
      </section>

      {result.programs.length > 0 && (
        <section className="card" aria-labelledby="programs-title">
          <h2 id="programs-title">Per program (menurut batas desilnya)</h2>
          <div className="table-wrap">
            <table className="data" data-testid="release-programs">
              <thead>
                <tr>
                  <th scope="col">Program</th>
                  <NumberHeads
                    labels={[
                      "Batas desil",
                      "Menjadi layak",
                      "Kehilangan kelayakan",
                      "… masih dibayar",
                      "Layak, belum menerima program ini",
                    ]}
                  />
                </tr>
              </thead>
              <tbody>
                {result.programs.map((p) => (
                  <tr key={p.code}>
                    <th scope="row">
                      {p.code} <span className="map-status">{p.name}</span>
                    </th>
                    <td className="num">≤ {p.max_desil}</td>
                    <td className="num">{formatInteger(p.gained)}</td>
                    <td className="num">{formatInteger(p.lost)}</td>
                    <td className="num">{countOrDash(p.lost_still_paid)}</td>
                    <td className="num">{countOrDash(p.gained_unreached)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section className="card" aria-labelledby="areas-title">
        <h2 id="areas-title">Per wilayah</h2>
        {(result.level === "kabkota" || result.level === "kecamatan") && (
          <ReleaseChangeMap
            kabkota={result.kabkota_code}
            level={result.level === "kabkota" ? "kecamatan" : "kelurahan"}
            areas={result.areas}
          />
        )}
        <div className="table-wrap">
          <table className="data" data-testid="release-areas">
            <thead>
              <tr>
                <th scope="col">Wilayah</th>
                <NumberHeads labels={["Menjadi layak", "Kehilangan kelayakan", "Masih dibayar", "Belum menerima"]} />
              </tr>
            </thead>
            <tbody>
              {result.areas.map((a) => (
                <tr key={a.code ?? "-"}>
                  <th scope="row">
                    {a.code && result.level !== "kelurahan" ? (
                      <Link href={href({ wilayah: a.code, halaman: undefined })}>{a.name}</Link>
                    ) : (
                      a.name
                    )}
                  </th>
                  <td className="num">{formatInteger(a.gained)}</td>
                  <td className="num">{formatInteger(a.lost)}</td>
                  <td className="num">{countOrDash(a.lost_still_paid)}</td>
                  <td className="num">{countOrDash(a.gained_unreached)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="card" aria-labelledby="lists-title">
        <h2 id="lists-title">Rumah tangga yang perlu ditindaklanjuti</h2>
        <nav className="tabs" aria-label="Daftar">
          {RELEASE_LISTS.map((key) => (
            <Link
              key={key}
              href={href({ daftar: key, halaman: undefined })}
              aria-current={key === query.daftar ? "page" : undefined}
            >
              {LIST_LABELS[key]}
            </Link>
          ))}
        </nav>
        <p className="map-status">
          {query.daftar === "dicabut_masih_dibayar"
            ? "Dibayar sesudah rilis akhir oleh program yang batas desilnya tidak lagi dipenuhi: tangguhkan atau periksa di lapangan."
            : "Layak menurut rilis akhir, tidak layak (atau belum terdaftar) di rilis awal, dan belum menerima apa pun sesudahnya: jangkau."}{" "}
          {formatInteger(list.total)} rumah tangga.
        </p>
        {list.households.length > 0 && (
          <div className="table-wrap">
            <table className="data" data-testid="release-list">
              <thead>
                <tr>
                  <th scope="col">ID DTKS</th>
                  <th scope="col">Kelurahan / RT</th>
                  <th scope="col" className="num">
                    Desil awal → akhir
                  </th>
                  <th scope="col">Program sesudah rilis</th>
                </tr>
              </thead>
              <tbody>
                {list.households.map((h) => (
                  <tr key={h.id}>
                    <td>
                      <Link href={`/rumah-tangga/${h.id}`}>{h.dtks_id}</Link>
                    </td>
                    <td>{h.rt_code ?? h.kelurahan_code ?? "–"}</td>
                    <td className="num">
                      {h.in_from ? (h.desil_from ?? "–") : "masuk"} → {h.in_to ? (h.desil_to ?? "–") : "keluar"}
                    </td>
                    <td>{h.programs.length ? h.programs.join(", ") : "belum menerima"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {pages > 1 && (
          <p>
            Halaman {formatInteger(list.page)} dari {formatInteger(pages)}{" "}
            {list.page > 1 && <Link href={href({ halaman: list.page - 1 })}>« sebelumnya</Link>}{" "}
            {list.page < pages && <Link href={href({ halaman: list.page + 1 })}>berikutnya »</Link>}
          </p>
        )}
      </section>
    </div>
  );
}
