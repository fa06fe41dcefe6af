import { sql } from "drizzle-orm";

import { queryRows, sqlArray } from "@/db/engine";
import type { Context } from "@/lib/context";

import { hashPassword } from "./password";
import type { UserRole } from "./roles";

export const DEMO_PASSWORD = "demo";

/** The demo's accounts, one per role; only a database seeded with demo data has them. */
export const DEMO_ACCOUNTS: ReadonlyArray<{
  username: string;
  role: UserRole;
  displayName: string;
  areaCodes: string[];
}> = [
  { username: "admin", role: "admin", displayName: "Admin Dinas Sosial (contoh)", areaCodes: [] },
  { username: "pimpinan", role: "pimpinan", displayName: "Bappeda Kota Samarinda (contoh)", areaCodes: ["64.72"] },
  { username: "camat", role: "camat", displayName: "Camat Samarinda Utara (contoh)", areaCodes: ["64.72.05"] },
  { username: "lurah", role: "lurah", displayName: "Lurah Sungai Siring (contoh)", areaCodes: ["64.72.05.1004"] },
  {
    username: "operator",
    role: "operator",
    displayName: "Operator Kelurahan Sungai Siring (contoh)",
    areaCodes: ["64.72.05.1004"],
  },
  {
    username: "dinsos",
    role: "dinsos",
    displayName: "Verifikator Dinas Sosial Samarinda (contoh)",
    areaCodes: ["64.72"],
  },
  { username: "layar", role: "layar", displayName: "Layar Komando Balai Kota (contoh)", areaCodes: ["64.72"] },
];

/**
 * Creates the demo accounts that are missing (password `demo`), after the demo city is seeded.
 * An account of the same name that exists already is left as it is.
 */
export async function ensureDemoAccounts(ctx: Context): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let created = 0;
  for (const account of DEMO_ACCOUNTS) {
    const [row] = await queryRows<{ id: number }>(
      ctx.db,
      sql`INSERT INTO app_user (username, display_name, password_hash, role) VALUES (${account.username}, ${account.displayName}, ${passwordHash}, ${account.role})
          ON CONFLICT (username) DO NOTHING RETURNING id::int AS id`,
    );
    if (!row) continue;
    created++;
    for (const code of account.areaCodes) {
      await ctx.db.execute(
        sql`INSERT INTO user_area (user_id, area_code) SELECT ${row.id}, code FROM area WHERE code = ${code}`,
      );
    }
  }
  return created;
}

/** A demo account as the login page lists it: the names of its areas, or "semua wilayah". */
interface ListedDemoAccount {
  username: string;
  role: UserRole;
  areas: string;
}

/**
 * The demo accounts with their areas named, or none when the database has no demo accounts (the
 * login page names them only then). The names are the database's own areas': the demo's areas
 * are there, and the first page after a start reads no national list of names for them.
 */
export async function listedDemoAccounts(ctx: Context): Promise<ListedDemoAccount[]> {
  const usernames = sqlArray(
    DEMO_ACCOUNTS.map((a) => a.username),
    "text",
  );
  const codes = sqlArray([...new Set(DEMO_ACCOUNTS.flatMap((a) => a.areaCodes))], "text");
  const [row] = await queryRows<{ demo: boolean; names: Record<string, string> | null }>(
    ctx.db,
    sql`SELECT EXISTS (SELECT 1 FROM app_user WHERE username = ANY (${usernames}) AND display_name LIKE '%(contoh)') AS demo,
               (SELECT jsonb_object_agg(code, name) FROM area WHERE code = ANY (${codes})) AS names`,
  );
  if (!row?.demo) return [];
  const nameOf = (code: string) => `${row.names?.[code] ?? code} (${code})`;
  return DEMO_ACCOUNTS.map((a) => ({
    username: a.username,
    role: a.role,
    areas: a.areaCodes.length ? a.areaCodes.map(nameOf).join(", ") : "semua wilayah",
  }));
}
