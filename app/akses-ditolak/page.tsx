import type { Metadata } from "next";
import Link from "next/link";

import { currentActor, landingPath } from "@/lib/access";

export const metadata: Metadata = { title: "Akses ditolak" };

export default async function AccessDeniedPage() {
  const actor = await currentActor();
  const home = actor ? landingPath(actor.role, "/peta") : "/peta";
  return (
    <div className="page">
      <h1>Akses ditolak</h1>
      <p className="card">
        Peran akun Anda tidak berwenang membuka halaman itu. Hubungi admin Dinas Sosial bila Anda memerlukannya.{" "}
        <Link href={home}>{home === "/layar" ? "Kembali ke layar komando" : "Kembali ke peta"}</Link>
      </p>
    </div>
  );
}
