import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Akses ditolak" };

export default function AccessDeniedPage() {
  return (
    <div className="page">
      <h1>Akses ditolak</h1>
      <p className="card">
        Peran akun Anda tidak berwenang membuka halaman itu. Hubungi admin Dinas Sosial bila Anda memerlukannya.{" "}
        <Link href="/peta">Kembali ke peta</Link>
      </p>
    </div>
  );
}
