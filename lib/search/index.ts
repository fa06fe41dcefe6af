import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows } from "@/db/engine";
import { inScope, placeScopeSql } from "@/lib/access/scope";
import { areaCodeParam } from "@/lib/analytics";
import { areaLevelOfCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { maskIdNumber } from "@/lib/nik/mask";

export const SEARCH_LIMIT = 25;

/** `q` (a name, or 4 to 16 digits of a NIK) and an optional `area` to search within. */
export const searchParams = z.object({
  q: z
    .string({ error: "q wajib diisi: nama atau NIK" })
    .trim()
    .min(3, { error: "q minimal 3 huruf, atau 4 angka NIK" })
    .max(80, { error: "q paling panjang 80 huruf" })
    .refine((q) => !/^\d+$/.test(q) || q.length >= 4, { error: "q berupa angka harus minimal 4 digit NIK" }),
  area: areaCodeParam.optional(),
});
export type SearchQuery = z.infer<typeof searchParams>;

export interface SearchHit {
  household_id: number;
  dtks_id: string;
  name: string;
  /** Masked: the first four and last two digits. */
  nik: string | null;
  relation: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  rt_code: string | null;
  household_status: string;
  /** 1 for an exact NIK or name, down to pg_trgm's similarity threshold for a misspelt name. */
  score: number;
}

export interface SearchResult {
  q: string;
  area: string | null;
  by: "nik" | "nama";
  hits: SearchHit[];
}

/** Households whose effective area lies in `code`, at whatever level the code is. */
function areaFilter(code: string): SQL {
  switch (areaLevelOfCode(code)) {
    case "kabkota":
      return sql`h.kabkota_code = ${code}`;
    case "kecamatan":
      return sql`h.kabkota_code = ${code.slice(0, 5)} AND h.effective_kelurahan_code LIKE ${`${code}.%`}`;
    case "kelurahan":
      return sql`h.kabkota_code = ${code.slice(0, 5)} AND h.effective_kelurahan_code = ${code}`;
    case "rt":
      return sql`h.kabkota_code = ${code.slice(0, 5)} AND h.effective_rt_code = ${code}`;
    default:
      return sql`h.kabkota_code LIKE ${`${code}.%`}`;
  }
}

/**
 * DTKS members by NIK (whole, or any 4+ digits of it) or by name, tolerant of typos through
 * pg_trgm's trigram similarity (its GIN index on person.name), within an area when one is given
 * (by the household's effective kelurahan), and only ever within the actor's scope. Best matches
 * first. Null when the area asked for lies outside the scope.
 */
export async function searchRegister({ ctx, input }: { ctx: Context; input: SearchQuery }): Promise<SearchResult | null> {
  if (input.area && !inScope(ctx.actor, input.area)) return null;
  const byNik = /^\d+$/.test(input.q);
  const inArea = input.area ? sql`AND ${areaFilter(input.area)}` : sql``;
  const match = byNik
    ? input.q.length === 16
      ? sql`p.nik = ${input.q}`
      : sql`strpos(p.nik, ${input.q}) > 0`
    : sql`p.name % ${input.q}`;
  const score = byNik ? sql`1.0` : sql`similarity(p.name, ${input.q})`;
  const rows = await queryRows<SearchHit & { nik: string | null }>(
    ctx.db,
    sql`
      SELECT h.id::int AS household_id, h.dtks_id, p.name, p.nik, p.relation, h.effective_kelurahan_code AS kelurahan_code,
             k.name AS kelurahan_name, h.effective_rt_code AS rt_code, h.status AS household_status, round((${score})::numeric, 3)::float8 AS score
      FROM person p
      JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
      LEFT JOIN area k ON k.code = h.effective_kelurahan_code
      WHERE ${match} ${inArea} AND ${placeScopeSql(ctx.actor, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}
      ORDER BY score DESC, p.name, h.dtks_id
      LIMIT ${SEARCH_LIMIT}`,
  );
  return { q: input.q, area: input.area ?? null, by: byNik ? "nik" : "nama", hits: rows.map((row) => ({ ...row, nik: maskIdNumber(row.nik) })) };
}
