import { HOUSEHOLD_CLASS_STYLE, type MapDetail } from "../map-style";

/** The household classes' colours, from the zoom at which the households show. */
export function HouseholdLegend({ zoom, detail }: { zoom: number; detail: MapDetail }) {
  if (zoom < detail.householdMinZoom) return null;
  return (
    <ul className="legend" aria-label="Rumah tangga">
      <li className="map-status">
        Lingkaran berangka adalah kelompok rumah tangga: angkanya jumlah rumah tangga, cincinnya bagian tiap kelas.
        Ketuk untuk memperbesar; ketuk titik rumah tangga atau RT untuk kartunya.
      </li>
      {HOUSEHOLD_CLASS_STYLE.map((c) => (
        <li key={c.kelas}>
          <span className="swatch round" style={{ background: c.colour }} /> {c.label}
        </li>
      ))}
    </ul>
  );
}
