import type { Metadata } from "next";

import { can, homeAreaOf, pageContext } from "@/lib/access";
import { resolveWindow } from "@/lib/analytics";
import { areaInventory, getArea, homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { basemapInfo } from "@/lib/basemap";
import { locationCounts } from "@/lib/spatial";

import { MapView } from "./client";
import { parseMapSearchParams } from "./search-params";

export const metadata: Metadata = { title: "Peta" };

export default async function MapPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = parseMapSearchParams(await searchParams);
  const ctx = await pageContext("/peta");
  const kabkotaCode = await homeKabkotaCode(ctx);
  // The map opens on the account's own area: the city for the city's staff, a kelurahan for its lurah.
  const [city, areas, locations, window, inventory, basemap] = await Promise.all([
    getArea({ ctx, input: { code: homeAreaOf(ctx.actor) ?? kabkotaCode } }),
    listAreasOfKabkota({ ctx, input: { kabkotaCode, levels: ["kecamatan", "kelurahan"] } }),
    locationCounts({ ctx, input: { kabkotaCode } }),
    resolveWindow({ ctx, input: { kabkotaCode, from: view.from, to: view.to } }),
    areaInventory({ ctx, input: { kabkotaCode } }),
    basemapInfo(ctx),
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
      homeLevel={city.area.level}
      demoData={inventory.hasDemoData}
      basemap={
        basemap && {
          sha256: basemap.sha256,
          bounds: basemap.bounds,
          minZoom: basemap.minZoom,
          maxZoom: basemap.maxZoom,
        }
      }
      areas={areas.map(({ code, name, level, parentCode, areaKm2, childCount }) => ({
        code,
        name,
        level,
        parentCode,
        areaKm2,
        childCount,
      }))}
      selectedCode={view.wilayah ?? null}
      indicator={view.indikator}
      classMethod={view.kelas}
      window={window}
      locations={locations}
      proposals={can(ctx.actor, "household_points") && can(ctx.actor, "person_details")}
    />
  );
}
