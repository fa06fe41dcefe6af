import type { Metadata } from "next";
import { BoundaryUpload } from "./client";

export const metadata: Metadata = { title: "Impor" };

export default function ImportPage() {
  return (
    <div className="page">
      <h1>Impor</h1>
      <section className="card" aria-labelledby="boundary-title">
        <h2 id="boundary-title" style={{ marginTop: 0 }}>Batas wilayah</h2>
        <p>
          GeoJSON (koordinat WGS84) atau Shapefile dalam ZIP (.shp, .dbf, .prj). Setiap fitur perlu kode wilayah Kemendagri
          (kolom <code>kode</code>, <code>kode_kel</code>, <code>KODE</code> … atau sebutkan kolomnya). Impor ulang
          memperbarui wilayah dengan kode yang sama dan tidak mengubah wilayah lain. Berkas yang bermasalah ditolak utuh.
        </p>
        <BoundaryUpload />
      </section>
      <section className="card">
        <h2 style={{ marginTop: 0 }}>Data DTKS dan daftar penerima bantuan</h2>
        <p>Impor ekspor SIKS-NG dan daftar penerima (BNBA) belum tersedia di halaman ini.</p>
      </section>
    </div>
  );
}
