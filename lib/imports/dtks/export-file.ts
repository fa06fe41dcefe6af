import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import { assertCan, placeScopeSql, recordAudit } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { csvDownload, writeCsv, writeXlsx } from "@/lib/exports";
import { todayInWita } from "@/lib/format";
import { maskIdNumber } from "@/lib/nik";

import { DTKS_COLUMNS, type DtksColumn } from "../headers";
import { TEXT_COLUMNS } from "../templates";

/** Text columns, and the geotag as numbers: as text, a negative latitude would be neutralized as a formula. */
type MemberRow = Record<DtksColumn, string | number | null>;

/** A member of household `h` (person `p`) as a DTKS import row, under the canonical column names. */
const MEMBER_ROW = sql`
  h.dtks_id AS id_dtks, h.no_kk, p.nik, p.name AS nama, p.birth_date::text AS tgl_lahir, p.sex::text AS jenis_kelamin,
  p.relation::text AS hub_keluarga, h.address AS alamat, h.declared_kelurahan_code AS kode_kelurahan, h.rw, h.rt,
  h.desil::text AS desil, h.status::text AS status, h.nonaktif_reason::text AS alasan_nonaktif,
  p.death_date::text AS tgl_meninggal, h.verval_status::text AS status_verval, h.verval_date::text AS tgl_verval,
  ST_Y(h.geotag) AS latitude, ST_X(h.geotag) AS longitude`;

/**
 * The register of a kabupaten/kota as a DTKS member list in the import format (one row per
 * person, canonical headers), so a file Tepat writes can be read back by the importer.
 */
export async function exportDtksMemberList({
  ctx,
  input,
}: {
  ctx: Context;
  input: {
    kabkotaCode: string;
    /** The households a DTKS file places in this kelurahan only. */
    kelurahanCode?: string;
    /** The first N households by id; all when absent. */
    households?: number;
  };
}): Promise<{ csv: string; households: number; rows: number }> {
  const rows = await queryRows<MemberRow>(
    ctx.db,
    sql`
      WITH chosen AS (
        SELECT * FROM household WHERE kabkota_code = ${input.kabkotaCode}
          ${input.kelurahanCode === undefined ? sql`` : sql`AND declared_kelurahan_code = ${input.kelurahanCode}`}
        ORDER BY id ${input.households === undefined ? sql`` : sql`LIMIT ${input.households}`}
      )
      SELECT ${MEMBER_ROW}
      FROM chosen h JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      ORDER BY h.id, p.id`,
  );
  const columns = Object.keys(DTKS_COLUMNS) as DtksColumn[];
  const csv = writeCsv([columns, ...rows.map((row) => columns.map((column) => row[column]))]);
  return { csv, households: new Set(rows.map((row) => row.id_dtks)).size, rows: rows.length };
}

/** What the SIKS-NG file adds to the DTKS columns for each row: the proposal it comes from. */
export const SIKSNG_PROPOSAL_COLUMNS = [
  "id_usulan",
  "jenis_usulan",
  "alasan_usulan",
  "tgl_usulan",
  "tgl_disetujui_lurah",
  "tgl_diverifikasi",
  "tgl_diterapkan",
  "tgl_muskel",
  "status_nasional",
] as const;
type ProposalColumn = (typeof SIKSNG_PROPOSAL_COLUMNS)[number];

export interface SiksNgExportInput {
  format: "csv" | "xlsx";
  /** Applied on or after / on or before these days (WITA); all when absent. */
  from?: string;
  to?: string;
  /** Full NIK and No. KK, for entry into SIKS-NG: logged with its reason. Masked otherwise. */
  fullNik?: { reason: string };
}

/**
 * The proposals Dinas Sosial verified and applied, as the file an operator enters into SIKS-NG:
 * one row per member of each household as the register now holds it, in the DTKS import's columns
 * (so the importer reads it back), followed by the proposal's id, kind, reason and dates. NIK and
 * No. KK are masked unless `fullNik` names why they are needed; either way the export is logged.
 */
export async function exportProposalsForSiksNg({
  ctx,
  input,
}: {
  ctx: Context;
  input: SiksNgExportInput;
}): Promise<{ body: Uint8Array; contentType: string; fileName: string; proposals: number; rows: number }> {
  assertCan(ctx.actor, "verify_proposals");
  const kabkota = await homeKabkotaCode(ctx);
  const day = sql`(ph.at AT TIME ZONE 'Asia/Makassar')::date::text`;
  const rows = await queryRows<Record<DtksColumn | ProposalColumn, string | number | null>>(
    ctx.db,
    sql`
      WITH chosen AS (
        SELECT pr.* FROM proposal pr
        WHERE pr.kabkota_code = ${kabkota} AND pr.state = 'diterapkan' AND pr.household_id IS NOT NULL
          AND ${placeScopeSql(ctx.actor, sql`pr.kelurahan_code`, sql`pr.rt_code`)}
          ${input.from ? sql`AND (pr.state_changed_at AT TIME ZONE 'Asia/Makassar')::date >= ${input.from}::date` : sql``}
          ${input.to ? sql`AND (pr.state_changed_at AT TIME ZONE 'Asia/Makassar')::date <= ${input.to}::date` : sql``}
      )
      SELECT ${MEMBER_ROW}, pr.id::int AS id_usulan, pr.kind::text AS jenis_usulan,
             coalesce(pr.reason::text, pr.change->>'why',
                      (SELECT string_agg(DISTINCT m->>'op', ', ') FROM jsonb_array_elements(pr.change->'members') m),
                      'perubahan data rumah tangga') AS alasan_usulan,
             (pr.created_at AT TIME ZONE 'Asia/Makassar')::date::text AS tgl_usulan,
             steps.tgl_disetujui_lurah, steps.tgl_diverifikasi, steps.tgl_diterapkan,
             mk.held_on::text AS tgl_muskel, pr.national_check::text AS status_nasional
      FROM chosen pr
      CROSS JOIN LATERAL (
        SELECT max(${day}) FILTER (WHERE ph.action = 'setujui') AS tgl_disetujui_lurah,
               max(${day}) FILTER (WHERE ph.action = 'verifikasi') AS tgl_diverifikasi,
               max(${day}) FILTER (WHERE ph.action = 'terapkan') AS tgl_diterapkan
        FROM proposal_history ph WHERE ph.kabkota_code = pr.kabkota_code AND ph.proposal_id = pr.id
      ) steps
      JOIN household h ON h.kabkota_code = pr.kabkota_code AND h.id = pr.household_id
      JOIN person p ON p.kabkota_code = h.kabkota_code AND p.household_id = h.id
      LEFT JOIN muskel mk ON mk.kabkota_code = pr.kabkota_code AND mk.id = pr.muskel_id
      ORDER BY pr.id, p.id`,
  );
  const columns = [...(Object.keys(DTKS_COLUMNS) as DtksColumn[]), ...SIKSNG_PROPOSAL_COLUMNS];
  const cells = rows.map((row) =>
    columns.map((column) =>
      !input.fullNik && (column === "nik" || column === "no_kk")
        ? maskIdNumber(row[column] as string | null)
        : row[column],
    ),
  );
  const proposals = new Set(rows.map((row) => row.id_usulan)).size;
  await recordAudit(ctx, {
    action: "proposal_export",
    entity: "proposal",
    detail: {
      format: input.format,
      full_nik: Boolean(input.fullNik),
      reason: input.fullNik?.reason ?? null,
      from: input.from ?? null,
      to: input.to ?? null,
      proposals,
      rows: rows.length,
    },
  });
  const fileName = `usulan-siks-ng-${todayInWita()}${input.fullNik ? "" : "-tersamar"}.${input.format}`;
  if (input.format === "csv")
    return {
      body: csvDownload([columns, ...cells]),
      contentType: "text/csv; charset=utf-8",
      fileName,
      proposals,
      rows: rows.length,
    };
  return {
    body: writeXlsx({
      name: "Usulan SIKS-NG",
      rows: [columns, ...cells],
      textColumns: new Set(columns.flatMap((column, i) => (TEXT_COLUMNS.has(column) ? [i] : []))),
    }),
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    fileName,
    proposals,
    rows: rows.length,
  };
}
