import { eventLoopPass } from "@/db/engine";
import type { NikCheck } from "@/db/schema/vocabulary";
import { normalizeAreaCode } from "@/lib/area-codes";
import { UserError } from "@/lib/errors";
import { formatInteger } from "@/lib/format";
import { idNumberText, nikCheckOf } from "@/lib/nik";

import { ROWS_PER_PROGRESS, type RowRejection } from "../batch";
import { CsvFileError } from "../csv";
import { parseDate, parsePeriod } from "../dates";
import { mapHeaders, RECIPIENT_COLUMNS, type RecipientColumn } from "../headers";
import { controlColumnOf, controlReason, idCell, rejectionOf, type Table, type TableRow } from "../table";
import { MAX_RUPIAH, readNeighbourhood, readRupiah } from "../values";

export interface Receipt {
  line: number;
  kabkotaCode: string;
  programCode: string;
  period: string;
  nik: string | null;
  nikCheck: NikCheck;
  noKk: string | null;
  name: string | null;
  amount: number | null;
  kelurahanCode: string;
  birthDate: string | null;
  rt: string | null;
}

export interface RecipientParseContext {
  isKecamatan: (digits: string) => boolean;
  isKelurahan: (code: string) => boolean;
  /** Canonical program code for a code or alias (case-insensitive), or undefined. */
  programOf: (text: string) => string | undefined;
  knownPrograms: string[];
  /** From the command line or the upload form; a column of the file wins where filled. */
  program?: string;
  period?: string;
  /** Hears how many rows are checked, every ROWS_PER_PROGRESS rows. */
  onRows?: (done: number) => void;
}

/** A recipient list naming a program the database does not know: refused whole, with the rows naming it. */
export class UnknownProgramError extends UserError {
  constructor(
    message: string,
    problems: string[],
    readonly rejections: RowRejection[],
  ) {
    super(message, problems);
  }
}

/** Lines named in a refusal before the rest are counted. */
const NAMED_LINES = 20;

/** Where an unknown program stands: the lines of the file, or the form's choice when none. */
function unknownProgramProblem(program: string, lines: number[]): string {
  if (lines.length === 0) return `"${program}": program yang dipilih di formulir (atau --program)`;
  const named = lines.slice(0, NAMED_LINES).join(", ");
  const rest = lines.length - NAMED_LINES;
  return `"${program}": baris ${named}${rest > 0 ? ` dan ${formatInteger(rest)} baris lainnya` : ""}`;
}

/**
 * Validates a recipient list (BNBA). An invalid or unknown NIK is a fact about the list and is
 * kept; only what cannot be read is rejected: no NIK and no No. KK, no valid period, an unknown
 * kelurahan, an unreadable amount.
 */
export async function parseRecipientRows(
  table: Table,
  context: RecipientParseContext,
): Promise<{ receipts: Receipt[]; rejections: RowRejection[]; warnings: string[] }> {
  const mapping = mapHeaders(table.headers, RECIPIENT_COLUMNS);
  const has = (column: RecipientColumn) => mapping.columns[column] !== undefined;
  const missing: string[] = [];
  if (!has("nik") && !has("no_kk") && !has("nama")) missing.push("nik, no_kk atau nama");
  if (!has("kode_kelurahan")) missing.push("kode_kelurahan");
  if (!has("program") && !context.program) missing.push("program (atau --program)");
  if (!has("periode") && !context.period) missing.push("periode (atau --period)");
  if (missing.length)
    throw new CsvFileError(`Kolom wajib tidak ada: ${missing.join(", ")}. Kolom berkas: ${table.headers.join(", ")}.`);
  if (mapping.duplicated.length) throw new CsvFileError(`Kolom disebut dua kali: ${mapping.duplicated.join(", ")}.`);

  const cellOf = (cells: string[], column: RecipientColumn) => {
    const index = mapping.columns[column];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };

  // Each unknown program with the lines naming it, so the operator can correct them in the file.
  const unknownPrograms = new Map<string, number[]>();
  const namingUnknown: RowRejection[] = [];
  if (context.program && !context.programOf(context.program)) unknownPrograms.set(context.program, []);
  for (const row of table.rows) {
    const text = cellOf(row.cells, "program");
    if (!text || context.programOf(text)) continue;
    unknownPrograms.set(text, [...(unknownPrograms.get(text) ?? []), row.line]);
    namingUnknown.push(rejectionOf(table, row, "program", `program "${text}" tidak dikenal`));
  }
  if (unknownPrograms.size) {
    throw new UnknownProgramError(
      `Program ${[...unknownPrograms.keys()].map((p) => `"${p}"`).join(", ")} tidak dikenal; berkas ditolak. ` +
        `Program yang dikenal: ${context.knownPrograms.join(", ")}. Admin dapat mendaftarkan program baru.`,
      [...unknownPrograms].map(([program, lines]) => unknownProgramProblem(program, lines)),
      namingUnknown,
    );
  }

  const receipts: Receipt[] = [];
  const rejections: RowRejection[] = [];
  const warnings: string[] = [];
  const reject = (row: TableRow, field: string, reason: string) =>
    rejections.push(rejectionOf(table, row, field, reason));
  // A list names one or a few months: each period's text is read once.
  const periods = new Map<string, string | null>();
  const periodOf = (text: string) => {
    if (!periods.has(text)) periods.set(text, parsePeriod(text));
    return periods.get(text)!;
  };
  let checked = 0;
  // The loop defines no function per row: a closure per row cost a 100,000-row list about 10 % of its check.
  for (const row of table.rows) {
    if (++checked % ROWS_PER_PROGRESS === 0) {
      context.onRows?.(checked);
      await eventLoopPass();
    }
    const { line, cells } = row;
    const control = controlColumnOf(row, mapping.columns);
    if (control) {
      reject(row, control, controlReason(control));
      continue;
    }

    const nik = idNumberText(idCell(row, mapping.columns.nik), "NIK");
    const noKk = idNumberText(idCell(row, mapping.columns.no_kk), "No. KK");
    const name = cellOf(cells, "nama") || null;
    if (!nik.value && !noKk.value && !name) {
      reject(row, "nik", "NIK, No. KK dan nama kosong: penerima tidak dapat dikenali");
      continue;
    }
    const programText = cellOf(cells, "program") || context.program!;
    if (!programText) {
      reject(row, "program", "program kosong");
      continue;
    }
    const periodText = cellOf(cells, "periode") || context.period || "";
    const period = periodOf(periodText);
    if (!period) {
      reject(row, "periode", `periode "${periodText}" bukan bulan YYYY-MM`);
      continue;
    }
    const kelurahanText = cellOf(cells, "kode_kelurahan");
    const kelurahanCode = normalizeAreaCode(kelurahanText);
    if (!kelurahanCode || !context.isKelurahan(kelurahanCode)) {
      reject(
        row,
        "kode_kelurahan",
        kelurahanText ? `kode_kelurahan "${kelurahanText}" bukan kelurahan yang dikenal` : "kode_kelurahan kosong",
      );
      continue;
    }
    const amount = readRupiah(idCell(row, mapping.columns.nominal));
    if (amount === undefined) {
      reject(
        row,
        "nominal",
        `nominal "${cellOf(cells, "nominal")}" bukan jumlah rupiah yang terbaca: tulis 1234567, 1.234.567 atau 1.234.567,50, paling banyak Rp ${formatInteger(MAX_RUPIAH)} per baris`,
      );
      continue;
    }
    const birthDate = parseDate(idCell(row, mapping.columns.tgl_lahir));
    const birthText = cellOf(cells, "tgl_lahir");
    if (birthText && !birthDate) {
      reject(row, "tgl_lahir", `tgl_lahir "${birthText}" bukan tanggal: tulis 1985-08-17 atau 17/08/1985`);
      continue;
    }
    const rtText = cellOf(cells, "rt");
    const rt = readNeighbourhood(rtText);
    if (rt === undefined) {
      reject(row, "rt", `rt "${rtText}" bukan nomor RT (angka, paling banyak tiga digit)`);
      continue;
    }
    for (const warning of [nik.warning, noKk.warning]) if (warning) warnings.push(`Baris ${line}: ${warning}`);
    receipts.push({
      line,
      kabkotaCode: kelurahanCode.slice(0, 5),
      programCode: context.programOf(programText)!,
      period,
      nik: nik.value,
      nikCheck: nikCheckOf(nik, { isKecamatan: context.isKecamatan }),
      noKk: noKk.value,
      name,
      amount,
      kelurahanCode,
      birthDate,
      rt,
    });
  }
  return { receipts, rejections, warnings };
}
