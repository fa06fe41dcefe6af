import { z } from "zod";

import { windowParams } from "@/lib/analytics";

export const CHILD_SORTS = [
  "kode",
  "nama",
  "rumah_tangga",
  "bertumpuk",
  "belum_menerima",
  "melanggar",
  "kesalahan",
  "rupiah",
] as const;
export type ChildSort = (typeof CHILD_SORTS)[number];

type RawParams = Record<string, string | string[] | undefined>;
const one = (raw: RawParams, key: string) =>
  typeof raw[key] === "string" && raw[key] !== "" ? (raw[key] as string) : undefined;

/**
 * The area page's URL state: the window (`from`, `to`) and the children's sort (`urut`). A bad
 * window is reported, not silently dropped: the page says which field and falls back to the default.
 */
export function parseAreaViewParams(raw: RawParams): {
  from?: string;
  to?: string;
  sort: ChildSort;
  problem: string | null;
} {
  const sort = z.enum(CHILD_SORTS).catch("kode").parse(one(raw, "urut"));
  const window = windowParams.safeParse({ from: one(raw, "from"), to: one(raw, "to") });
  if (!window.success) return { sort, problem: window.error.issues.map((i) => i.message).join("; ") };
  return { ...window.data, sort, problem: null };
}

/** A page's search parameters that carry a value: repeated and empty ones left out. */
export function filledParams(raw: RawParams): Record<string, string> {
  return Object.fromEntries(
    Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""),
  );
}

/** A link to the same page with some of its parameters changed. */
export function withParams(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
