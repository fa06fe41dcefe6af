/**
 * Column names of the import formats (DTKS, recipient lists, Dukcapil events), and the variants real exports use. Headers match
 * case-insensitively, with spaces, dots, dashes and underscores treated alike.
 */
export const DTKS_COLUMNS = {
  id_dtks: ["id dtks", "iddtks", "id keluarga", "idkeluarga", "id_keluarga_dtks"],
  no_kk: ["nokk", "no kk", "nomor kk", "nomor kartu keluarga", "kk"],
  nik: ["no nik", "nomor nik", "noktp", "no ktp"],
  nama: ["nama lengkap", "nama art"],
  tgl_lahir: ["tgl lahir", "tanggal lahir", "tgllahir"],
  jenis_kelamin: ["jenis kelamin", "jk", "kelamin", "sex"],
  hub_keluarga: ["hub keluarga", "hubungan keluarga", "hubungan dengan kepala keluarga", "hub krt", "shdk"],
  alamat: ["alamat lengkap"],
  kode_kelurahan: ["kode wilayah", "kode desa", "kode kel", "kodewilayah", "kode desa kelurahan"],
  rw: ["no rw"],
  rt: ["no rt"],
  desil: ["desil nasional", "peringkat desil", "desil kesejahteraan"],
  status: ["status dtks", "status keaktifan", "keterangan aktif"],
  alasan_nonaktif: ["alasan nonaktif", "alasan non aktif", "keterangan nonaktif", "alasan"],
  tgl_meninggal: ["tgl meninggal", "tanggal meninggal", "tanggal kematian"],
  status_verval: ["status verval", "hasil verval", "verval"],
  tgl_verval: ["tgl verval", "tanggal verval"],
  latitude: ["lat", "lintang"],
  longitude: ["lon", "lng", "long", "bujur"],
} as const;

export const RECIPIENT_COLUMNS = {
  nik: ["no nik", "nomor nik", "nik penerima", "nik kpm"],
  no_kk: ["nokk", "no kk", "nomor kk", "kk"],
  nama: ["nama penerima", "nama kpm", "nama lengkap"],
  program: ["jenis bantuan", "bansos"],
  periode: ["bulan", "periode penyaluran", "tahap"],
  nominal: ["nilai", "jumlah", "nilai bantuan", "jumlah bantuan"],
  kode_kelurahan: ["kode wilayah", "kode desa", "kode kel", "kodewilayah"],
  // Optional: where a list gives them, record linkage tells namesakes apart by them.
  tgl_lahir: ["tgl lahir", "tanggal lahir", "tgllahir"],
  rt: ["no rt"],
} as const;

/** A Dukcapil event list: who died or moved away, and when (and where to). */
export const DUKCAPIL_COLUMNS = {
  nik: ["no nik", "nomor nik", "nik penduduk"],
  nama: ["nama lengkap", "nama penduduk"],
  peristiwa: ["jenis peristiwa", "kejadian", "jenis kejadian", "peristiwa kependudukan"],
  tanggal: ["tgl", "tanggal peristiwa", "tgl peristiwa", "tanggal kejadian", "tgl kejadian"],
  tujuan: ["alamat tujuan", "tujuan pindah", "daerah tujuan"],
} as const;

export type DtksColumn = keyof typeof DTKS_COLUMNS;
export type RecipientColumn = keyof typeof RECIPIENT_COLUMNS;
export type DukcapilColumn = keyof typeof DUKCAPIL_COLUMNS;

export function normalizeHeader(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[\s._\-/]+/g, " ")
    .trim();
}

export interface HeaderMapping<C extends string> {
  /** Canonical column → index in the file's header row. */
  columns: Partial<Record<C, number>>;
  /** Headers of the file that map to no column (kept in the raw row, not an error). */
  unknown: string[];
  /** Canonical columns named twice in the file. */
  duplicated: C[];
}

/** Maps a header row onto a format's canonical columns. */
export function mapHeaders<C extends string>(
  headers: readonly string[],
  format: Record<C, readonly string[]>,
): HeaderMapping<C> {
  const lookup = new Map<string, C>();
  for (const [canonical, variants] of Object.entries(format) as Array<[C, readonly string[]]>) {
    lookup.set(normalizeHeader(canonical), canonical);
    for (const variant of variants) lookup.set(normalizeHeader(variant), canonical);
  }
  const columns: Partial<Record<C, number>> = {};
  const unknown: string[] = [];
  const duplicated: C[] = [];
  headers.forEach((header, index) => {
    const canonical = lookup.get(normalizeHeader(header));
    if (!canonical) {
      if (header.trim()) unknown.push(header);
      return;
    }
    if (columns[canonical] !== undefined) duplicated.push(canonical);
    else columns[canonical] = index;
  });
  return { columns, unknown, duplicated };
}
