import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Tidak ditemukan" };

/**
 * Every 404 of the app: an unknown page, and an area or household that is unknown or outside the
 * account's scope (the two look alike on purpose, so the page says nothing of which it was).
 */
export default function NotFoundPage() {
  return (
    <div className="page">
      <h1>Halaman tidak ditemukan</h1>
      <p className="card">
        Halaman atau data ini tidak ada, atau berada di luar wilayah tugas akun Anda. Periksa alamatnya, atau{" "}
        <Link href="/wilayah">mulai dari wilayah Anda</Link>.
      </p>
    </div>
  );
}
