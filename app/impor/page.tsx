import type { Metadata } from "next";
import Link from "next/link";

import { can, pageContext } from "@/lib/access";
import { listPresets } from "@/lib/imports";
import { jobToResume } from "@/lib/jobs";
import { listPrograms } from "@/lib/programs";

import { BoundaryUpload, DtksUpload, DukcapilUpload, RecipientUpload } from "./client";

export const metadata: Metadata = { title: "Impor" };

export default async function ImportPage() {
  const ctx = await pageContext("/impor", "import");
  const [programs, presets] = await Promise.all([listPrograms({ ctx }), listPresets(ctx, "dtks")]);
  const embedded = ctx.engine === "pglite";
  return (
    <div className="page">
      <h1>Impor</h1>
      <p>
        <Link href="/impor/riwayat">Riwayat impor</Link>: setiap berkas yang pernah diimpor, hasilnya, dan baris yang
        ditolak untuk diperbaiki.
      </p>
      <section className="card" aria-labelledby="dtks-title">
        <h2 id="dtks-title" style={{ marginTop: 0 }}>
          Data DTKS
        </h2>
        <p>
          Ekspor SIKS-NG sebagai CSV UTF-8 atau buku kerja Excel (.xlsx, lembar pertama), satu baris per anggota
          keluarga. Baris yang tidak terbaca ditolak dan disimpan bersama alasannya; baris lain tetap masuk. Berkas yang
          sama tidak diimpor dua kali. Beri nama dan tanggal rilis DTSEN (mis. 2025-Q3) agar register per rilis
          tersimpan dan dapat dibandingkan di <a href="/rilis">Rilis DTSEN</a>; rilis yang lebih lama dari rilis
          terakhir dicatat di samping register tanpa mengubahnya. Kolom desil boleh bernama <code>desil</code>,{" "}
          <code>desil_nasional</code> atau <code>peringkat_desil</code>. Berkas yang hanya berisi <code>nik</code>,{" "}
          <code>nama</code> dan <code>desil</code> memperbarui desil rumah tangga yang sudah ada; NIK yang tidak dikenal
          ditolak per baris. Unduh templat DTKS:{" "}
          <a href="/templates/dtks.xlsx" download>
            Excel
          </a>{" "}
          ·{" "}
          <a href="/templates/dtks.csv" download>
            CSV
          </a>
        </p>
        <DtksUpload
          presets={presets.map((preset) => preset.name)}
          resume={jobToResume(ctx.actor.userId, "dtks")}
          embedded={embedded}
        />
      </section>
      <section className="card" aria-labelledby="penerima-title">
        <h2 id="penerima-title" style={{ marginTop: 0 }}>
          Daftar penerima bantuan (BNBA)
        </h2>
        <p>
          CSV UTF-8 atau Excel (.xlsx), satu baris per penerimaan. NIK yang tidak sah tetap dicatat sebagai temuan; yang
          ditolak hanya baris tanpa NIK dan No. KK, tanpa periode yang sah, atau dengan kode kelurahan yang tidak
          dikenal. Program yang dikenal:{" "}
          {programs.map((p) => (p.aliases.length ? `${p.code} (${p.aliases.join(", ")})` : p.code)).join(", ")}. Unduh
          templat penerima:{" "}
          <a href="/templates/penerima.xlsx" download>
            Excel
          </a>{" "}
          ·{" "}
          <a href="/templates/penerima.csv" download>
            CSV
          </a>
        </p>
        <RecipientUpload
          programs={programs.map((p) => p.code)}
          resume={jobToResume(ctx.actor.userId, "penerima")}
          embedded={embedded}
        />
      </section>
      {can(ctx.actor, "verify_proposals") && (
        <section className="card" aria-labelledby="dukcapil-title">
          <h2 id="dukcapil-title" style={{ marginTop: 0 }}>
            Peristiwa kependudukan dari Dukcapil
          </h2>
          <p>
            Daftar kematian dan kepindahan (CSV UTF-8 atau Excel .xlsx) dengan kolom <code>nik</code>, <code>nama</code>
            , <code>peristiwa</code> (meninggal atau pindah), <code>tanggal</code> dan <code>tujuan</code>. Peristiwa
            dicocokkan dengan DTKS lewat NIK dan menjadi saran verval di kelurahan yang bersangkutan; peristiwa yang
            sama tidak dicatat dua kali, dan saran yang sudah diabaikan tidak muncul lagi. Unduh templat:{" "}
            <a href="/templates/dukcapil.xlsx" download>
              Excel
            </a>{" "}
            ·{" "}
            <a href="/templates/dukcapil.csv" download>
              CSV
            </a>
          </p>
          <DukcapilUpload resume={jobToResume(ctx.actor.userId, "dukcapil")} embedded={embedded} />
        </section>
      )}
      <section className="card" aria-labelledby="boundary-title">
        <h2 id="boundary-title" style={{ marginTop: 0 }}>
          Batas wilayah
        </h2>
        <p>
          GeoJSON (koordinat WGS84) atau Shapefile dalam ZIP (.shp, .dbf, .prj). Setiap fitur perlu kode wilayah
          Kemendagri (kolom <code>kode</code>, <code>kode_kel</code>, <code>KODE</code> … atau sebutkan kolomnya). Impor
          ulang memperbarui wilayah dengan kode yang sama dan tidak mengubah wilayah lain. Berkas yang bermasalah
          ditolak utuh, juga berkas dengan kode yang tidak ada di daftar resmi Kemendagri (kecuali diizinkan di bawah)
          atau dengan poligon yang seluruhnya di luar wilayah induknya.
        </p>
        <BoundaryUpload />
      </section>
    </div>
  );
}
