import type { Metadata } from "next";

import { homeAreaOf, pageContext } from "@/lib/access";
import { homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { ID_SEARCHES_PER_HOUR, SEARCH_LIMIT } from "@/lib/search";

import { SearchForm } from "./client";

export const metadata: Metadata = { title: "Cari" };

export default async function SearchPage() {
  const ctx = await pageContext("/cari", "person_details");
  const kabkotaCode = await homeKabkotaCode(ctx);
  const areas = await listAreasOfKabkota({ ctx, input: { kabkotaCode, levels: ["kecamatan", "kelurahan"] } });

  return (
    <div className="page">
      <h1>Cari anggota DTKS</h1>
      <SearchForm
        areas={areas.map((a) => ({
          code: a.code,
          label: a.level === "kecamatan" ? `Kec. ${a.name}` : `\u00a0\u00a0${a.name}`,
        }))}
        allAreasLabel={homeAreaOf(ctx.actor) ? "Semua wilayah saya" : "Seluruh kota"}
        limit={SEARCH_LIMIT}
      />
      <p className="map-status">
        Nama boleh salah ketik. NIK dan No. KK dicari utuh (16 angka), paling banyak {ID_SEARCHES_PER_HOUR} kali per
        jam. Setiap pencarian tercatat di log audit; NIK ditampilkan tersamar.
      </p>
    </div>
  );
}
