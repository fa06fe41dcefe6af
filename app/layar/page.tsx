import type { Metadata } from "next";
import { pageContext } from "@/lib/access/request";

export const metadata: Metadata = { title: "Layar Komando" };

export default async function CommandScreenPage() {
  await pageContext("/layar", "command_screen");
  return (
    <div className="page">
      <h1>Layar Komando</h1>
      <p className="card">
        Tampilan layar besar untuk ruang Command Center belum tersedia: halaman ini diisi setelah analisis cakupan bantuan
        selesai.
      </p>
    </div>
  );
}
