import type { Metadata } from "next";

import { pageContext } from "@/lib/access";
import { areaInventory, boundaryFeatures, homeKabkotaCode } from "@/lib/areas";
import { commandScreen } from "@/lib/screen";

import { CommandScreenView } from "./client";

export const metadata: Metadata = { title: "Layar Komando" };

export default async function CommandScreenPage() {
  const ctx = await pageContext("/layar", "command_screen");
  const kabkotaCode = await homeKabkotaCode(ctx);
  // The outlines travel with the page: the wall screen's account may call no API but /api/layar.
  const [screen, inventory, outlines] = await Promise.all([
    commandScreen({ ctx }),
    areaInventory({ ctx, input: { kabkotaCode } }),
    boundaryFeatures({ ctx, input: { kabkotaCode, level: "kelurahan" } }),
  ]);
  if (!screen) {
    return (
      <div className="page">
        <h1>Layar Komando</h1>
        <p className="card">
          Belum ada batas wilayah dan data untuk ditampilkan. Muat data contoh atau impor data di halaman Impor.
        </p>
      </div>
    );
  }
  return <CommandScreenView initial={screen} demo={inventory.hasDemoData} outlines={outlines} />;
}
