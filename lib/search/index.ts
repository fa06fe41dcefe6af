import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { assertCan, inScope, placeScopeSql, recordAudit } from "@/lib/access";
import { areaCodeParam, areaLevelOfCode } from "@/lib/area-codes";
import type { Context } from "@/lib/context";
import { RateLimited } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { maskIdNumber } from "@/lib/nik";

import { ID_SEARCHES_PER_HOUR, idSearchRetryAt } from "./quota";

export { ID_SEARCHES_PER_HOUR } from "./quota";

export const SEARCH_LIMIT = 25;

/** What a search looks for: a name (typos allowed), or a whole NIK or No. KK. */
export const SEARCH_KINDS = ["nama", "nik", "kk"] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/**
 * The body of `POST /api/search`. A NIK or No. KK is searched whole (16 digits, spaces and dots
 * ignored), never in part: a part of a NIK, with the birth date and region a page shows, would
 * let a few searches rebuild the whole number.
 */
export const searchInput = z
  .object({
    by: z.enum(SEARCH_KINDS, { error: "by harus nama, nik atau kk" }),
    q: z
      .string({ error: "q wajib diisi: nama, NIK atau No. KK" })
      .trim()
      .max(80, { error: "q paling panjang 80 huruf" }),
    area: areaCodeParam.optional(),
  })
  .transform((input) => (input.by === "nama" ? input : { ...input, q: input.q.replace(/[\s.]/g, "") }))
  .superRefine((input, issues) => {
    const problem =
      input.by === "nama"
        ? input.q.length < 3
          ? "q minimal 3 huruf"
          : !/\p{L}/u.test(input.q)
            ? "q berupa nama harus berisi huruf; untuk NIK atau No. KK pilih by nik atau kk dan isi 16 angka"
            : null
        : /^\d{16}$/.test(input.q)
          ? null
          : `${input.by === "nik" ? "NIK" : "No. KK"} harus 16 angka lengkap; sebagian NIK tidak dapat dicari`;
    if (problem) issues.addIssue({ code: "custom", path: ["q"], message: problem });
  });
export type SearchQuery = z.infer<typeof searchInput>;

export interface SearchHit {
  household_id: number;
  dtks_id: string;
  name: string;
  /** Masked: the region prefix only. */
  nik: string | null;
  relation: string | null;
  kelurahan_code: string | null;
  kelurahan_name: string | null;
  rt_code: string | null;
  /** The household's address, RW and RT as the register declares them: where to knock. */
  address: string | null;
  rw: string | null;
  rt: string | null;
  household_status: string;
  /** 1 for a NIK or No. KK, down to pg_trgm's similarity threshold for a misspelt name. */
  score: number;
}

/** The query is not echoed: a NIK typed in goes no further than the request that carried it. */
export interface SearchResult {
  area: string | null;
  by: SearchKind;
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

function matchOf(input: SearchQuery): { match: SQL; score: SQL } {
  switch (input.by) {
    case "nik":
      return { match: sql`p.nik = ${input.q}`, score: sql`1.0` };
    case "kk":
      return { match: sql`h.no_kk = ${input.q}`, score: sql`1.0` };
    default:
      return { match: sql`p.name % ${input.q}`, score: sql`similarity(p.name, ${input.q})` };
  }
}

/** What the audit log keeps of a search: its kind and, for a NIK or No. KK, the masked number; never a name. */
function loggedQuery(input: SearchQuery): Record<string, unknown> {
  if (input.by === "nama") return { kind: "nama" };
  return { kind: input.by, [input.by === "nik" ? "nik" : "no_kk"]: maskIdNumber(input.q) };
}

/**
 * DTKS members by a whole NIK, by a whole No. KK (every member of that family) or by name,
 * tolerant of typos through pg_trgm's trigram similarity (its GIN index on person.name), within
 * an area when one is given (by the household's effective kelurahan), and only ever within the
 * actor's scope. Best matches first. Only for roles that may see single persons; every search is
 * written to the audit log, and an account may make at most ID_SEARCHES_PER_HOUR NIK and No. KK
 * searches an hour (RateLimited beyond). Null when the area asked for lies outside the scope.
 */
export async function searchRegister({
  ctx,
  input,
}: {
  ctx: Context;
  input: SearchQuery & { ip?: string | null };
}): Promise<SearchResult | null> {
  assertCan(ctx.actor, "person_details");
  if (input.area && !inScope(ctx.actor, input.area)) return null;
  const { match, score } = matchOf(input);
  const inArea = input.area ? sql`AND ${areaFilter(input.area)}` : sql``;
  const logged = { areaCode: input.area ?? null, ip: input.ip ?? null };
  const outcome = await ctx.db.transaction(async (db): Promise<{ retryAt: Date } | { hits: SearchHit[] }> => {
    const txCtx = { ...ctx, db };
    if (input.by !== "nama") {
      const retryAt = await idSearchRetryAt(txCtx);
      if (retryAt) return { retryAt };
    }
    const rows = await queryRows<SearchHit>(
      db,
      sql`
        SELECT h.id::int AS household_id, h.dtks_id, p.name, p.nik, p.relation, h.effective_kelurahan_code AS kelurahan_code,
               k.name AS kelurahan_name, h.effective_rt_code AS rt_code,
               h.address, h.rw, h.rt, h.status AS household_status, round((${score})::numeric, 3)::float8 AS score
        FROM person p
        JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
        LEFT JOIN area k ON k.code = h.effective_kelurahan_code
        WHERE ${match} ${inArea} AND ${placeScopeSql(ctx.actor, sql`h.effective_kelurahan_code`, sql`h.effective_rt_code`)}
        ORDER BY score DESC, p.name, h.dtks_id
        LIMIT ${SEARCH_LIMIT}`,
    );
    const households = [...new Set(rows.map((row) => row.household_id))];
    await recordAudit(txCtx, {
      action: "search",
      ...logged,
      detail: { ...loggedQuery(input), hits: rows.length, households },
    });
    return { hits: rows.map((row) => ({ ...row, nik: maskIdNumber(row.nik) })) };
  });
  if ("retryAt" in outcome) {
    await recordAudit(ctx, { action: "search_limited", ...logged, detail: loggedQuery(input) });
    // Rounded up to the minute the message names, so trying at that minute succeeds.
    const retryAt = new Date(Math.ceil(outcome.retryAt.getTime() / 60_000) * 60_000);
    throw new RateLimited(
      `Batas ${ID_SEARCHES_PER_HOUR} pencarian NIK atau No. KK per jam sudah tercapai. Coba lagi setelah ${formatDateTime(retryAt)}.`,
      retryAt,
    );
  }
  return { area: input.area ?? null, by: input.by, hits: outcome.hits };
}
