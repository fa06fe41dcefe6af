import { HOUSEHOLD_CLASS_STYLE, RT_MIN_ZOOM, TILE_SOURCES } from "../map-style";

/** The household classes' colours, from the zoom at which the points show. */
export function HouseholdLegend({ zoom }: { zoom: number }) {
  if (zoom < TILE_SOURCES.households.minzoom) return null;
  return (
    <ul className="legend" aria-label="Rumah tangga">
      {zoom < RT_MIN_ZOOM + 1 && (
        <li className="map-status">
          Sebelum zoom 15 tiap lingkaran adalah kelompok rumah tangga; warnanya kelas paling mendesak di dalamnya.
        </li>
      )}
      {HOUSEHOLD_CLASS_STYLE.map((c) => (
        <li key={c.kelas}>
          <span className="swatch round" style={{ background: c.colour }} /> {c.label}
        </li>
      ))}
    </ul>
  );
}
