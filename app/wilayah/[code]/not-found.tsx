import Link from "next/link";

export default function AreaNotFound() {
  return (
    <div className="page">
      <h1>Wilayah tidak ditemukan</h1>
      <p>
        Kode wilayah itu tidak ada di basis data. <Link href="/wilayah">Kembali ke daftar wilayah</Link>.
      </p>
    </div>
  );
}
