/**
 * What a page shows while its figures stream in: a window nobody asked for before is counted from
 * every receipt of its months first (seconds at a city's size), then kept for everyone.
 */
export function WindowComputing({ window }: { window: { from?: string; to?: string } }) {
  const which = window.from || window.to ? `jendela ${window.from ?? "…"} s.d. ${window.to ?? "…"}` : "jendela bawaan";
  return (
    <p className="notice-busy" role="status" aria-live="polite">
      {`Menghitung angka ${which} … Jendela yang belum pernah diminta dihitung dari semua penerimaan dan memerlukan beberapa detik; sesudahnya tersimpan dan tampil seketika.`}
    </p>
  );
}
