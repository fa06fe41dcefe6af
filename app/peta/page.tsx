import type { Metadata } from "next";
import { getArea, homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { processContext } from "@/lib/context";
import { MapView } from "./client";
import { parseMapSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Peta" };

export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { wilayah } = parseMapSearchParams(await searchParams);
  const ctx = await processContext();
  const kabkotaCode = await homeKabkotaCode(ctx);
  const [city, areas] = await Promise.all([
    getArea({ ctx, input: { code: kabkotaCode } }),
    listAreasOfKabkota({ ctx, input: { kabkotaCode, levels: ["kecamatan", "kelurahan"] } }),
  ]);
  const kelurahan = areas.filter((area) => area.level === "kelurahan");

  if (!city || kelurahan.length === 0) {
    return (
      <div className="page">
        <h1>Peta</h1>
        <p className="card">
          Belum ada batas wilayah untuk kode {kabkotaCode}. Muat data contoh dengan <code>npm run seed</code> atau impor
          batas kelurahan di halaman <a href="/impor">Impor</a>.
        </p>
      </div>
    );
  }

  return (
    <MapView
      kabkotaCode={kabkotaCode}
      cityName={city.area.name}
      cityBbox={city.area.bbox}
      areas={areas.map(({ code, name, level, parentCode, areaKm2, childCount }) => ({
        code,
        name,
        level,
        parentCode,
        areaKm2,
        childCount,
      }))}
      selectedCode={wilayah ?? null}
    />
  );
}
