import { z } from "zod";

import { windowParams } from "@/lib/analytics";

import { TILE_LAYERS } from "./grid";

const coordinate = (name: string) =>
  z
    .string()
    .regex(/^\d+(\.(mvt|pbf))?$/, { error: `${name} harus bilangan bulat ≥ 0` })
    .transform((text) => Number.parseInt(text, 10));

const coordinates = {
  z: coordinate("z").refine((zoom) => zoom <= 22, { error: "z harus 0 sampai 22" }),
  x: coordinate("x"),
  y: coordinate("y"),
};

/** x and y must lie in zoom z's grid. */
function inGrid(t: { z: number; x: number; y: number }, context: z.RefinementCtx) {
  const size = 2 ** t.z;
  if (t.x >= size)
    context.addIssue({ code: "custom", path: ["x"], message: `x harus kurang dari ${size} pada zoom ${t.z}` });
  if (t.y >= size)
    context.addIssue({ code: "custom", path: ["y"], message: `y harus kurang dari ${size} pada zoom ${t.z}` });
}

/** `/api/tiles/{layer}/{z}/{x}/{y}` and its window, validated: x and y must lie in zoom z's grid. */
export const tileParams = z
  .intersection(
    z.object({
      layer: z.enum(TILE_LAYERS, { error: `layer harus salah satu dari ${TILE_LAYERS.join(", ")}` }),
      ...coordinates,
    }),
    windowParams,
  )
  .superRefine(inGrid);

/** A tile's address alone, `{z}/{x}/{y}` (the basemap's tiles), validated alike. */
export const tileAddressParams = z.object(coordinates).superRefine(inGrid);
