import { areaTitle } from "@/lib/areas/browser";
import { formatDecimal, formatInteger } from "@/lib/format";

import type { MapArea } from "../types";

/** The selected area's card, with a link to its page. */
export function AreaInfo({ area, parent }: { area: MapArea; parent: MapArea | undefined }) {
  return (
    <section className="area-info card" aria-labelledby="area-info-title" data-testid="area-info">
      <h3 id="area-info-title" style={{ margin: 0 }}>
        {areaTitle(area)}
      </h3>
      <dl>
        <dt>Kode</dt>
        <dd>{area.code}</dd>
        {parent && (
          <>
            <dt>Kecamatan</dt>
            <dd>{parent.name}</dd>
          </>
        )}
        <dt>Luas</dt>
        <dd>{formatDecimal(area.areaKm2, 2)} km²</dd>
        <dt>{area.level === "kelurahan" ? "Jumlah RT" : "Jumlah kelurahan"}</dt>
        <dd>{formatInteger(area.childCount)}</dd>
      </dl>
      <a href={`/wilayah/${area.code}`}>Buka halaman wilayah →</a>
    </section>
  );
}
