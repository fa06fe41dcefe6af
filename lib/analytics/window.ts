import { sql } from "drizzle-orm";
import { queryRows } from "@/db/engine";
import type { Context } from "@/lib/context";
import { addMonths } from "./periods";

export { addMonths, monthsOf, PERIOD_PATTERN } from "./periods";

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

/**
 * The window a request asks for, filling what it leaves out: by default the 12 months ending at
 * the latest period with receipts in the kabupaten/kota (or the current month when there are none).
 */
export async function resolveWindow({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; from?: string; to?: string };
}): Promise<AnalysisWindow> {
  if (input.from && input.to) return { from: input.from, to: input.to };
  let to = input.to;
  if (!to) {
    const [latest] = await queryRows<{ period: string | null }>(
      ctx.db,
      sql`SELECT max(period) AS period FROM aid_receipt WHERE kabkota_code = ${input.kabkotaCode}`,
    );
    to = latest?.period ?? new Date().toISOString().slice(0, 7);
    if (input.from && to < input.from) to = addMonths(input.from, 11);
  }
  return { from: input.from ?? addMonths(to, -11), to };
}
