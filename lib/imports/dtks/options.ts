import { z } from "zod";

import { releaseFields } from "@/lib/releases";

import { DTKS_COLUMNS } from "../headers";
import { columnMappingSchema, presetNameSchema } from "../presets";

const mapping = columnMappingSchema(DTKS_COLUMNS);

/**
 * What a DTKS upload or `npm run import -- dtks` may add to the file: the release it is, a saved
 * column mapping to use or a mapping given as JSON (column → the file's header), and a name to
 * save that mapping under. Each bad one is named by its field.
 */
export const dtksUploadOptions = z
  .object({
    release: z.string().optional(),
    releaseDate: z.string().optional(),
    preset: presetNameSchema.optional(),
    columns: z
      .string()
      .optional()
      .transform((text, context) => {
        if (!text) return undefined;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.addIssue({ code: "custom", message: "pemetaan kolom bukan JSON yang sah" });
          return z.NEVER;
        }
      })
      .pipe(mapping.optional()),
    savePreset: presetNameSchema.optional(),
  })
  .refine((o) => !(o.preset && o.columns && Object.keys(o.columns).length), {
    error: "pilih pemetaan tersimpan atau atur kolom sendiri, bukan keduanya",
    path: ["preset"],
  })
  .refine((o) => !o.savePreset || (o.columns && Object.keys(o.columns).length), {
    error: "atur kolom berkas dulu sebelum menyimpan pemetaan",
    path: ["savePreset"],
  })
  .transform(({ release: name, releaseDate, ...rest }, context) => {
    const release = releaseFields.safeParse({ release: name, releaseDate });
    if (release.success) return { ...rest, release: release.data };
    for (const issue of release.error.issues)
      context.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });
