import { sql } from "drizzle-orm";

import { migrateDatabase, openPglite, queryRows } from "@/db/engine";
import { contextOf, type Context } from "@/lib/context";

/** Runs `work` on an embedded data directory while no other process holds it, then lets it go. */
export async function withPgliteData<T>(dataDir: string, work: (ctx: Context) => Promise<T>): Promise<T> {
  const handle = await openPglite({ dataDir });
  try {
    await migrateDatabase(handle);
    return await work(contextOf(handle));
  } finally {
    await handle.close();
  }
}

/** The tables an import writes. */
const IMPORT_TABLES = [
  "household",
  "person",
  "household_history",
  "aid_receipt",
  "import_batch",
  "import_rejection",
  "area",
] as const;

/** Row counts and an md5 of every row, in order, of the tables an import writes: "exactly as before" is these being equal. */
export async function importFingerprint(ctx: Context): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of IMPORT_TABLES) {
    const [row] = await queryRows<{ n: number; digest: string | null }>(
      ctx.db,
      sql`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sql.identifier(table)} t`,
    );
    result[table] = `${row!.n}:${row!.digest ?? ""}`;
  }
  return result;
}

const DTKS_HEADER =
  "ID_DTKS,NOKK,NIK,NAMA,TGL LAHIR,JENIS KELAMIN,HUB KELUARGA,KODE WILAYAH,RW,RT,DESIL,STATUS,STATUS VERVAL";

/** A DTKS member list of `households` two-member households in Sungai Siring, ids `<prefix><n>` from `first`. */
export function dtksFile(prefix: string, households: number, first = 0): Uint8Array {
  const lines = [DTKS_HEADER];
  for (let i = first; i < first + households; i++) {
    const kk = `647205120315${String(i).padStart(4, "0")}`;
    const common = `64.72.05.1004,1,${(i % 20) + 1},${(i % 10) + 1},aktif,terverifikasi`;
    lines.push(
      `${prefix}${i},${kk},6472051708850${String(i % 1000).padStart(3, "0")},Kepala ${i},17-08-1985,L,Kepala Keluarga,${common}`,
    );
    lines.push(
      `${prefix}${i},${kk},6472055708870${String(i % 1000).padStart(3, "0")},Istri ${i},17-08-1987,P,Istri,${common}`,
    );
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}

/** A PKH recipient list for 2025-01 of `rows` receipts. */
export function recipientFile(rows: number): Uint8Array {
  const lines = ["nik,no_kk,nama,program,periode,nominal,kode_kelurahan"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `6472051708850${String(i % 1000).padStart(3, "0")},647205120315${String(i).padStart(4, "0")},Penerima ${i},PKH,2025-01,750000,64.72.05.1004`,
    );
  }
  return new TextEncoder().encode(lines.join("\n") + "\n");
}
