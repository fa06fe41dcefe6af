import type { Metadata } from "next";

export const metadata: Metadata = { title: "Cari" };

export default function SearchPage() {
  return (
    <div className="page">
      <h1>Cari</h1>
      <p className="card">
        Pencarian rumah tangga dan anggota DTKS menurut NIK atau nama (tahan salah ketik) belum tersedia: halaman ini
        diisi setelah data DTKS dapat diimpor.
      </p>
    </div>
  );
}
