import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";

import { can, pageContext } from "@/lib/access";
import { formatDate, formatDateTime, formatDecimal, formatInteger } from "@/lib/format";
import { jobToResume } from "@/lib/jobs";
import { linkageQueue, linkThresholds, type LinkedRecord } from "@/lib/linkage";

import { DecidePair, RunLinkage } from "./decide";

export const metadata: Metadata = { title: "Tautan data" };

const searchParams = z.object({
  jenis: z.enum(["penerima", "ganda"]).catch("penerima"),
  q: z.string().trim().max(100).optional().catch(undefined),
});

/** One side of a pair, as rows of a small table the two sides share. */
function RecordColumn({ record }: { record: LinkedRecord }) {
  return (
    <dl className="pair-record">
      <dt>Nama</dt>
      <dd>{record.name ?? "–"}</dd>
      <dt>NIK</dt>
      <dd className="mono">{record.nik ?? "kosong"}</dd>
      <dt>No. KK</dt>
      <dd className="mono">{record.no_kk ?? "kosong"}</dd>
      <dt>Tanggal lahir</dt>
      <dd>{record.birth_date ? formatDate(record.birth_date) : "tidak ada"}</dd>
      <dt>Kelurahan, RT</dt>
      <dd>
        {record.kelurahan_name ?? record.kelurahan_code ?? "–"}
        {record.rt ? `, RT ${record.rt}` : ""}
      </dd>
      {record.household_id !== null && (
        <>
          <dt>Rumah tangga</dt>
          <dd>
            <Link href={`/rumah-tangga/${record.household_id}`}>{record.dtks_id}</Link>
            {record.address ? ` · ${record.address}` : ""}
          </dd>
        </>
      )}
      <dt>Program</dt>
      <dd>{record.programs.length ? record.programs.join(", ") : "belum menerima"}</dd>
    </dl>
  );
}

export default async function LinkagePage({ searchParams: raw }: { searchParams: Promise<Record<string, string>> }) {
  const ctx = await pageContext("/tautan", "link_records");
  const { jenis, q } = searchParams.parse(await raw);
  const [queue, thresholds] = await Promise.all([
    linkageQueue({ ctx, input: { kind: jenis, limit: 25, q: q || undefined } }),
    linkThresholds(ctx),
  ]);
  const receipts = jenis === "penerima";
  return (
    <div className="page">
      <h1>Tautan data</h1>
      <p className="lead">
        Penerima dari daftar bantuan yang NIK-nya kosong, salah atau tidak ditemukan dicari di DTKS menurut nama,
        tanggal lahir, No. KK dan tempat. Pasangan yang cukup mirip tetapi belum pasti menunggu keputusan Anda;
        keputusan disimpan, sehingga pasangan yang sama tidak ditanyakan lagi setelah impor ulang.
      </p>
      <p>
        Tautan otomatis pada skor ≥ {formatDecimal(thresholds.automatic, 2)}; antrean periksa pada skor ≥{" "}
        {formatDecimal(thresholds.review, 2)}
        {can(ctx.actor, "manage_rules") && (
          <>
            {" "}
            (<Link href="/admin/aturan">ubah ambang</Link>)
          </>
        )}
        .
      </p>
      {can(ctx.actor, "import") && (
        <RunLinkage resume={jobToResume(ctx.actor.userId, "tautan")} embedded={ctx.engine === "pglite"} />
      )}
      <nav className="list-links" aria-label="Jenis pasangan">
        <Link href="/tautan?jenis=penerima" aria-current={receipts ? "page" : undefined}>
          Penerima ↔ DTKS ({formatInteger(queue.counts.penerima)})
        </Link>
        <Link href="/tautan?jenis=ganda" aria-current={receipts ? undefined : "page"}>
          Orang ganda di DTKS ({formatInteger(queue.counts.ganda)})
        </Link>
      </nav>
      <form method="get" action="/tautan" className="window-form" role="search">
        <input type="hidden" name="jenis" value={jenis} />
        <label>
          Cari nama
          <input name="q" defaultValue={q ?? ""} maxLength={100} placeholder="mis. Siti Aminah" />
        </label>
        <button type="submit" className="button">
          Cari
        </button>
      </form>
      {queue.pairs.length === 0 && (
        <p className="map-status">Tidak ada pasangan yang menunggu keputusan di wilayah Anda.</p>
      )}
      <ol className="task-list" data-testid="linkage-queue">
        {queue.pairs.map((pair) => (
          <li key={pair.fingerprint} className="card pair-card" data-testid="linkage-pair">
            <p className="task-meta">
              Skor {formatDecimal(pair.score, 2)}
              {receipts && ` · ${formatInteger(pair.receipts)} penerimaan`} · ditemukan {formatDateTime(pair.found_at)}
            </p>
            <div className="pair-sides">
              <section>
                <h2 className="side-title">{receipts ? "Di daftar penerima" : "Orang pertama"}</h2>
                <RecordColumn record={pair.left} />
              </section>
              <section>
                <h2 className="side-title">{receipts ? "Di DTKS" : "Orang kedua"}</h2>
                <RecordColumn record={pair.right} />
              </section>
            </div>
            <DecidePair fingerprint={pair.fingerprint} kind={pair.kind} />
          </li>
        ))}
      </ol>
    </div>
  );
}
