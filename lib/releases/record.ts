import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";

import { queryRows } from "@/db/engine";
import { heldReleases } from "@/lib/analytics";
import { homeKabkotaCode } from "@/lib/areas";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";
import { formatDate } from "@/lib/format";

/** The release a DTKS import names: "2025-Q3", published 2025-09-20. */
export interface ReleaseInput {
  name: string;
  date: string;
}

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,39}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A release name and date as the upload form and the CLI give them; both or neither. */
export const releaseFields = z
  .object({
    release: z
      .string()
      .trim()
      .regex(NAME_PATTERN, {
        error:
          "nama rilis: huruf, angka, spasi, titik, garis bawah atau tanda hubung, paling panjang 40 (misalnya 2025-Q3)",
      })
      .optional(),
    releaseDate: z
      .string()
      .trim()
      .regex(DATE_PATTERN, { error: "tanggal rilis harus berbentuk YYYY-MM-DD, misalnya 2025-09-20" })
      .refine(
        (date) =>
          !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
          new Date(`${date}T00:00:00Z`).toISOString().startsWith(date),
        {
          error: "tanggal rilis bukan tanggal yang ada",
        },
      )
      .optional(),
  })
  .refine((f) => !f.release || f.releaseDate, {
    error: "tanggal rilis wajib diisi bila nama rilis diisi",
    path: ["releaseDate"],
  })
  .refine((f) => !f.releaseDate || f.release, {
    error: "nama rilis wajib diisi bila tanggal rilis diisi",
    path: ["release"],
  })
  .transform((f): ReleaseInput | undefined =>
    f.release && f.releaseDate ? { name: f.release, date: f.releaseDate } : undefined,
  );

/**
 * How a file naming `release` is taken: as the register (`register`: the latest release, or a
 * newer one) or as a past release beside it (`past`: older than the latest held; the register is
 * left as it is and only the release is recorded). Refused, before anything is written: a date
 * after today, and a name already held with another date.
 */
export async function releaseMode(
  ctx: Context,
  kabkotaCode: string,
  release: ReleaseInput,
): Promise<"register" | "past"> {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Makassar" }).format(new Date());
  if (release.date > today)
    throw new UserError(`Tanggal rilis ${formatDate(release.date)} belum tiba; periksa tanggal rilis ${release.name}.`);
  const held = await heldReleases(ctx, kabkotaCode);
  const same = held.find((r) => r.name === release.name);
  if (same && same.release_date !== release.date)
    throw new UserError(
      `Rilis ${release.name} sudah ada dengan tanggal ${formatDate(same.release_date)}, bukan ${formatDate(release.date)}. ` +
        `Pakai tanggal yang sama untuk menambah berkas ke rilis ini, atau nama lain untuk rilis baru.`,
    );
  const latest = held.at(-1);
  return latest && latest.name !== release.name && latest.release_date >= release.date ? "past" : "register";
}

/**
 * Keeps a past release as its file lists it, without touching the register: each household the
 * register holds (by id_dtks) with the file's desil, status and verval, its place (the register's
 * effective place while the file declares the same kelurahan and RT, else the file's), and the
 * file's living members by count. Households the register no longer holds cannot be counted and
 * are returned by count, for the report's warning.
 */
export async function recordPastRelease(
  ctx: Context,
  input: { kabkotaCode: string; release: ReleaseInput; batchId: number; households: SQLWrapper; persons: SQLWrapper },
): Promise<RecordedRelease & { unknown: number }> {
  const { kabkotaCode, release, batchId } = input;
  const id = await releaseId(ctx, { kabkotaCode, release, batchId });
  await ctx.db.execute(sql`
    INSERT INTO dtks_release_household AS rh
      (kabkota_code, release_id, household_id, desil, status, verval_status, kelurahan_code, rt_code, members)
    SELECT h.kabkota_code, ${id}, h.id, s.desil, s.status, s.verval_status,
           CASE WHEN s.kelurahan_code = h.declared_kelurahan_code THEN h.effective_kelurahan_code ELSE s.kelurahan_code END,
           CASE WHEN s.kelurahan_code = h.declared_kelurahan_code AND s.rt_code IS NOT DISTINCT FROM h.declared_rt_code
                THEN h.effective_rt_code ELSE s.rt_code END,
           (SELECT count(*) FROM ${input.persons} p WHERE p.dtks_id = s.dtks_id AND p.death_date IS NULL)
    FROM ${input.households} s
    JOIN household h ON h.kabkota_code = ${kabkotaCode} AND h.dtks_id = s.dtks_id
    ON CONFLICT (kabkota_code, release_id, household_id) DO UPDATE SET
      desil = EXCLUDED.desil, status = EXCLUDED.status, verval_status = EXCLUDED.verval_status,
      kelurahan_code = EXCLUDED.kelurahan_code, rt_code = EXCLUDED.rt_code, members = EXCLUDED.members`);
  const [unknown] = await queryRows<{ households: number }>(
    ctx.db,
    sql`SELECT count(*)::int AS households FROM ${input.households} s
        WHERE NOT EXISTS (SELECT 1 FROM household h WHERE h.kabkota_code = ${kabkotaCode} AND h.dtks_id = s.dtks_id)`,
  );
  return { ...release, households: await countRelease(ctx, kabkotaCode, id), unknown: unknown!.households };
}

/** The release's id, created on its first file; a later file of it becomes its batch. */
async function releaseId(
  ctx: Context,
  input: { kabkotaCode: string; release: ReleaseInput; batchId: number },
): Promise<number> {
  const [row] = await queryRows<{ id: number }>(
    ctx.db,
    sql`INSERT INTO dtks_release (kabkota_code, name, release_date, import_batch_id)
        VALUES (${input.kabkotaCode}, ${input.release.name}, ${input.release.date}, ${input.batchId})
        ON CONFLICT (kabkota_code, name) DO UPDATE SET import_batch_id = EXCLUDED.import_batch_id
        RETURNING id::int AS id`,
  );
  return row!.id;
}

/** Counts a release's households again after a file added to it. */
async function countRelease(ctx: Context, kabkotaCode: string, id: number): Promise<number> {
  const [counted] = await queryRows<{ households: number }>(
    ctx.db,
    sql`UPDATE dtks_release r SET households = (
          SELECT count(*) FROM dtks_release_household rh WHERE rh.kabkota_code = r.kabkota_code AND rh.release_id = r.id)
        WHERE r.kabkota_code = ${kabkotaCode} AND r.id = ${id}
        RETURNING households`,
  );
  return counted!.households;
}

/**
 * Keeps the households `households` (a relation of household ids of `kabkotaCode`) as the
 * release lists them, from the register as it now stands (after the file landed): desil, status,
 * verval, place and living members. A household the release already held is updated (a release
 * brought in several files), so the same file twice leaves the same rows. Runs in the import's
 * transaction.
 */
export async function recordRelease(
  ctx: Context,
  input: { kabkotaCode: string; release: ReleaseInput; batchId: number; households: SQL },
): Promise<RecordedRelease> {
  const { kabkotaCode, release, batchId } = input;
  const id = await releaseId(ctx, { kabkotaCode, release, batchId });
  await ctx.db.execute(sql`
    INSERT INTO dtks_release_household AS rh
      (kabkota_code, release_id, household_id, desil, status, verval_status, kelurahan_code, rt_code, members)
    SELECT h.kabkota_code, ${id}, h.id, h.desil, h.status, h.verval_status, h.effective_kelurahan_code, h.effective_rt_code,
           (SELECT count(*) FROM person p
            WHERE p.kabkota_code = h.kabkota_code AND p.household_id = h.id AND p.death_date IS NULL)
    FROM household h
    WHERE h.kabkota_code = ${kabkotaCode} AND h.id IN (SELECT id FROM ${input.households} listed)
    ON CONFLICT (kabkota_code, release_id, household_id) DO UPDATE SET
      desil = EXCLUDED.desil, status = EXCLUDED.status, verval_status = EXCLUDED.verval_status,
      kelurahan_code = EXCLUDED.kelurahan_code, rt_code = EXCLUDED.rt_code, members = EXCLUDED.members`);
  return { ...release, households: await countRelease(ctx, kabkotaCode, id) };
}

/** A release as an import recorded it, with the households it now lists. */
export interface RecordedRelease extends ReleaseInput {
  households: number;
}

/** The sentence a batch's message ends with when it recorded a release. */
export const recordedNote = (recorded: RecordedRelease | null) =>
  recorded ? ` Rilis ${recorded.name}: ${recorded.households} rumah tangga.` : "";

/** The releases of the city the app opens on, oldest first (for the release pickers; figures only). */
export async function cityReleases({ ctx }: { ctx: Context; input: unknown }) {
  const kabkotaCode = await homeKabkotaCode(ctx);
  return { kabkota_code: kabkotaCode, releases: await heldReleases(ctx, kabkotaCode) };
}
