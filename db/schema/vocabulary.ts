/**
 * Domain vocabularies shared by the schema (as PostgreSQL enums) and by lib/ (parsers, UI labels).
 * The values are the words the data and the people use, so they stay in Bahasa Indonesia.
 */
export const AREA_LEVELS = ["provinsi", "kabkota", "kecamatan", "kelurahan", "rt"] as const;
export type AreaLevel = (typeof AREA_LEVELS)[number];

export const DESIL = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type Desil = (typeof DESIL)[number];

export const HOUSEHOLD_STATUSES = ["aktif", "nonaktif"] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const NONAKTIF_REASONS = ["meninggal", "pindah", "mampu", "ganda", "menolak", "tidak ditemukan"] as const;
export type NonaktifReason = (typeof NONAKTIF_REASONS)[number];

export const VERVAL_STATUSES = ["terverifikasi", "belum"] as const;
export type VervalStatus = (typeof VERVAL_STATUSES)[number];

export const SEXES = ["L", "P"] as const;
export type Sex = (typeof SEXES)[number];

export const FAMILY_RELATIONS = [
  "kepala keluarga",
  "suami",
  "istri",
  "anak",
  "menantu",
  "cucu",
  "orang tua",
  "mertua",
  "famili lain",
  "lainnya",
] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

/**
 * Outcome of the offline NIK / No. KK checks (lib/nik). `mangled`: a spreadsheet stored it as a
 * number and lost digits (scientific notation, 15 digits), so it never matches by NIK.
 */
export const NIK_CHECKS = ["valid", "missing", "malformed", "unknown_region", "inconsistent", "mangled"] as const;
export type NikCheck = (typeof NIK_CHECKS)[number];

export const NIK_CHECK_LABELS: Record<NikCheck, string> = {
  valid: "sah",
  missing: "kosong",
  malformed: "salah bentuk",
  unknown_region: "kode wilayah tidak dikenal",
  inconsistent: "tidak cocok dengan data diri",
  mangled: "rusak oleh spreadsheet",
};

/** Where a household's geotag lies against its declared kelurahan (filled by the spatial join). */
export const LOCATION_STATUSES = [
  "sesuai",
  "tidak_sesuai",
  "di_luar_wilayah",
  "di_luar_kabkota",
  "tanpa_geotag",
] as const;
export type LocationStatus = (typeof LOCATION_STATUSES)[number];

export const PROGRAM_LEVELS = ["pusat", "provinsi", "kabkota", "desa"] as const;
export type ProgramLevel = (typeof PROGRAM_LEVELS)[number];

export const PROGRAM_UNITS = ["household", "person"] as const;
export type ProgramUnit = (typeof PROGRAM_UNITS)[number];

/** How a receipt found its household: by NIK, by No. KK, or by record linkage (lib/linkage), automatic or confirmed in the queue. */
export const RECEIPT_MATCH_METHODS = ["nik", "no_kk", "tautan_otomatis", "tautan_dikonfirmasi"] as const;
export type ReceiptMatchMethod = (typeof RECEIPT_MATCH_METHODS)[number];

/** A pair in the linkage queue: a receipt and a register person, or two register persons (ganda). */
export const LINKAGE_KINDS = ["penerima", "ganda"] as const;
export type LinkageKind = (typeof LINKAGE_KINDS)[number];

export const LINKAGE_STATES = ["menunggu", "dikonfirmasi", "ditolak"] as const;
export type LinkageState = (typeof LINKAGE_STATES)[number];

export const IMPORT_KINDS = ["boundaries", "dtks", "penerima", "dukcapil"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_STATUSES = ["berjalan", "selesai", "ditolak", "gagal"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** `layar`: the command-center wall PC, which sees the screen of its areas and nothing else. */
export const USER_ROLES = ["admin", "pimpinan", "camat", "lurah", "operator", "layar", "dinsos"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** What a verval proposal asks of the register (issue 17). */
export const PROPOSAL_KINDS = ["baru", "nonaktif", "perubahan", "aktif_kembali"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_KIND_LABELS: Record<ProposalKind, string> = {
  baru: "Usulan baru",
  nonaktif: "Nonaktifkan",
  perubahan: "Perubahan data",
  aktif_kembali: "Aktifkan kembali",
};

/**
 * Where a proposal stands: drafted and submitted by the kelurahan operator, approved by the lurah,
 * verified and applied by Dinas Sosial; `dikembalikan` goes back to the author, `ditolak` is final.
 */
export const PROPOSAL_STATES = [
  "draf",
  "diajukan",
  "disetujui_lurah",
  "diverifikasi",
  "diterapkan",
  "dikembalikan",
  "ditolak",
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
/** An event of a Dukcapil (civil registry) list: a resident died or moved away. */
export const CIVIL_EVENTS = ["meninggal", "pindah"] as const;
export type CivilEvent = (typeof CIVIL_EVENTS)[number];

/**
 * Whether a newer national DTKS/DTSEN file agrees with an applied proposal: `tercermin` when it
 * does, `tidak_tercermin` when it still says otherwise (the list the city takes back to Kemensos).
 */
export const NATIONAL_CHECKS = ["tercermin", "tidak_tercermin"] as const;
export type NationalCheck = (typeof NATIONAL_CHECKS)[number];
export const NATIONAL_CHECK_LABELS: Record<NationalCheck, string> = {
  tercermin: "Tercermin di data nasional",
  tidak_tercermin: "Belum tercermin di data nasional",
};

export const PROPOSAL_STATE_LABELS: Record<ProposalState, string> = {
  draf: "Draf",
  diajukan: "Diajukan ke lurah",
  disetujui_lurah: "Disetujui lurah",
  diverifikasi: "Diverifikasi Dinsos",
  diterapkan: "Diterapkan",
  dikembalikan: "Dikembalikan",
  ditolak: "Ditolak",
};

/**
 * What a pair of programs is when one household receives both in a window: allowed together (the
 * intended package), forbidden together (an exclusivity rule), or not settled either way.
 */
export const PAIR_STATES = ["pelengkap", "melanggar_aturan", "belum_diatur"] as const;
export type PairState = (typeof PAIR_STATES)[number];
export const PAIR_STATE_LABELS: Record<PairState, string> = {
  pelengkap: "Pelengkap (boleh bersama)",
  melanggar_aturan: "Melanggar aturan (tidak boleh bersama)",
  belum_diatur: "Belum diatur",
};
