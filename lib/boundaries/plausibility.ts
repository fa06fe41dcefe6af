import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import { parentCodeOf } from "@/lib/areas/codes";
import { referenceNames } from "@/lib/areas/reference-names";
import type { Context } from "@/lib/context";
import { BoundaryFileError } from "./errors";
import { type BoundaryRow, describeFeature } from "./features";

/** The part of a code the official list must know: an RT's kelurahan (RT codes are Tepat's own), else the code itself. */
function officialPartOf(row: BoundaryRow): string {
  return row.level === "rt" ? parentCodeOf(row.code)! : row.code;
}

/**
 * Refuses a file naming a code the official list (idn-area-data, Kemendagri) does not know, such
 * as `99.99.99.9999`, unless the admin said the file may (`--allow-unknown-codes`).
 * Rows are the file's features in order (toBoundaryRows keeps them so).
 */
export async function refuseUnknownCodes(rows: readonly BoundaryRow[]): Promise<void> {
  const names = await referenceNames();
  const problems = rows.flatMap((row, index) => {
    const official = officialPartOf(row);
    if (names.has(official)) return [];
    const what = row.level === "rt" ? `kelurahan ${official} dari kode RT ini` : "kode ini";
    return [`${describeFeature(index, row.code)}: ${what} tidak ada dalam daftar kode wilayah resmi Kemendagri.`];
  });
  if (problems.length) {
    throw new BoundaryFileError(
      `Berkas ditolak: ${problems.length} fitur berkode di luar daftar resmi, tidak ada yang diubah. ` +
        `Periksa kodenya; bila wilayah itu memang belum ada di daftar, impor lagi dengan --allow-unknown-codes ` +
        `(di halaman Impor: centang "Izinkan kode di luar daftar resmi").`,
      problems,
    );
  }
}

/**
 * Refuses a file whose polygon lies wholly outside its parent area, where the parent has an
 * outline of its own (from this file or an earlier one; an outline derived from the children
 * proves nothing): a Jakarta polygon under a Samarinda code. Runs after the upsert, inside its
 * transaction, so it sees repaired geometry and parents from the same file; throwing rolls all back.
 */
export async function refuseOutsideParents(ctx: Context, rows: readonly BoundaryRow[]): Promise<void> {
  const outside = await queryRows<{ code: string; parent_code: string; parent_name: string }>(
    ctx.db,
    sql`SELECT c.code, p.code AS parent_code, p.name AS parent_name
        FROM area_staging s
        JOIN area c ON c.code = s.code
        JOIN area p ON p.code = c.parent_code
        WHERE p.source <> 'turunan' AND p.geom IS NOT NULL AND NOT ST_Intersects(c.geom, p.geom)
        ORDER BY c.code`,
  );
  if (!outside.length) return;
  const indexOf = new Map(rows.map((row, index) => [row.code, index]));
  throw new BoundaryFileError(
    `Berkas ditolak: ${outside.length} fitur berada seluruhnya di luar wilayah induknya, tidak ada yang diubah. ` +
      `Periksa kode dan sistem koordinatnya (harus bujur/lintang WGS84).`,
    outside.map((o) => `${describeFeature(indexOf.get(o.code) ?? 0, o.code)}: geometrinya seluruhnya di luar ${o.parent_name} (${o.parent_code}).`),
  );
}
