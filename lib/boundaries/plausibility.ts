import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { parentCodeOf } from "@/lib/area-codes";
import { referenceNames } from "@/lib/areas";
import type { Context } from "@/lib/context";

import { BoundaryFileError } from "./errors";
import { describeFeature, type BoundaryRow } from "./features";

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

/** How far (in degrees, about 110 km) a polygon may lie from an ancestor outline that is only derived from the areas held so far. */
const DERIVED_OUTLINE_REACH_DEG = 1;

/**
 * Refuses a file whose polygon cannot belong where its code puts it: a Jakarta polygon under a
 * Samarinda code. Each polygon is held against its nearest ancestor (kecamatan, kabupaten/kota;
 * from this file or already held) with an outline of its own, and must touch it. Where every
 * ancestor's outline is only derived from the areas held so far (source `turunan`), a partial
 * file may rightly lie beside them, so only a polygon far from the nearest one is refused.
 * Runs on the staged rows before the upsert (geometry repaired on the fly, as the upsert will).
 */
export async function refuseOutsideAncestors(ctx: Context, rows: readonly BoundaryRow[]): Promise<void> {
  const outside = await queryRows<{ code: string; ancestor_code: string; ancestor_name: string; derived: boolean }>(
    ctx.db,
    sql`WITH outlines AS (
          SELECT code, coalesce(name, code) AS name, false AS derived, ST_MakeValid(geom) AS geom FROM area_staging
          UNION ALL
          SELECT code, name, source = 'turunan', geom FROM area
          WHERE geom IS NOT NULL AND level IN ('kabkota', 'kecamatan', 'kelurahan') AND code NOT IN (SELECT code FROM area_staging)
        )
        SELECT s.code, a.code AS ancestor_code, a.name AS ancestor_name, a.derived
        FROM area_staging s
        CROSS JOIN LATERAL (
          SELECT o.* FROM outlines o
          WHERE o.code IN (left(s.code, 5), left(s.code, 8), left(s.code, 13)) AND length(o.code) < length(s.code)
          ORDER BY o.derived, length(o.code) DESC LIMIT 1
        ) a
        WHERE CASE WHEN a.derived THEN NOT ST_DWithin(ST_MakeValid(s.geom), a.geom, ${DERIVED_OUTLINE_REACH_DEG})
                   ELSE NOT ST_Intersects(ST_MakeValid(s.geom), a.geom) END
        ORDER BY s.code`,
  );
  if (!outside.length) return;
  const indexOf = new Map(rows.map((row, index) => [row.code, index]));
  throw new BoundaryFileError(
    `Berkas ditolak: ${outside.length} fitur berada di luar wilayah induknya, tidak ada yang diubah. ` +
      `Periksa kode dan sistem koordinatnya (harus bujur/lintang WGS84).`,
    outside.map((o) => {
      const where = `${o.ancestor_name} (${o.ancestor_code})`;
      const why = o.derived ? `lebih dari sekitar 110 km dari ${where} yang sudah ada` : `seluruhnya di luar ${where}`;
      return `${describeFeature(indexOf.get(o.code) ?? 0, o.code)}: geometrinya ${why}.`;
    }),
  );
}
