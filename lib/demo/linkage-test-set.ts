import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";

import { Random } from "./random";

/** What was done to a register person's record to make a list row of it (or that it is nobody's). */
export const TEST_ROW_KINDS = [
  "sama",
  "salah_ketik",
  "gelar",
  "singkatan",
  "ejaan_lama",
  "huruf_ganda",
  "huruf_besar_spasi",
  "bukan_di_register",
] as const;
export type TestRowKind = (typeof TEST_ROW_KINDS)[number];

/** The recipient list's columns (lib/imports RECIPIENT_COLUMNS) a test set fills. */
const COLUMNS = ["nik", "no_kk", "nama", "program", "periode", "nominal", "kode_kelurahan", "tgl_lahir", "rt"] as const;
type Column = (typeof COLUMNS)[number];

/** A recipient list with known truth: each row's register person, or null for people not in it. */
export interface LinkageTestSet {
  header: Column[];
  rows: string[][];
  /** By the row's line in the file (the header is line 1). */
  truth: Map<number, { personId: number | null; kind: TestRowKind }>;
}

interface RegisterPerson {
  id: number;
  nik: string | null;
  name: string;
  birth_date: string | null;
  no_kk: string | null;
  kelurahan_code: string;
  rt: string | null;
}

const LETTERS = "abcdefghijklmnoprstuwy";

/** One keystroke wrong in a word of four letters or more: a letter changed, dropped or swapped with its neighbour. */
function typo(random: Random, name: string): string {
  const words = name.split(" ");
  const long = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 4);
  if (!long.length) return `${name}h`;
  const [word, index] = random.pick(long);
  const at = random.int(1, word.length - 2);
  const changed = random.pick([
    () =>
      word.slice(0, at) + random.pick([...LETTERS].filter((c) => c !== word[at]!.toLowerCase())) + word.slice(at + 1),
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
  ])();
  words[index] = changed;
  return words.join(" ");
}

const TITLES = ["H.", "Hj.", "Dr.", "Ir.", "Drs."];
const DEGREES = [", S.Pd.", ", S.E.", ", A.Md.", ", S.Sos.", ", S.Kom."];

/** The spelling a list may use for the same name: a variant the normaliser knows, else a typo. */
function abbreviated(random: Random, name: string): string {
  const short: Record<string, string[]> = {
    siti: ["St."],
    muhammad: ["M.", "Moch.", "Moh.", "Muhamad", "Mohammad"],
    muhamad: ["M.", "Muhammad"],
    nur: ["Noor"],
  };
  const words = name.split(" ");
  const index = words.findIndex((w) => short[w.toLowerCase()]);
  if (index < 0) return typo(random, name);
  words[index] = random.pick(short[words[index]!.toLowerCase()]!);
  return words.join(" ");
}

/** The pre-1972 spelling of a word that has a letter it changed (u → oe, j → dj, y → j, c → tj, kh → ch). */
function oldSpelling(random: Random, name: string): string {
  const words = name.split(" ");
  const index = words.findIndex((w) => /[ujyc]|kh/i.test(w));
  if (index < 0) return typo(random, name);
  words[index] = words[index]!.replace(/(kh|[ujyc])/gi, (letter) => {
    const old = { u: "oe", j: "dj", y: "j", c: "tj", kh: "ch" }[letter.toLowerCase()]!;
    return letter[0] === letter[0]!.toUpperCase() ? old[0]!.toUpperCase() + old.slice(1) : old;
  });
  return words.join(" ");
}

function doubledLetter(random: Random, name: string): string {
  const at = random.int(1, name.length - 2);
  return /[a-z]/i.test(name[at]!) ? name.slice(0, at + 1) + name[at] + name.slice(at + 1) : `${name}h`;
}

/** A 16-digit number one digit different from `value`. */
function oneDigitOff(random: Random, value: string): string {
  const at = random.int(6, value.length - 1);
  const digit = String((Number(value[at]) + random.int(1, 9)) % 10);
  return value.slice(0, at) + digit + value.slice(at + 1);
}

/** A NIK of the kabupaten/kota nobody in its register holds (serials from 9000 are not in the demo register). */
function strangerNik(random: Random, kabkota: string): string {
  const prefix = kabkota.replace(".", "");
  const day = String(random.int(1, 28)).padStart(2, "0");
  const month = String(random.int(1, 12)).padStart(2, "0");
  const year = String(random.int(50, 99));
  return `${prefix}0${random.int(1, 9)}${day}${month}${year}${random.int(9000, 9999)}`;
}

function shiftedBirthDate(random: Random, day: string): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  if (d <= 12 && d !== m && random.chance(0.5))
    return `${y}-${String(d).padStart(2, "0")}-${String(m).padStart(2, "0")}`;
  return `${y + (random.chance(0.5) ? 1 : -1)}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * A recipient list of `rows` rows drawn from the register of a kabupaten/kota, with known truth,
 * for measuring record linkage (`npm run bench -- --linkage`, and the tests). Four in five rows
 * are a register person as another agency would list them: the name exact or with a typo, a
 * title or degree, an abbreviation (St., M., Moch.), the old spelling, a doubled letter, or
 * other case and spacing; the birth date exact, missing, day and month swapped, or the year one
 * off; the NIK missing, mistyped, or a stranger's; the No. KK equal, missing or one digit off;
 * the kelurahan mostly right, the RT sometimes given. One in five is a person the register does
 * not hold, named from its own first and last names (so namesakes exist, as they do).
 */
export async function linkageTestSet(
  ctx: Context,
  input: { kabkotaCode: string; rows: number; seed: number; program: string; period: string },
): Promise<LinkageTestSet> {
  const random = new Random(input.seed);
  const people = await queryRows<RegisterPerson>(
    ctx.db,
    sql`SELECT p.id::int AS id, p.nik, p.name, p.birth_date::text AS birth_date, h.no_kk, h.effective_kelurahan_code AS kelurahan_code, h.rt
        FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        WHERE p.kabkota_code = ${input.kabkotaCode} AND h.effective_kelurahan_code IS NOT NULL
        ORDER BY md5(p.id::text || ${String(input.seed)})
        LIMIT ${input.rows}`,
  );
  if (!people.length) throw new Error(`Register ${input.kabkotaCode} kosong: tidak ada orang untuk set uji tautan.`);
  const kelurahan = [...new Set(people.map((p) => p.kelurahan_code))];
  const header = [...COLUMNS];
  const rows: string[][] = [];
  const truth: LinkageTestSet["truth"] = new Map();
  for (let i = 0; i < input.rows; i++) {
    const person = people[i % people.length]!;
    const inRegister = random.chance(0.8);
    let row: Record<Column, string>;
    let kind: TestRowKind;
    if (inRegister) {
      kind = random.pick(TEST_ROW_KINDS.slice(0, -1));
      const name = {
        sama: () => person.name,
        salah_ketik: () => typo(random, person.name),
        gelar: () =>
          random.chance(0.5) ? `${random.pick(TITLES)} ${person.name}` : `${person.name}${random.pick(DEGREES)}`,
        singkatan: () => abbreviated(random, person.name),
        ejaan_lama: () => oldSpelling(random, person.name),
        huruf_ganda: () => doubledLetter(random, person.name),
        huruf_besar_spasi: () => `  ${person.name.toUpperCase().replace(" ", "  ")}.`,
        bukan_di_register: () => person.name,
      }[kind]();
      const birth = random.next();
      const nikFate = random.next();
      const kkFate = random.next();
      row = {
        nik:
          nikFate < 0.4 || !person.nik
            ? ""
            : nikFate < 0.7
              ? oneDigitOff(random, person.nik)
              : strangerNik(random, input.kabkotaCode),
        no_kk:
          kkFate < 0.45 ? (person.no_kk ?? "") : kkFate < 0.8 || !person.no_kk ? "" : oneDigitOff(random, person.no_kk),
        nama: name,
        program: input.program,
        periode: input.period,
        nominal: "300000",
        kode_kelurahan: random.chance(0.92) ? person.kelurahan_code : random.pick(kelurahan),
        tgl_lahir:
          !person.birth_date || birth < 0.3
            ? ""
            : birth < 0.8
              ? person.birth_date
              : shiftedBirthDate(random, person.birth_date),
        rt: random.chance(0.6) ? (person.rt ?? "") : "",
      };
    } else {
      kind = "bukan_di_register";
      const first = random.pick(people).name.split(" ")[0]!;
      const last = random.pick(people).name.split(" ").slice(1).join(" ");
      row = {
        nik: random.chance(0.5) ? strangerNik(random, input.kabkotaCode) : "",
        no_kk: random.chance(0.3) ? strangerNik(random, input.kabkotaCode) : "",
        nama: `${first} ${last}`.trim(),
        program: input.program,
        periode: input.period,
        nominal: "300000",
        kode_kelurahan: random.pick(kelurahan),
        tgl_lahir: random.chance(0.6)
          ? `${random.int(1950, 2005)}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`
          : "",
        rt: random.chance(0.5) ? String(random.int(1, 30)).padStart(3, "0") : "",
      };
    }
    rows.push(header.map((column) => row[column]));
    truth.set(i + 2, { personId: inRegister ? person.id : null, kind });
  }
  return { header, rows, truth };
}
