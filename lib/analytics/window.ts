import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { addMonths } from "./periods";

export { addMonths, monthsBetween, monthsOf, PERIOD_PATTERN } from "./periods";

/** An analysis window: months `from`..`to` inclusive, `YYYY-MM`. */
export interface AnalysisWindow {
  from: string;
  to: string;
}

/** What the area verbs are asked: an area code and an optional window. */
export interface AreaQuery {
  code: string;
  from?: string;
  to?: string;
}

/** The longest window a request may ask for (the edge parser refuses more): ten years. */
export const MAX_WINDOW_MONTHS = 120;

/** A window that lies wholly outside the periods held: answered as 400 naming the field. */
export class WindowOutsideData extends UserError {
  readonly fields: Record<string, string>;
  constructor(held: AnalysisWindow, field: "from" | "to") {
    const message = `jendela di luar periode data yang ada (${held.from} sampai ${held.to})`;
    super(`Jendela analisis di luar periode data yang ada (${held.from} sampai ${held.to}).`);
    this.fields = { [field]: message };
  }
}

/**
 * The window a request asks for, filling what it leaves out: by default the 12 months ending at
 * the latest period with receipts in the kabupaten/kota (or the current month when there are none).
 * A window asked for is cut to the periods held (no count changes: there are no receipts
 * outside them), and one wholly outside them is refused (WindowOutsideData), so no request
 * makes the server count, cache or list months of nothing.
 */
export async function resolveWindow({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; from?: string; to?: string };
}): Promise<AnalysisWindow> {
  const [span] = await queryRows<{ from: string | null; to: string | null }>(
    ctx.db,
    sql`SELECT min(period) AS "from", max(period) AS "to" FROM aid_receipt WHERE kabkota_code = ${input.kabkotaCode}`,
  );
  const held = span?.from && span.to ? { from: span.from, to: span.to } : null;
  if (!input.from && !input.to) {
    const to = held?.to ?? new Date().toISOString().slice(0, 7);
    return { from: addMonths(to, -11), to };
  }
  let to = input.to ?? held?.to ?? new Date().toISOString().slice(0, 7);
  if (input.from && !input.to && to < input.from) to = addMonths(input.from, 11);
  const from = input.from ?? addMonths(to, -11);
  if (!held) return { from, to };
  if (to < held.from) throw new WindowOutsideData(held, "to");
  if (from > held.to) throw new WindowOutsideData(held, "from");
  return { from: from < held.from ? held.from : from, to: to > held.to ? held.to : to };
}
