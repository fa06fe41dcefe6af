import { z } from "zod";

/** The map's URL state: `?wilayah=64.72.05.1004` selects and frames an area. */
const mapSearchParams = z.object({
  wilayah: z
    .string()
    .regex(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/)
    .optional()
    .catch(undefined),
});

export type MapSearchParams = z.infer<typeof mapSearchParams>;

export function parseMapSearchParams(raw: Record<string, string | string[] | undefined>): MapSearchParams {
  return mapSearchParams.parse({ wilayah: typeof raw.wilayah === "string" ? raw.wilayah : undefined });
}
