import { sql } from "drizzle-orm";

import { queryRows } from "@/db/engine";
import type { AreaLevel } from "@/db/schema/vocabulary";
import { assertCan, recordAudit } from "@/lib/access";
import type { Context } from "@/lib/context";
import { UserError } from "@/lib/errors";

import { EXPORT_CHUNK_ROWS, wholeList } from "./household-export";
import type { ListedHousehold } from "./households";
import type { AnalysisWindow, AreaQuery } from "./window";

/** The levels a visit sheet is printed for: an RT, or a kelurahan as one sheet per RT. */
export const VISIT_SHEET_LEVELS: readonly AreaLevel[] = ["rt", "kelurahan"];

/** A household on the sheet: the list's row with its visit fields, and what to check there. */
export type VisitHousehold = ListedHousehold & { visit: NonNullable<ListedHousehold["visit"]>; checks: string[] };

export interface VisitSheetRt {
  /** Null for households the register places in the kelurahan but in no known RT. */
  code: string | null;
  name: string;
  households: VisitHousehold[];
}

export interface VisitSheet {
  code: string;
  window: AnalysisWindow;
  rts: VisitSheetRt[];
  total: number;
}

const LOCATION_CHECKS: Partial<Record<NonNullable<ListedHousehold["visit"]>["location_status"], string>> = {
  tanpa_geotag: "Belum ada titik lokasi: ambil titik di rumah",
  tidak_sesuai: "Titik lokasi jatuh di kelurahan lain: pastikan alamat",
  di_luar_wilayah: "Titik lokasi di luar wilayah yang tercatat: pastikan alamat",
  di_luar_kabkota: "Titik lokasi di luar kota: pastikan alamat",
};

/**
 * What the visitor should look at in a household, most pressing first: inclusion errors of the
 * window, stacked aid, an eligible household left out, verval and the geotag. The same
 * definitions as the lists (households.ts), in the words of the sheet.
 */
export function visitChecks(h: ListedHousehold): string[] {
  const checks: string[] = [];
  if (h.errors.deceased > 0) checks.push("Penerima tercatat meninggal masih dibayar: pastikan anggota");
  if (h.status === "nonaktif" && h.programs.length > 0) checks.push("Nonaktif tetapi masih menerima: pastikan status");
  if (h.errors.paid_twice > 0) checks.push("Dibayar dua kali dalam satu bulan");
  if (h.errors.invalid_nik > 0) checks.push("NIK penerima tidak sah: cocokkan dengan KK");
  if (h.visit?.stacked) checks.push(`Bantuan bertumpuk (${h.programs.join(" + ")}): pastikan kelayakan`);
  if (h.eligible && h.programs.length === 0) checks.push("Layak tetapi belum menerima: catat kondisi");
  if (h.verval_status === "belum") checks.push("Belum diverifikasi: pastikan keberadaan dan kondisi");
  const location = h.visit && LOCATION_CHECKS[h.visit.location_status];
  if (location) checks.push(location);
  return checks;
}

/**
 * The RT visit sheet: every household of an RT (or of each RT of a kelurahan) in the order a
 * visitor walks, with the head of household's name, address, status, programs of the window and
 * what to check. Only for a role that may see persons; the printing is logged. Null when the
 * area is unknown or outside the actor's scope.
 */
export async function readVisitSheet({
  ctx,
  input,
}: {
  ctx: Context;
  input: AreaQuery & { level: AreaLevel };
}): Promise<VisitSheet | null> {
  assertCan(ctx.actor, "person_details");
  if (!VISIT_SHEET_LEVELS.includes(input.level))
    throw new UserError("Lembar kunjungan dicetak per RT atau per kelurahan; pilih salah satu RT atau kelurahan.");
  const list = await wholeList(
    ctx,
    { code: input.code, from: input.from, to: input.to, list: "all", sort: "alamat" },
    EXPORT_CHUNK_ROWS,
  );
  if (!list) return null;
  const names = await queryRows<{ code: string; name: string }>(
    ctx.db,
    sql`SELECT code, name FROM area WHERE level = 'rt' AND (code = ${list.code} OR parent_code = ${list.code})`,
  );
  const rtName = new Map(names.map((a) => [a.code, a.name]));
  const rts = new Map<string | null, VisitSheetRt>();
  for (const household of list.households) {
    if (!household.visit) continue;
    const code = household.rt_code;
    let rt = rts.get(code);
    if (!rt) {
      rt = { code, name: code ? (rtName.get(code) ?? `RT ${code.slice(-3)}`) : "RT belum diketahui", households: [] };
      rts.set(code, rt);
    }
    rt.households.push({ ...household, visit: household.visit, checks: visitChecks(household) });
  }
  await recordAudit(ctx, {
    action: "visit_sheet",
    entity: "area",
    entityId: list.code,
    areaCode: list.code,
    detail: { rows: list.households.length, window: list.window },
  });
  return { code: list.code, window: list.window, rts: [...rts.values()], total: list.households.length };
}
