import { CIVIL_EVENTS, type CivilEvent } from "@/db/schema/vocabulary";
import { idNumberText } from "@/lib/nik";

import type { RowRejection } from "../batch";
import { CsvFileError } from "../csv";
import { parseDate } from "../dates";
import { DUKCAPIL_COLUMNS, mapHeaders, type DukcapilColumn } from "../headers";
import { controlColumnOf, controlReason, idCell, rejectionOf, type Table } from "../table";

export interface CivilRegistryEventRow {
  line: number;
  nik: string;
  name: string | null;
  event: CivilEvent;
  eventDate: string;
  destination: string | null;
}

/** The words Dukcapil lists use for each event. */
const EVENT_WORDS: Record<string, CivilEvent> = {
  meninggal: "meninggal",
  "meninggal dunia": "meninggal",
  kematian: "meninggal",
  mati: "meninggal",
  pindah: "pindah",
  "pindah keluar": "pindah",
  "pindah datang": "pindah",
};

/**
 * Validates a Dukcapil event list. A row is refused, naming its line and field, when it cannot
 * name a person and a fact: no 16-digit NIK, an event other than meninggal or pindah, a missing,
 * unreadable or future date. A move without a destination is kept with a warning.
 */
export function parseDukcapilRows(
  table: Table,
  today: string,
): { events: CivilRegistryEventRow[]; rejections: RowRejection[]; warnings: string[] } {
  const mapping = mapHeaders(table.headers, DUKCAPIL_COLUMNS);
  const missing = (["nik", "peristiwa", "tanggal"] as const).filter((c) => mapping.columns[c] === undefined);
  if (missing.length)
    throw new CsvFileError(`Kolom wajib tidak ada: ${missing.join(", ")}. Kolom berkas: ${table.headers.join(", ")}.`);
  if (mapping.duplicated.length) throw new CsvFileError(`Kolom disebut dua kali: ${mapping.duplicated.join(", ")}.`);

  const events: CivilRegistryEventRow[] = [];
  const rejections: RowRejection[] = [];
  const warnings: string[] = [];
  for (const row of table.rows) {
    const { line, cells } = row;
    const cell = (column: DukcapilColumn) => {
      const index = mapping.columns[column];
      return index === undefined ? "" : (cells[index] ?? "").trim();
    };
    const reject = (field: string, reason: string) => rejections.push(rejectionOf(table, row, field, reason));
    const control = controlColumnOf(row, mapping.columns);
    if (control) {
      reject(control, controlReason(control));
      continue;
    }
    const nik = idNumberText(idCell(row, mapping.columns.nik), "NIK");
    if (!nik.value || nik.mangled || !/^\d{16}$/.test(nik.value)) {
      reject(
        "nik",
        nik.value
          ? `NIK "${cell("nik")}" bukan 16 digit: peristiwa tidak dapat dicocokkan dengan penduduk`
          : "NIK kosong: peristiwa tidak dapat dicocokkan dengan penduduk",
      );
      continue;
    }
    const eventText = cell("peristiwa").toLowerCase().replace(/\s+/g, " ");
    const event = EVENT_WORDS[eventText];
    if (!event) {
      reject("peristiwa", `peristiwa "${cell("peristiwa")}" bukan salah satu dari: ${CIVIL_EVENTS.join(", ")}`);
      continue;
    }
    const rawDate = idCell(row, mapping.columns.tanggal);
    const eventDate = parseDate(rawDate);
    if (!eventDate) {
      reject("tanggal", cell("tanggal") ? `tanggal "${cell("tanggal")}" tidak terbaca` : "tanggal kosong");
      continue;
    }
    if (eventDate > today) {
      reject("tanggal", `tanggal ${eventDate} belum terjadi`);
      continue;
    }
    const destination = cell("tujuan") || null;
    if (event === "pindah" && !destination) warnings.push(`Baris ${line}: pindah tanpa tujuan`);
    events.push({ line, nik: nik.value, name: cell("nama") || null, event, eventDate, destination });
  }
  return { events, rejections, warnings };
}
