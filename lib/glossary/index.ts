/**
 * What Tepat's figures mean, in plain Bahasa Indonesia: the README's "Coverage analytics: the
 * definitions" for the people who read the figures. Each card and indicator names its term; the
 * `short` line shows on hover or tap, the whole entry on /istilah. Pure data, so client
 * components (the wall screen) can use it too.
 */
export interface Term {
  /** The name as the pages print it. */
  term: string;
  /** One line, for the hint beside a figure. */
  short: string;
  /** The definition, a paragraph each. */
  definition: string[];
}

export const TERMS = {
  jendela: {
    term: "Periode (jendela)",
    short: "Bulan-bulan yang dihitung, dari bulan awal sampai bulan akhir.",
    definition: [
      "Setiap angka dihitung untuk satu periode: bulan awal sampai bulan akhir, termasuk keduanya, paling lama 120 bulan.",
      "Bawaannya 12 bulan terakhir yang ada datanya di kota itu. Periode di luar data yang ada dipotong; periode yang seluruhnya di luar data ditolak dengan pesan yang menyebut bulan-bulan yang ada.",
    ],
  },
  rumah_tangga: {
    term: "Rumah tangga DTKS",
    short: "Semua rumah tangga dalam daftar DTKS di wilayah ini, aktif maupun nonaktif.",
    definition: [
      "Setiap rumah tangga dalam DTKS, aktif maupun nonaktif, dihitung di wilayahnya yang berlaku: hasil pencocokan titik lokasi dengan batas wilayah, atau wilayah yang dinyatakan bila tidak ada titik.",
      "Jiwa adalah semua anggota yang tercatat.",
    ],
  },
  penduduk_miskin: {
    term: "Penduduk miskin menurut DTKS",
    short: "Anggota yang masih hidup dari rumah tangga aktif berdesil rendah, dibagi jumlah penduduk wilayah.",
    definition: [
      "Anggota yang masih hidup dari rumah tangga aktif dengan desil sampai batas kelayakan (bawaan: desil 4), dibagi jumlah penduduk wilayah menurut data batas wilayah.",
      "Ini bukan angka kemiskinan BPS; angka BPS ditampilkan terpisah dengan sumbernya.",
    ],
  },
  layak: {
    term: "Layak",
    short: "Rumah tangga aktif, sudah terverifikasi, dengan desil sampai batas kelayakan (bawaan 4).",
    definition: [
      "Rumah tangga yang aktif, berstatus verval terverifikasi, dan desilnya sampai batas kelayakan (pengaturan, bawaan desil 4).",
      "Aturan desil masing-masing program (PKH desil 1–4, Sembako dan PBI-JK desil 1–5) tampil di penjelasan tiap rumah tangga.",
    ],
  },
  menerima: {
    term: "Menerima bantuan",
    short: "Rumah tangga yang cocok dengan sedikitnya satu penerimaan dalam periode.",
    definition: [
      "Sebuah rumah tangga menerima program P dalam periode bila ada baris daftar penerima P dalam periode itu yang cocok dengannya, apa pun status atau kesalahannya.",
      "Penerimaan dicocokkan lewat NIK anggota; bila NIK-nya tidak cocok, lewat No. KK. NIK yang rusak oleh spreadsheet tidak pernah dicocokkan lewat NIK.",
    ],
  },
  pasangan_program: {
    term: "Pasangan program",
    short: "Tiap pasangan program: pelengkap (boleh bersama), melanggar aturan (dilarang bersama), atau belum diatur.",
    definition: [
      "Pelengkap: paket yang memang dimaksudkan, misalnya PKH dengan BPNT/Sembako, dan PBI-JK dengan program apa pun.",
      "Melanggar aturan: aturan eksklusivitas melarang keduanya diterima bersama, misalnya BST dengan PKH.",
      "Belum diatur: belum ada yang memutuskan. Program yang baru ditambahkan belum diatur dengan program lain sampai admin menetapkannya di halaman aturan; setiap perubahan dicatat.",
    ],
  },
  bertumpuk: {
    term: "Bantuan bertumpuk",
    short:
      "Menerima dalam periode sedikitnya satu pasangan program yang tidak boleh bersama (dilarang atau belum diatur).",
    definition: [
      "Rumah tangga yang program-program yang diterimanya dalam periode memuat sedikitnya satu pasangan yang bukan pelengkap: dilarang bersama atau belum diatur.",
      "Keluarga PKH yang juga menerima BPNT dan PBI-JK menerima paket yang dimaksudkan dan tidak dihitung bertumpuk. Persentasenya dihitung dari rumah tangga penerima.",
    ],
  },
  melanggar_aturan: {
    term: "Melanggar aturan eksklusif",
    short: "Menerima dalam periode sepasang program yang dilarang diterima bersama.",
    definition: [
      "Rumah tangga yang dalam periode menerima dua program yang menurut aturan eksklusivitas tidak boleh diterima bersama. Setiap yang melanggar aturan juga bertumpuk.",
    ],
  },
  belum_menerima: {
    term: "Layak belum menerima",
    short: "Rumah tangga layak yang tidak menerima apa pun dalam periode.",
    definition: [
      "Rumah tangga layak yang tidak menerima program apa pun dalam periode. Persentasenya dihitung dari rumah tangga layak.",
      "Tidak pernah menerima: layak dan tidak menerima apa pun di seluruh bulan yang ada datanya.",
    ],
  },
  rilis_dtsen: {
    term: "Rilis DTSEN",
    short: "Peringkat desil semua rumah tangga yang diterbitkan BPS pada satu tanggal (mis. 2025-Q3).",
    definition: [
      "Sejak Inpres 4/2025 BPS memeringkat ulang setiap rumah tangga ke desil 1–10 tiap triwulan. Tepat menyimpan register per rilis yang diimpor dengan nama dan tanggalnya.",
      "Di halaman Rilis dua rilis dibandingkan: masuk (baru ada di rilis akhir), keluar (tidak ada lagi), desil naik atau turun, menjadi layak dan kehilangan kelayakan. Kelayakan kedua rilis dinilai dengan aturan yang berlaku sekarang, agar yang terlihat hanya perubahan rumah tangganya.",
      "Kehilangan kelayakan, masih dibayar: dibayar sesudah rilis akhir oleh program yang batas desilnya tidak lagi dipenuhi. Tren per bulan menghitung rumah tangga layak terhadap rilis yang berlaku di bulan itu.",
    ],
  },
  penerimaan_bermasalah: {
    term: "Penerimaan bermasalah",
    short:
      "Penerimaan (bukan rumah tangga) ke orang meninggal, rumah tangga nonaktif, orang di luar DTKS, atau yang dibayar dua kali.",
    definition: [
      "Dihitung per penerimaan dalam periode; satu penerimaan bisa masuk lebih dari satu jenis.",
      "Meninggal: cocok lewat NIK dengan orang yang meninggal sebelum hari pertama bulan itu. Nonaktif: cocok dengan rumah tangga nonaktif. Tidak ada di DTKS: tidak cocok dengan rumah tangga mana pun. Dibayar dua kali: setiap penerimaan setelah yang pertama untuk penerima, program dan bulan yang sama.",
      "NIK tidak sah tidak termasuk di sini: itu soal mutu data dan ditampilkan terpisah.",
    ],
  },
  rumah_tangga_terdampak: {
    term: "Rumah tangga terdampak",
    short:
      "Rumah tangga dengan sedikitnya satu penerimaan dalam periode yang meninggal, nonaktif, atau dibayar dua kali.",
    definition: [
      "Rumah tangga (bukan penerimaan) yang sedikitnya satu penerimaannya dalam periode tercatat ke orang meninggal, ke rumah tangga nonaktif, atau dibayar dua kali. Daftar rumah tangganya bisa dibuka dari halaman wilayah.",
    ],
  },
  nik_tidak_sah: {
    term: "NIK tidak sah",
    short:
      "Mutu data: NIK yang ada tetapi gagal diperiksa (bentuk, kode wilayah, tanggal lahir), dihitung per penerimaan.",
    definition: [
      "NIK yang tertulis tetapi tidak lolos pemeriksaan: bukan 16 angka, kode kecamatan tidak dikenal, tanggal lahir di digit 7–12 tidak mungkin, atau tidak cocok dengan data diri. NIK kosong tidak dihitung di sini.",
      "NIK yang rusak oleh spreadsheet (notasi ilmiah seperti 6.47205E+15, atau 15 angka) ditandai dan tidak pernah dicocokkan lewat NIK; laporan impor memperingatkan setiap barisnya.",
    ],
  },
  nilai_bantuan: {
    term: "Nilai bantuan",
    short: "Jumlah rupiah semua penerimaan dalam periode yang tercatat di wilayah ini (nominal kosong dihitung 0).",
    definition: [
      "Jumlah nominal semua penerimaan dalam periode yang tercatat di wilayah ini, cocok maupun tidak, dengan aturan wilayah yang sama seperti penerimaan.",
      "Baris tanpa nominal dihitung 0 dan jumlahnya ditampilkan terpisah.",
    ],
  },
  rupiah_per_rumah_tangga: {
    term: "Rupiah per rumah tangga per bulan",
    short: "Nominal yang diterima rumah tangga penerima di wilayah ini, dibagi jumlah penerima dan jumlah bulan.",
    definition: [
      "Jumlah nominal penerimaan yang cocok dengan rumah tangga di wilayah ini, dibagi jumlah rumah tangga penerima, dibagi jumlah bulan dalam periode, dibulatkan ke rupiah. Kosong bila tidak ada penerima.",
    ],
  },
  bagian_10_persen: {
    term: "Bagian 10 % penerima teratas",
    short: "Berapa bagian rupiah wilayah ini yang jatuh ke 10 % rumah tangga penerima yang menerima paling banyak.",
    definition: [
      "Rumah tangga penerima di wilayah ini diurutkan menurut rupiah yang diterima dalam periode; bagian yang diterima 10 % teratas (dibulatkan ke atas) dari seluruh rupiah penerima wilayah itu.",
      "Dihitung untuk tiap wilayah sendiri, tidak dijumlahkan dari wilayah di bawahnya. Makin tinggi, makin bantuan menumpuk pada sedikit rumah tangga.",
    ],
  },
  belum_ada_data: {
    term: "Belum ada data",
    short: "Bulan tanpa daftar penerima suatu program: celah di grafik, bukan nol.",
    definition: [
      "Bila sebuah program tidak punya daftar penerima untuk suatu bulan, bulan itu ditandai belum ada data untuk program itu: garisnya terputus dan catatannya menyebut program itu, bukan turun ke nol.",
      "Layar komando menyebut bulan terakhir tiap program dan menandai program yang daftarnya tertinggal.",
    ],
  },
} satisfies Record<string, Term>;

export type TermKey = keyof typeof TERMS;
export const TERM_KEYS = Object.keys(TERMS) as TermKey[];
