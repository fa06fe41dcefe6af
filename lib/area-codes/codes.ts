import { z } from "zod";

import type { AreaLevel } from "@/db/schema/vocabulary";

/**
 * Kemendagri area codes: `64` provinsi, `64.72` kabkota, `64.72.05` kecamatan,
 * `64.72.05.1004` kelurahan; Tepat adds `64.72.05.1004.003.012` for RT 12 of RW 3.
 * The one definition of their shape: every pattern and parameter below is built from it.
 */
const LEVEL_SHAPES: ReadonlyArray<readonly [AreaLevel, string]> = [
  ["provinsi", String.raw`\d{2}`],
  ["kabkota", String.raw`\d{2}\.\d{2}`],
  ["kecamatan", String.raw`\d{2}\.\d{2}\.\d{2}`],
  ["kelurahan", String.raw`\d{2}\.\d{2}\.\d{2}\.\d{4}`],
  ["rt", String.raw`\d{2}\.\d{2}\.\d{2}\.\d{4}\.\d{3}\.\d{3}`],
];

/** A whole-string pattern for the codes of the given levels. */
export function areaCodePattern(...levels: AreaLevel[]): RegExp {
  const shapes = LEVEL_SHAPES.filter(([level]) => levels.includes(level)).map(([, shape]) => shape);
  return new RegExp(`^(?:${shapes.join("|")})$`);
}

const LEVEL_PATTERNS = LEVEL_SHAPES.map(([level]) => [level, areaCodePattern(level)] as const);

/** An area code in a request or an account: kabupaten/kota down to RT. */
export const areaCodeParam = z.string().regex(areaCodePattern("kabkota", "kecamatan", "kelurahan", "rt"), {
  error: "kode wilayah harus kode Kemendagri seperti 64.72 atau 64.72.05.1004",
});

/** The level a code denotes, or null when it is no valid area code. */
export function areaLevelOfCode(code: string): AreaLevel | null {
  for (const [level, pattern] of LEVEL_PATTERNS) if (pattern.test(code)) return level;
  return null;
}

/**
 * Accepts a code as files write it — dotted, or without dots as in `kode_nodot` and many
 * shapefiles (`6472051004`) — and returns the dotted form, or null when it cannot be a code.
 */
export function normalizeAreaCode(raw: unknown): string | null {
  if (typeof raw !== "string" && typeof raw !== "number") return null;
  const text = String(raw).trim();
  if (areaLevelOfCode(text)) return text;
  if (!/^\d+$/.test(text)) return null;
  const splits: Record<number, number[]> = {
    2: [2],
    4: [2, 2],
    6: [2, 2, 2],
    10: [2, 2, 2, 4],
    16: [2, 2, 2, 4, 3, 3],
  };
  const widths = splits[text.length];
  if (!widths) return null;
  const parts: string[] = [];
  let at = 0;
  for (const width of widths) {
    parts.push(text.slice(at, at + width));
    at += width;
  }
  return parts.join(".");
}

/** The code of the area directly above; RT sits directly under its kelurahan. */
export function parentCodeOf(code: string): string | null {
  switch (areaLevelOfCode(code)) {
    case "provinsi":
    case null:
      return null;
    case "rt":
      return code.slice(0, 13);
    default:
      return code.slice(0, code.lastIndexOf("."));
  }
}

/** Every area above `code`, nearest first. */
export function ancestorCodesOf(code: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentCodeOf(code); parent; parent = parentCodeOf(parent)) ancestors.push(parent);
  return ancestors;
}

/** The kabupaten/kota an area belongs to (the Citus distribution key); null above it. */
export function kabkotaCodeOf(code: string): string | null {
  const level = areaLevelOfCode(code);
  return level === null || level === "provinsi" ? null : code.slice(0, 5);
}

/** `RT 003 / RW 012` style name for an RT code. */
export function rtNameOf(code: string): string {
  const [, , , , rw, rt] = code.split(".");
  return `RT ${rt} / RW ${rw}`;
}
