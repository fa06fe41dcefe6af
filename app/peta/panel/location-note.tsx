import { formatInteger } from "@/lib/format";
import type { LocationCounts } from "@/lib/spatial";

/** How many households the map cannot place, or places elsewhere than declared. */
export function LocationNote({ locations }: { locations: LocationCounts }) {
  return (
    <p className="map-status" data-testid="without-location">
      {formatInteger(locations.withoutGeotag)} dari {formatInteger(locations.households)} rumah tangga tanpa lokasi
      (dihitung di wilayah yang dinyatakan);{" "}
      {formatInteger(locations.mismatched + locations.outsideAreas + locations.outsideKabkota)} dengan lokasi tidak
      sesuai
      {locations.outsideKabkota > 0 && (
        <>, {formatInteger(locations.outsideKabkota)} di antaranya di luar kota (dihitung di wilayah yang dinyatakan)</>
      )}
      .
    </p>
  );
}
