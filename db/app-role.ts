import { sql } from "drizzle-orm";

import { queryRows, type DatabaseHandle } from "./engine";

/** The append-only table: the app role may add to it and read it, never change or empty it. */
const APPEND_ONLY = "audit_log";

export class AppRoleError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = "AppRoleError";
  }
}

const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Gives the role the app runs as the rights it needs and no more, on a server: run by the owner
 * of the schema after every migration (`npm run db:migrate -- --app-role NAME`), so new tables
 * are covered. The role must exist, own nothing here and not be the owner or a member of it, so
 * that it can neither ALTER, DROP nor TRUNCATE a table, nor disable the audit trigger.
 *
 * - SELECT, INSERT, UPDATE, DELETE on every table of the owner; on `audit_log` SELECT and INSERT only.
 * - USAGE on the owner's sequences (identity columns).
 * - CREATE on schema public: imports load through stage tables of their own (lib/imports/stage.ts),
 *   which the app role then owns and drops; it cannot touch the owner's tables through it.
 * - Reading drizzle's migration record, so the app can see at start that no migration is due.
 * Functions (the triggers', PostGIS, pg_trgm) keep PostgreSQL's default EXECUTE for PUBLIC.
 *
 * Returns the tables granted.
 */
export async function grantAppRole(handle: DatabaseHandle, role: string): Promise<string[]> {
  if (handle.engine !== "postgres")
    throw new AppRoleError("--app-role hanya untuk server PostgreSQL (DATABASE_URL); PGlite tidak mengenal peran.");
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new AppRoleError(`Nama peran ${role} tidak sah: huruf kecil, angka dan garis bawah.`);
  const db = handle.db;
  const [state] = await queryRows<{
    exists: boolean;
    is_self: boolean;
    superuser: boolean;
    member_of_owner: boolean;
    owns: string | null;
  }>(
    db,
    sql`SELECT r.oid IS NOT NULL AS exists,
               r.rolname = current_user AS is_self,
               coalesce(r.rolsuper, false) AS superuser,
               r.oid IS NOT NULL AND pg_has_role(r.rolname, current_user, 'MEMBER') AS member_of_owner,
               (SELECT string_agg(c.relname, ', ' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relowner = r.oid AND n.nspname IN ('public', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
                  AND c.relname NOT LIKE 'import\\_stage\\_%') AS owns
        FROM (SELECT ${role}::name AS name) wanted LEFT JOIN pg_roles r ON r.rolname = wanted.name`,
  );
  if (!state?.exists) {
    throw new AppRoleError(
      `Peran ${role} belum ada. Buat dahulu sebagai superuser: CREATE ROLE ${role} LOGIN PASSWORD '…';`,
    );
  }
  if (state.is_self || state.superuser || state.member_of_owner) {
    throw new AppRoleError(
      `Peran ${role} adalah pemilik skema, superuser, atau anggota pemilik: aplikasi perlu peran terpisah yang tidak memiliki apa pun.`,
    );
  }
  if (state.owns)
    throw new AppRoleError(
      `Peran ${role} memiliki ${state.owns}; peran aplikasi tidak boleh memiliki tabel. Alihkan dengan ALTER TABLE … OWNER TO.`,
    );

  const owned = await queryRows<{ name: string; kind: string }>(
    db,
    sql`SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
          AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relname NOT LIKE 'import\\_stage\\_%'
        ORDER BY c.relname`,
  );
  const target = quoted(role);
  const statements = [`GRANT USAGE, CREATE ON SCHEMA public TO ${target}`];
  const tables = owned.filter((t) => t.kind !== "S").map((t) => t.name);
  for (const table of tables) {
    statements.push(`REVOKE ALL ON ${quoted(table)} FROM ${target}`);
    statements.push(
      `GRANT ${table === APPEND_ONLY ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE"} ON ${quoted(table)} TO ${target}`,
    );
  }
  for (const sequence of owned.filter((t) => t.kind === "S"))
    statements.push(`GRANT USAGE ON SEQUENCE ${quoted(sequence.name)} TO ${target}`);
  statements.push(
    `GRANT USAGE ON SCHEMA drizzle TO ${target}`,
    `GRANT SELECT ON drizzle.__drizzle_migrations TO ${target}`,
  );
  await db.transaction(async (tx) => {
    for (const statement of statements) await tx.execute(sql.raw(statement));
  });
  return tables;
}
