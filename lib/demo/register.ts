import { booleanPointInPolygon } from "@turf/turf";
import type { MultiPolygon } from "geojson";

import type { FamilyRelation, NikCheck, NonaktifReason, Sex } from "@/db/schema/vocabulary";
import { formatPeriod } from "@/lib/format";
import { checkNik, checkNoKk, idNumberText, nikCheckOf } from "@/lib/nik";

import { Random } from "./random";

/** Samarinda's published figures the default register is calibrated on (see the README's sources). */
export const SAMARINDA_CALIBRATION = {
  households: 42_124,
  verifiedShare: 30_199 / 42_124,
  membersMean: 3.5,
  population: 860_000,
  pkh: 11_600,
  bpnt: 21_000,
  bst: 11_000,
  provincial: 4_000,
  city: 1_688,
} as const;

export const FIRST_PERIOD = "2019-01";
export const LAST_PERIOD = "2025-12";

/** The months of demo lists made from `receiptsFrom`, as a person reads them: `Jan 2019 – Des 2025`. */
export function demoReceiptMonths(receiptsFrom: string = FIRST_PERIOD): string {
  return `${formatPeriod(receiptsFrom)} – ${formatPeriod(LAST_PERIOD)}`;
}

export interface DemoRt {
  code: string;
  polygon: MultiPolygon;
  bbox: [number, number, number, number];
}

export interface DemoKelurahan {
  code: string;
  rts: DemoRt[];
}

export interface DemoHousehold {
  index: number;
  dtksId: string;
  kabkotaCode: string;
  noKk: string | null;
  noKkCheck: NikCheck;
  address: string;
  kelurahanCode: string;
  rtCode: string;
  geotag: [number, number] | null;
  desil: number;
  status: "aktif" | "nonaktif";
  nonaktifReason: NonaktifReason | null;
  vervalStatus: "terverifikasi" | "belum";
  vervalDate: string | null;
}

export interface DemoPerson {
  household: number;
  nik: string | null;
  nikCheck: NikCheck;
  name: string;
  birthDate: string;
  sex: Sex;
  relation: FamilyRelation;
  deathDate: string | null;
}

export interface DemoReceipt {
  programCode: string;
  period: string;
  nik: string | null;
  nikCheck: NikCheck;
  noKk: string | null;
  name: string;
  amount: number;
  kelurahanCode: string;
}

/** What was injected, counted while generating, so a test can count each fault back out. */
export interface FaultManifest {
  householdsWithoutGeotag: number;
  geotagOutsideDeclaredKelurahan: number;
  nonaktifHouseholds: number;
  personsMissingNik: number;
  personsMalformedNik: number;
  /** NIKs cut to 15 digits, as a spreadsheet leaves them: flagged `mangled`, never matched by NIK. */
  personsMangledNik: number;
  personsInconsistentNik: number;
  /** NIKs that stand in two households. */
  sharedNiks: number;
  deceasedPersons: number;
  /** Households given a pair of programs an exclusivity rule forbids. */
  householdsStackingExclusive: number;
  receiptsToNonaktifHouseholds: number;
  receiptsToDeceased: number;
  receiptsNotInRegister: number;
  /** Second receipts of one household, household program and period. */
  receiptsPaidTwice: number;
  /** Eligible (aktif, verified, desil ≤ 4) households that never receive anything (known once the receipts are read). */
  eligibleNeverCovered: number;
}

/**
 * Given names and family names as Samarinda's register holds them (Banjar, Bugis, Kutai, Jawa,
 * Batak, Toraja, Dayak): 13,000 full names for each sex. With 20 × 20, every name of a
 * recipient list met some 600 namesakes in its kelurahan at a million households, and record
 * linkage scored them all; a city's names are far more varied than that.
 */
const MALE_NAMES = [
  "Ahmad",
  "Budi",
  "Muhammad",
  "Rudi",
  "Agus",
  "Hendra",
  "Syahrul",
  "Rahmat",
  "Joko",
  "Andi",
  "Irwan",
  "Yusuf",
  "Dedi",
  "Hasan",
  "Arif",
  "Fajar",
  "Rizky",
  "Samsul",
  "Darmawan",
  "Suparman",
  "Abdul",
  "Abdullah",
  "Adi",
  "Aditya",
  "Agung",
  "Akbar",
  "Alfian",
  "Ali",
  "Amran",
  "Anang",
  "Anwar",
  "Ardiansyah",
  "Arifin",
  "Asep",
  "Aswin",
  "Bambang",
  "Bayu",
  "Benny",
  "Dani",
  "Dimas",
  "Dwi",
  "Eko",
  "Erwin",
  "Fadli",
  "Fahmi",
  "Faisal",
  "Ferdi",
  "Firman",
  "Gilang",
  "Guntur",
  "Hadi",
  "Hamzah",
  "Haris",
  "Hari",
  "Heru",
  "Ibrahim",
  "Ikhsan",
  "Ilham",
  "Imam",
  "Indra",
  "Iqbal",
  "Ismail",
  "Iwan",
  "Jamal",
  "Junaidi",
  "Kadir",
  "Khairul",
  "Lukman",
  "Mahmud",
  "Mansur",
  "Marwan",
  "Nasrullah",
  "Nanang",
  "Novri",
  "Ramli",
  "Reza",
  "Ridwan",
  "Rifai",
  "Robby",
  "Rusdi",
  "Saiful",
  "Salim",
  "Sanusi",
  "Slamet",
  "Sofyan",
  "Sugeng",
  "Suherman",
  "Sulaiman",
  "Supriadi",
  "Syamsuddin",
  "Taufik",
  "Teguh",
  "Usman",
  "Wahyu",
  "Yanto",
  "Yogi",
  "Zainal",
  "Zulkifli",
  "Rahmadi",
  "Wawan",
];
const FEMALE_NAMES = [
  "Siti",
  "Nur",
  "Aisyah",
  "Dewi",
  "Rina",
  "Sri",
  "Fitri",
  "Wahyuni",
  "Ratna",
  "Lestari",
  "Yuliana",
  "Rahmawati",
  "Hasanah",
  "Indah",
  "Maya",
  "Nurul",
  "Sari",
  "Ani",
  "Kartini",
  "Halimah",
  "Ayu",
  "Anita",
  "Astuti",
  "Aminah",
  "Asmah",
  "Bunga",
  "Citra",
  "Dian",
  "Dina",
  "Eka",
  "Elis",
  "Erna",
  "Evi",
  "Fatimah",
  "Fitriani",
  "Hartini",
  "Hesti",
  "Ida",
  "Ika",
  "Intan",
  "Irma",
  "Juliana",
  "Juwita",
  "Kurniasih",
  "Lina",
  "Linda",
  "Lia",
  "Mariam",
  "Marlina",
  "Mega",
  "Melati",
  "Mirna",
  "Mulyani",
  "Nadia",
  "Nining",
  "Novi",
  "Nurhayati",
  "Nuraini",
  "Putri",
  "Puspita",
  "Rahayu",
  "Rani",
  "Ratih",
  "Rika",
  "Risma",
  "Rosmini",
  "Rukmini",
  "Salmah",
  "Santi",
  "Sarinah",
  "Setiawati",
  "Sinta",
  "Siska",
  "Suci",
  "Sulastri",
  "Sumarni",
  "Susanti",
  "Suryani",
  "Syarifah",
  "Tari",
  "Tri",
  "Tuti",
  "Ulfa",
  "Umi",
  "Vina",
  "Wati",
  "Widya",
  "Winda",
  "Yanti",
  "Yulia",
  "Yuni",
  "Zahra",
  "Zubaidah",
  "Zulaikha",
  "Hadijah",
  "Masitah",
  "Norhayati",
  "Rusmini",
  "Jumiati",
  "Sumiati",
];
const FAMILY_NAMES = [
  "Saputra",
  "Hidayat",
  "Santoso",
  "Rahman",
  "Kurniawan",
  "Wijaya",
  "Pratama",
  "Setiawan",
  "Hakim",
  "Nugroho",
  "Syahputra",
  "Amir",
  "Ramadhan",
  "Lubis",
  "Siregar",
  "Pangaribuan",
  "Daeng",
  "Baso",
  "Lamba",
  "Tarigan",
  "Alamsyah",
  "Anshari",
  "Arsyad",
  "Baharuddin",
  "Basri",
  "Batubara",
  "Daud",
  "Effendi",
  "Fauzi",
  "Firdaus",
  "Gunawan",
  "Habibi",
  "Halim",
  "Harahap",
  "Hasibuan",
  "Hamid",
  "Harun",
  "Husain",
  "Iskandar",
  "Jaya",
  "Kusuma",
  "Latif",
  "Mahendra",
  "Malik",
  "Mappa",
  "Marpaung",
  "Nasution",
  "Noor",
  "Permana",
  "Purba",
  "Putra",
  "Rangkuti",
  "Ritonga",
  "Rusli",
  "Said",
  "Salman",
  "Sembiring",
  "Sihombing",
  "Simanjuntak",
  "Sinaga",
  "Situmorang",
  "Suganda",
  "Sulistyo",
  "Susilo",
  "Syarif",
  "Tambunan",
  "Tanjung",
  "Utomo",
  "Wibowo",
  "Yulianto",
  "Zakaria",
  "Ginting",
  "Manurung",
  "Pohan",
  "Daulay",
  "Pasaribu",
  "Aritonang",
  "Hutagalung",
  "Saragih",
  "Matondang",
  "Sampe",
  "Tandi",
  "Palinggi",
  "Pakiding",
  "Rante",
  "Tangdilintin",
  "Sombolinggi",
  "Aji",
  "Awang",
  "Lawing",
  "Jalung",
  "Ingan",
  "Ledang",
  "Usat",
  "Bilung",
  "Prasetyo",
  "Hartono",
  "Purnomo",
  "Sutrisno",
  "Widodo",
  "Sugiarto",
  "Suryadi",
  "Wahyudi",
  "Hermawan",
  "Kusnadi",
  "Handoko",
  "Sasongko",
  "Budiman",
  "Hidayatullah",
  "Nurdin",
  "Hasanuddin",
  "Mursalin",
  "Syukur",
  "Asnawi",
  "Jamaluddin",
  "Kamaruddin",
  "Sahrani",
  "Rusmadi",
  "Mattalitti",
  "Pawelloi",
  "Tahir",
  "Rasyid",
  "Maulana",
  "Munir",
  "Ansyari",
  "Gazali",
  "Noorhadi",
  "Syamsuri",
  "Idris",
  "Yamin",
];
const STREETS = [
  "Jl. Pahlawan",
  "Jl. Merdeka",
  "Jl. Gerilya",
  "Jl. Suryanata",
  "Jl. Pelita",
  "Jl. Sentosa",
  "Jl. Jakarta",
  "Jl. Lambung Mangkurat",
  "Jl. Cendana",
  "Jl. Damanhuri",
  "Jl. Kadrie Oening",
  "Jl. P. Antasari",
  "Gg. Mawar",
  "Gg. Melati",
  "Gg. Family",
];
const NONAKTIF_WEIGHTS: Array<[NonaktifReason, number]> = [
  ["meninggal", 30],
  ["pindah", 25],
  ["mampu", 20],
  ["ganda", 10],
  ["menolak", 5],
  ["tidak ditemukan", 10],
];
/** Share of households per desil (1–10): D1 carries most, so DTKS-poor persons land near BPS's 4.6–5 %. */
const DESIL_WEIGHTS = [28, 17, 14, 11, 9, 7, 5, 4, 3, 2];

export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const [endYear, endMonth] = to.split("-").map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");
const isoDate = (year: number, month: number, day: number) => `${year}-${pad(month, 2)}-${pad(day, 2)}`;

/** A stable per-kelurahan factor in [0.5, 1.7): poverty and faults differ between kelurahan. */
function kelurahanFactor(code: string, seed: number): number {
  let hash = seed;
  for (const ch of code) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return 0.5 + new Random(hash).next() * 1.2;
}

function pointIn(random: Random, rt: DemoRt): [number, number] {
  const [west, south, east, north] = rt.bbox;
  for (let attempt = 0; attempt < 200; attempt++) {
    // Rounded first, so the point tested is the point stored.
    const point: [number, number] = [
      Number((west + random.next() * (east - west)).toFixed(6)),
      Number((south + random.next() * (north - south)).toFixed(6)),
    ];
    if (booleanPointInPolygon(point, rt.polygon)) return point;
  }
  throw new Error(`Tidak dapat menaruh titik di RT ${rt.code}`);
}

export interface GeneratedRegister {
  households: DemoHousehold[];
  persons: DemoPerson[];
  /** Receipts are many (millions at city scale): produced lazily, in program and period order. */
  receipts: () => Generator<DemoReceipt>;
  manifest: FaultManifest;
  populationByKelurahan: Map<string, number>;
}

/**
 * A set of strings past V8's limit of 2^24 entries per Set: a register of five million households
 * holds 17.5 million NIKs. One Set per last character.
 */
class LargeStringSet {
  private readonly shards = new Map<number, Set<string>>();

  has(value: string): boolean {
    return this.shards.get(value.charCodeAt(value.length - 1))?.has(value) ?? false;
  }

  add(value: string): void {
    const key = value.charCodeAt(value.length - 1);
    let shard = this.shards.get(key);
    if (!shard) this.shards.set(key, (shard = new Set()));
    shard.add(value);
  }
}

/**
 * Generates a DTKS register and seven years of recipient lists for a city, deterministically
 * from a seed, with the faults of real data injected at plausible rates and counted.
 */
export function generateRegister({
  kelurahan,
  households: total,
  seed,
  isKecamatan,
  receiptsFrom = FIRST_PERIOD,
}: {
  kelurahan: DemoKelurahan[];
  households: number;
  seed: number;
  isKecamatan: (digits: string) => boolean;
  /**
   * First period of the recipient lists (benchmarks at a million households keep the receipts
   * few). The register is the same; the receipt counts of the manifest follow the lists.
   */
  receiptsFrom?: string;
}): GeneratedRegister {
  const random = new Random(seed);
  const factor = new Map(kelurahan.map((k) => [k.code, kelurahanFactor(k.code, seed)]));
  const rtWeights = kelurahan.map((k) => k.rts.length * factor.get(k.code)!);
  const manifest: FaultManifest = {
    householdsWithoutGeotag: 0,
    geotagOutsideDeclaredKelurahan: 0,
    nonaktifHouseholds: 0,
    personsMissingNik: 0,
    personsMalformedNik: 0,
    personsMangledNik: 0,
    personsInconsistentNik: 0,
    sharedNiks: 0,
    deceasedPersons: 0,
    householdsStackingExclusive: 0,
    receiptsToNonaktifHouseholds: 0,
    receiptsToDeceased: 0,
    receiptsNotInRegister: 0,
    receiptsPaidTwice: 0,
    eligibleNeverCovered: 0,
  };
  const usedNiks = new LargeStringSet();
  const usedNoKks = new Set<string>();
  let serial = 0;
  const nikFor = (kecamatanDigits: string, birthDate: string, sex: Sex): string => {
    const [year, month, day] = birthDate.split("-").map(Number) as [number, number, number];
    for (;;) {
      serial = (serial % 9998) + 1;
      const nik = `${kecamatanDigits}${pad(sex === "P" ? day + 40 : day, 2)}${pad(month, 2)}${pad(year % 100, 2)}${pad(serial, 4)}`;
      if (!usedNiks.has(nik)) {
        usedNiks.add(nik);
        return nik;
      }
    }
  };

  const households: DemoHousehold[] = [];
  const persons: DemoPerson[] = [];
  const membersOf: number[][] = [];
  for (let index = 0; index < total; index++) {
    const kel = kelurahan[random.weighted(rtWeights)]!;
    const rt = random.pick(kel.rts);
    const kecamatanDigits = kel.code.slice(0, 8).replace(/\./g, "");
    const poverty = factor.get(kel.code)!;
    const desilWeights = DESIL_WEIGHTS.map((w, i) => (i < 4 ? w * poverty : w));
    const desil = random.weighted(desilWeights) + 1;
    const nonaktif = random.chance(0.08);
    const nonaktifReason = nonaktif ? NONAKTIF_WEIGHTS[random.weighted(NONAKTIF_WEIGHTS.map(([, w]) => w))]![0] : null;
    if (nonaktif) manifest.nonaktifHouseholds++;
    const verified = random.chance(SAMARINDA_CALIBRATION.verifiedShare);

    let geotag: [number, number] | null = null;
    if (random.chance(0.08 * poverty)) manifest.householdsWithoutGeotag++;
    else if (random.chance(0.02 * poverty)) {
      const elsewhere = kelurahan.filter((k) => k.code !== kel.code);
      geotag = pointIn(random, random.pick(random.pick(elsewhere).rts));
      manifest.geotagOutsideDeclaredKelurahan++;
    } else geotag = pointIn(random, rt);

    let noKk: string;
    do {
      noKk = `${kecamatanDigits}${pad(random.int(1, 28), 2)}${pad(random.int(1, 12), 2)}${pad(random.int(2008, 2024) % 100, 2)}${pad(random.int(1, 9999), 4)}`;
    } while (usedNoKks.has(noKk));
    usedNoKks.add(noKk);
    const household: DemoHousehold = {
      index,
      dtksId: `DEMO-${kel.code.slice(0, 5).replace(".", "")}-${pad(index + 1, 7)}`,
      kabkotaCode: kel.code.slice(0, 5),
      noKk: random.chance(0.01) ? null : noKk,
      noKkCheck: "missing",
      address: `${random.pick(STREETS)} No. ${random.int(1, 120)}`,
      kelurahanCode: kel.code,
      rtCode: rt.code,
      geotag,
      desil,
      status: nonaktif ? "nonaktif" : "aktif",
      nonaktifReason,
      vervalStatus: verified ? "terverifikasi" : "belum",
      vervalDate: verified ? isoDate(random.int(2021, 2025), random.int(1, 12), random.int(1, 28)) : null,
    };
    household.noKkCheck = checkNoKk(household.noKk, { isKecamatan }).check;
    households.push(household);

    // About 3.5 members: a head, often a spouse, children.
    const size = Math.max(
      1,
      Math.min(9, Math.round(1 + random.next() * 2 + random.next() * 2 + random.next() * 1.2 - 0.1)),
    );
    const familyName = random.pick(FAMILY_NAMES);
    const headSex: Sex = random.chance(0.82) ? "L" : "P";
    const headYear = random.int(1950, 1998);
    const members: number[] = [];
    for (let m = 0; m < size; m++) {
      const relation: FamilyRelation =
        m === 0
          ? "kepala keluarga"
          : m === 1 && size > 1 && random.chance(0.8)
            ? headSex === "L"
              ? "istri"
              : "suami"
            : "anak";
      const sex: Sex =
        relation === "istri" ? "P" : relation === "suami" ? "L" : m === 0 ? headSex : random.chance(0.5) ? "L" : "P";
      const year =
        relation === "anak"
          ? Math.min(2024, headYear + random.int(18, 40))
          : relation === "kepala keluarga"
            ? headYear
            : headYear + random.int(-5, 5);
      const birthDate = isoDate(year, random.int(1, 12), random.int(1, 28));
      let nik: string | null = nikFor(kecamatanDigits, birthDate, sex);
      const roll = random.next();
      if (roll < 0.07) {
        nik = null;
        manifest.personsMissingNik++;
      } else if (roll < 0.12) {
        const malformed = random.chance(0.5) ? nik.slice(0, 15) : `${nik.slice(0, 12)}0000`;
        // A broken NIK stays one person's: otherwise it would also be a NIK shared by two households.
        if (!usedNiks.has(malformed)) {
          usedNiks.add(malformed);
          nik = malformed;
          if (malformed.length === 15) manifest.personsMangledNik++;
          else manifest.personsMalformedNik++;
        }
      }
      const deathDate =
        m === 0 && random.chance(0.025) ? isoDate(random.int(2019, 2024), random.int(1, 12), random.int(1, 28)) : null;
      if (deathDate) manifest.deceasedPersons++;
      const person: DemoPerson = {
        household: index,
        nik,
        nikCheck: "missing",
        name: `${sex === "L" ? random.pick(MALE_NAMES) : random.pick(FEMALE_NAMES)} ${familyName}`,
        birthDate,
        sex,
        relation,
        deathDate,
      };
      // Checked as an import would check it: a NIK cut to 15 digits is one a spreadsheet mangled.
      person.nikCheck = nikCheckOf(idNumberText(nik, "NIK"), { isKecamatan, birthDate, sex });
      if (nik && nik.length === 16 && person.nikCheck === "inconsistent") manifest.personsInconsistentNik++;
      members.push(persons.length);
      persons.push(person);
    }
    membersOf.push(members);
  }

  // The same NIK in two households: a member's NIK copied onto a member of another household.
  const inSharing = new Set<number>();
  for (let i = 0; i < Math.round(total * 0.005); i++) {
    const from = persons[membersOf[random.int(0, total - 1)]![0]!]!;
    const toHousehold = membersOf[random.int(0, total - 1)]!;
    const to = persons[toHousehold[toHousehold.length - 1]!]!;
    if (inSharing.has(from.household) || inSharing.has(to.household)) continue;
    if (!from.nik || from.household === to.household || from.nikCheck !== "valid" || to.nikCheck !== "valid") continue;
    // Both families keep a No. KK, so each receipt still finds its own household by the pair.
    if (!households[from.household]!.noKk || !households[to.household]!.noKk) continue;
    inSharing.add(from.household);
    inSharing.add(to.household);
    to.nik = from.nik;
    to.birthDate = from.birthDate;
    to.sex = from.sex;
    to.nikCheck = from.nikCheck;
    manifest.sharedNiks++;
  }

  // Eligible households that every program misses (exclusion errors), more where poverty is higher.
  const missed = new Set(
    households
      .filter(
        (h) =>
          h.status === "aktif" &&
          h.vervalStatus === "terverifikasi" &&
          h.desil <= 4 &&
          random.chance(0.06 * factor.get(h.kelurahanCode)!),
      )
      .map((h) => h.index),
  );
  // Program membership, fixed over the years: targeted by desil, with inclusion errors.
  const pick = (count: number, weight: (h: DemoHousehold) => number): Set<number> => {
    const chosen = new Set<number>();
    const weights = households.map((h) => (missed.has(h.index) ? 0 : weight(h)));
    // Running sums, searched by bisection: a scan per draw made a register of a million households
    // take twenty minutes (draws times households), five million days.
    const cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => (cumulative[i] = sum += w));
    if (sum === 0) return chosen;
    let guard = 0;
    while (chosen.size < Math.min(count, households.length) && guard++ < count * 50) {
      const at = random.next() * sum;
      // The first household whose running sum passes `at` (the last one if none does).
      let low = 0;
      let high = weights.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (cumulative[middle]! > at) high = middle;
        else low = middle + 1;
      }
      if (weights[low]! > 0) chosen.add(low);
    }
    return chosen;
  };
  const scale = total / SAMARINDA_CALIBRATION.households;
  const targeted = (maxDesil: number, strayShare: number) => (h: DemoHousehold) =>
    (h.desil <= maxDesil ? (11 - h.desil) * (h.status === "aktif" ? 1 : 0.05) : strayShare) *
    (h.vervalStatus === "terverifikasi" ? 1 : 0.6);
  const pkh = pick(Math.round(SAMARINDA_CALIBRATION.pkh * scale), targeted(4, 0.15));
  const bpnt = pick(Math.round(SAMARINDA_CALIBRATION.bpnt * scale), targeted(5, 0.2));
  // BST is meant for those outside PKH and BPNT; a few got it anyway (the stacking fault).
  const bst = pick(
    Math.round(SAMARINDA_CALIBRATION.bst * scale),
    (h) => (pkh.has(h.index) || bpnt.has(h.index) ? 0.04 : 1) * (h.desil <= 6 ? 1 : 0.1),
  );
  const provincial = pick(Math.round(SAMARINDA_CALIBRATION.provincial * scale), (h) => (h.desil <= 6 ? 1 : 0.05));
  const city = pick(Math.round(SAMARINDA_CALIBRATION.city * scale), (h) =>
    h.desil <= 4 && !pkh.has(h.index) && !bpnt.has(h.index) ? 1 : 0.02,
  );
  // As the matcher does: a NIK a spreadsheet mangled never matches by NIK (the No. KK still may).
  const matchesByNik = (person: DemoPerson) => person.nik !== null && person.nikCheck !== "mangled";
  // Who a household's lists name: its first member with a NIK, else its head.
  const payeeOf = (index: number) =>
    membersOf[index]!.map((i) => persons[i]!).find((p) => p.nik) ?? persons[membersOf[index]![0]!]!;
  for (const h of households) {
    // A household whose lists can match it: by its payee's NIK, or by its No. KK.
    const reachable = matchesByNik(payeeOf(h.index)) || h.noKk !== null;
    const stacksExclusive =
      (bst.has(h.index) && (pkh.has(h.index) || bpnt.has(h.index))) ||
      (city.has(h.index) && (pkh.has(h.index) || bpnt.has(h.index) || bst.has(h.index) || provincial.has(h.index)));
    if (reachable && stacksExclusive) manifest.householdsStackingExclusive++;
  }
  const pbiPersons = new Set<number>();
  persons.forEach((person, i) => {
    const h = households[person.household]!;
    if (h.desil <= 5 && !missed.has(h.index) && random.chance(h.status === "aktif" ? 0.6 : 0.2)) pbiPersons.add(i);
  });

  const populationByKelurahan = new Map<string, number>();
  const totalWeight = rtWeights.reduce((a, b) => a + b, 0);
  kelurahan.forEach((k, i) =>
    populationByKelurahan.set(
      k.code,
      Math.round(((SAMARINDA_CALIBRATION.population * scale * rtWeights[i]!) / totalWeight / factor.get(k.code)!) * 1),
    ),
  );

  const programs: Array<{ code: string; members: Set<number>; periods: string[]; amount: (period: string) => number }> =
    [
      {
        code: "PKH",
        members: pkh,
        periods: monthsBetween(FIRST_PERIOD, LAST_PERIOD).filter((p) => ["01", "04", "07", "10"].includes(p.slice(5))),
        amount: () => 750_000,
      },
      {
        code: "BPNT",
        members: bpnt,
        periods: monthsBetween(FIRST_PERIOD, LAST_PERIOD),
        amount: (p) => (p < "2020-03" ? 110_000 : 200_000),
      },
      {
        code: "BST",
        members: bst,
        periods: monthsBetween("2020-04", "2021-12"),
        amount: (p) => (p < "2021-01" ? 600_000 : 300_000),
      },
      {
        code: "BANSOS-KALTIM",
        members: provincial,
        periods: monthsBetween("2020-05", "2020-12"),
        amount: () => 250_000,
      },
      { code: "SAMARINDA-PEDULI", members: city, periods: monthsBetween("2025-10", "2025-12"), amount: () => 300_000 },
    ];
  const receiptSeed = random.int(1, 2 ** 31 - 2);
  const deathMonth = (person: DemoPerson) => person.deathDate?.slice(0, 7) ?? null;

  function* receipts(): Generator<DemoReceipt> {
    const r = new Random(receiptSeed);
    const counting = manifest;
    counting.receiptsToNonaktifHouseholds = 0;
    counting.receiptsToDeceased = 0;
    counting.receiptsNotInRegister = 0;
    counting.receiptsPaidTwice = 0;
    const received = new Set<number>();
    const strangerNik = (kelurahanCode: string): string => {
      const kecamatanDigits = kelurahanCode.slice(0, 8).replace(/\./g, "");
      for (;;) {
        const nik = `${kecamatanDigits}${pad(r.int(1, 28), 2)}${pad(r.int(1, 12), 2)}${pad(r.int(60, 99), 2)}${pad(r.int(1, 9999), 4)}`;
        if (!usedNiks.has(nik)) return nik;
      }
    };
    for (const program of programs) {
      const members = [...program.members].sort((a, b) => a - b);
      for (const period of program.periods.filter((p) => p >= receiptsFrom)) {
        for (const index of members) {
          const h = households[index]!;
          const payee = payeeOf(index);
          const receipt: DemoReceipt = {
            programCode: program.code,
            period,
            nik: payee.nik,
            nikCheck: payee.nikCheck,
            noKk: h.noKk,
            name: payee.name,
            amount: program.amount(period),
            kelurahanCode: h.kelurahanCode,
          };
          if (!receipt.nik && !receipt.noKk) continue;
          const matched = matchesByNik(payee) || h.noKk !== null;
          const died = deathMonth(payee);
          const toDeceased = matchesByNik(payee) && died !== null && died < period;
          if (!matched) counting.receiptsNotInRegister++;
          if (matched && h.status === "nonaktif") counting.receiptsToNonaktifHouseholds++;
          if (toDeceased) counting.receiptsToDeceased++;
          if (matched) received.add(index);
          yield receipt;
          if (r.chance(0.002)) {
            // The same row twice: paid twice when it matched, else one more not in the register.
            if (matched) counting.receiptsPaidTwice++;
            else counting.receiptsNotInRegister++;
            if (matched && h.status === "nonaktif") counting.receiptsToNonaktifHouseholds++;
            if (toDeceased) counting.receiptsToDeceased++;
            yield receipt;
          }
        }
        // Names on the list that are nowhere in DTKS.
        const strangers = Math.round(members.length * 0.02);
        for (let s = 0; s < strangers; s++) {
          const kel = households[members[r.int(0, members.length - 1)]!]!.kelurahanCode;
          counting.receiptsNotInRegister++;
          const nik = strangerNik(kel);
          yield {
            programCode: program.code,
            period,
            nik,
            nikCheck: checkNik(nik, { isKecamatan }).check,
            noKk: null,
            name: `${r.pick(MALE_NAMES)} ${r.pick(FAMILY_NAMES)}`,
            amount: program.amount(period),
            kelurahanCode: kel,
          };
        }
      }
    }
    // PBI-JK: the yearly list of insured persons, each January.
    for (const period of monthsBetween(receiptsFrom, LAST_PERIOD).filter((p) => p.endsWith("-01"))) {
      for (const i of [...pbiPersons].sort((a, b) => a - b)) {
        const person = persons[i]!;
        const h = households[person.household]!;
        if (!person.nik && !h.noKk) continue;
        const died = deathMonth(person);
        // Dead members linger on the list for a year or two: the stale register at work.
        if (died && period > `${Number(died.slice(0, 4)) + 2}-01`) continue;
        const matched = matchesByNik(person) || h.noKk !== null;
        if (!matched) counting.receiptsNotInRegister++;
        if (matched && h.status === "nonaktif") counting.receiptsToNonaktifHouseholds++;
        if (matchesByNik(person) && died && died < period) counting.receiptsToDeceased++;
        if (matched) received.add(person.household);
        yield {
          programCode: "PBI-JK",
          period,
          nik: person.nik,
          nikCheck: person.nikCheck,
          noKk: h.noKk,
          name: person.name,
          amount: 504_000,
          kelurahanCode: h.kelurahanCode,
        };
      }
    }
    counting.eligibleNeverCovered = households.filter(
      (h) => h.status === "aktif" && h.vervalStatus === "terverifikasi" && h.desil <= 4 && !received.has(h.index),
    ).length;
  }

  return { households, persons, receipts, manifest, populationByKelurahan };
}
