import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { importPreset } from "@/db/schema";
import type { ImportKind } from "@/db/schema/vocabulary";
import { assertCan, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { CsvFileError } from "./csv";
import { DTKS_COLUMNS, mapHeaders, normalizeHeader } from "./headers";

/** The format's column → the header of the file that holds it. */
export type ColumnMapping = Record<string, string>;

/** A column mapping as a form or the CLI sends it: the format's columns only, each a header of at most 200 characters. */
export function columnMappingSchema(format: Record<string, readonly string[]>) {
  const columns = Object.keys(format);
  return z
    .record(z.string(), z.string().trim().max(200, { error: "nama kolom berkas paling panjang 200 karakter" }))
    .superRefine((mapping, context) => {
      for (const key of Object.keys(mapping))
        if (!columns.includes(key))
          context.addIssue({
            code: "custom",
            path: [key],
            message: `kolom ${key} tidak dikenal; kolom format: ${columns.join(", ")}`,
          });
    })
    .transform(
      (mapping) => Object.fromEntries(Object.entries(mapping).filter(([, header]) => header)) as ColumnMapping,
    );
}

/** A header no format knows: what a header the mapping replaced becomes, so it maps to nothing. */
const UNUSED = (header: string) => `(tidak dipakai) ${header}`;

/**
 * The table with its headers renamed as the mapping says: the header named for a column takes
 * that column's name, and any other header the format would have read as that column is set
 * aside. A header the mapping names that the file lacks refuses the file, naming both.
 */
export function applyColumnMapping<T extends { headers: string[] }>(
  table: T,
  mapping: ColumnMapping,
  format: Record<string, readonly string[]>,
): T {
  // In the format's order, whatever order the mapping was stored in.
  const entries = Object.keys(format).flatMap((column) =>
    mapping[column] ? [[column, mapping[column]] as const] : [],
  );
  if (!entries.length) return table;
  const headers = [...table.headers];
  const indexOf = new Map(headers.map((header, i) => [normalizeHeader(header), i]));
  const missing = entries.filter(([, header]) => !indexOf.has(normalizeHeader(header)));
  if (missing.length)
    throw new CsvFileError(
      `Kolom yang dipetakan tidak ada di berkas: ${missing.map(([column, header]) => `"${header}" (untuk ${column})`).join(", ")}. ` +
        `Kolom berkas: ${table.headers.join(", ")}.`,
    );
  const mapped = new Set<number>();
  for (const [column, header] of entries) {
    const index = indexOf.get(normalizeHeader(header))!;
    if (mapped.has(index))
      throw new CsvFileError(`Kolom "${header}" dipetakan ke lebih dari satu kolom format; pilih satu.`);
    mapped.add(index);
    // Any other header that would be read as this column makes way for the one chosen.
    const names = new Set([column, ...(format[column] ?? [])].map(normalizeHeader));
    headers.forEach((other, i) => {
      if (i !== index && !mapped.has(i) && names.has(normalizeHeader(other))) headers[i] = UNUSED(other);
    });
    headers[index] = column;
  }
  return { ...table, headers };
}

export interface ImportPreset {
  name: string;
  columns: ColumnMapping;
  updated_at: string;
}

/** The formats whose columns a preset may map, by import kind. */
const PRESET_FORMATS: Partial<Record<ImportKind, Record<string, readonly string[]>>> = { dtks: DTKS_COLUMNS };

export const presetNameSchema = z
  .string()
  .trim()
  .min(1, { error: "nama pemetaan wajib diisi" })
  .max(60, { error: "nama pemetaan paling panjang 60 karakter" });

/** The saved mappings of an import kind, by name. */
export async function listPresets(ctx: Context, kind: ImportKind): Promise<ImportPreset[]> {
  return ctx.db
    .select({
      name: importPreset.name,
      columns: importPreset.columns,
      updated_at: sql<string>`${importPreset.updatedAt}::text`,
    })
    .from(importPreset)
    .where(eq(importPreset.kind, kind))
    .orderBy(asc(importPreset.name));
}

/** A saved mapping by name; an unknown name is refused with the names there are. */
export async function presetColumns(ctx: Context, kind: ImportKind, name: string): Promise<ColumnMapping> {
  const [preset] = await ctx.db
    .select({ columns: importPreset.columns })
    .from(importPreset)
    .where(and(eq(importPreset.kind, kind), eq(importPreset.name, name)));
  if (preset) return preset.columns;
  const known = (await listPresets(ctx, kind)).map((p) => p.name);
  throw new UserError(
    `Pemetaan kolom "${name}" tidak ada${known.length ? `; yang ada: ${known.join(", ")}` : "; belum ada pemetaan yang disimpan"}.`,
  );
}

/** Saves (or replaces) a named mapping of an import kind, for whoever may import; logged. */
export async function savePreset(
  ctx: Context,
  input: { kind: ImportKind; name: string; columns: ColumnMapping },
): Promise<ImportPreset> {
  assertCan(ctx.actor, "import");
  const format = PRESET_FORMATS[input.kind];
  if (!format) throw new UserError(`Pemetaan kolom belum tersedia untuk impor ${input.kind}.`);
  const columns = columnMappingSchema(format).parse(input.columns);
  const updatedBy = ctx.actor.kind === "user" ? ctx.actor.userId : null;
  if (!Object.keys(columns).length)
    throw new UserError("Pemetaan kolom kosong: pilih kolom berkas untuk paling sedikit satu kolom.");
  const [saved] = await ctx.db
    .insert(importPreset)
    .values({ kind: input.kind, name: input.name, columns, updatedBy })
    .onConflictDoUpdate({
      target: [importPreset.kind, importPreset.name],
      set: { columns, updatedBy, updatedAt: sql`now()` },
    })
    .returning({
      name: importPreset.name,
      columns: importPreset.columns,
      updated_at: sql<string>`${importPreset.updatedAt}::text`,
    });
  await recordAudit(ctx, {
    action: "import_preset_save",
    entity: "import_preset",
    detail: { kind: input.kind, name: input.name, columns },
  });
  return saved!;
}

/** A file's headers and, for each of the format's columns, the header read as it without a mapping (null: none). */
export function fileColumns(
  table: { headers: string[] },
  format: Record<string, readonly string[]>,
): { headers: string[]; automatic: Record<string, string | null> } {
  const mapping = mapHeaders(table.headers, format);
  const columns = mapping.columns as Record<string, number | undefined>;
  return {
    headers: table.headers.filter((header) => header.trim()),
    automatic: Object.fromEntries(
      Object.keys(format).map((column) => {
        const index = columns[column];
        return [column, index === undefined ? null : table.headers[index]!];
      }),
    ),
  };
}
