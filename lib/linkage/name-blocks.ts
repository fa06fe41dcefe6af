import { sql, type SQL } from "drizzle-orm";

import { countWritten, queryRows, writeInRuns, type Database, type Engine } from "@/db/engine";
import { analyzeAfterWrite } from "@/db/statistics";

/** The temp tables of `blockSimilarNames`, dropped with the run's others at its start. */
export const NAME_BLOCK_TABLES = [
  "link_register_key",
  "link_listed_name",
  "link_newer_name",
  "link_new_register_name",
  "link_register_name",
  "link_name_pair",
];

/** Register names written into the trigram index by one statement on PGlite (`rowsPerStatement`). */
const NAMES_PER_STATEMENT = 5_000;
/** Listed names looked up by one statement on PGlite (a city's first run looks up every one, 16,000 at 42k households). */
const LISTED_NAMES_PER_STATEMENT = 1_000;

/** One run at a time over a city's kept names (with the city's digits as the second key). */
const NAME_BLOCKS_LOCK_KEY = 1_802_334_503;

/** What the run read: the city's whole register into `link_register`, and every identity of its lists into `link_identity`. */
export interface NameBlockScope {
  wholeRegister: boolean;
  everyIdentity: boolean;
}

/**
 * Fills `link_name_pair` (listed name key, similar register name key) for the name keys of
 * `link_identity` against the register names of `link_register`, in the run's transaction `tx`,
 * at trigram similarity `blocking` or above (the run sets `pg_trgm.similarity_threshold` to it).
 *
 * The pairs are kept between runs (db/schema/linkage.ts): a name listed before is compared only
 * with the register names met since its last run, a new name with every register name kept (one
 * GIN lookup each, the cost this saves). A run meets every register name it read, and it reads
 * every person a listed name could be similar to, so a kept name's pairs are complete for every
 * kept register name met up to its `seen_through`. A register name stays kept while persons bear
 * it; forgotten and met again, it is met as new.
 *
 * One run of a city keeps names at a time. A run that finds another keeping them (a reviewer's
 * decision during "Jalankan tautan", on the server) looks its names up itself and keeps nothing,
 * rather than wait for that run to commit.
 *
 * A run that read the whole register forgets the kept names nobody bears any longer, and one that
 * read every identity too the listed names no receipt left to link bears (`forgetNamesGone`).
 */
export async function blockSimilarNames(
  tx: Database,
  engine: Engine,
  kabkota: string,
  blocking: number,
  scope: NameBlockScope,
): Promise<void> {
  await tx.execute(sql.raw(`SET LOCAL pg_trgm.similarity_threshold = ${Number(blocking)}`));
  // Another run writing register names under the same `seen` while this one marks its names
  // complete through it would leave those names uncompared for good.
  const [turn] = await queryRows<{ granted: boolean }>(
    tx,
    sql`SELECT pg_try_advisory_xact_lock(${NAME_BLOCKS_LOCK_KEY}, ${cityLockKey(kabkota)}) AS granted`,
  );
  if (!turn?.granted) return lookUpWithoutKeeping(tx);
  await tx.execute(sql`
    CREATE TEMP TABLE link_register_key ON COMMIT DROP AS
    SELECT DISTINCT name_key FROM link_register WHERE name_key IS NOT NULL`);
  if (scope.wholeRegister) await forgetNamesGone(tx, kabkota, scope.everyIdentity);
  await tx.execute(sql`
    CREATE TEMP TABLE link_new_register_name ON COMMIT DROP AS
    SELECT r.name_key, row_number() OVER (ORDER BY r.name_key)::int AS place
    FROM link_register_key r
    WHERE NOT EXISTS (SELECT 1 FROM linkage_register_name g WHERE g.kabkota_code = ${kabkota} AND g.name_key = r.name_key)`);
  // The last run that met a name, or that a listed name's pairs are complete through: the names
  // of a run may all be forgotten since, and a name met now must still count as met after every
  // listed name's run.
  const [met] = await queryRows<{ names: number; last: number }>(
    tx,
    sql`SELECT (SELECT count(*) FROM link_new_register_name)::int AS names,
               greatest((SELECT max(seen) FROM linkage_register_name WHERE kabkota_code = ${kabkota}),
                        (SELECT max(seen_through) FROM linkage_listed_name WHERE kabkota_code = ${kabkota}), 0)::int AS last`,
  );
  const written = met?.names ?? 0;
  // The run that met a name last: this one if it met any new name.
  const seen = (met?.last ?? 0) + (written > 0 ? 1 : 0);
  // In the names' order (1.0 s on the server against 1.4 s unordered, a city's first run writing
  // its 26,000 register names at 42k households into the trigram index), and on PGlite in runs
  // of statements.
  await writeInRuns({ engine, onPglite: NAMES_PER_STATEMENT, total: written }, (after, upto) =>
    countWritten(
      tx,
      sql`
      INSERT INTO linkage_register_name (kabkota_code, name_key, seen)
      SELECT ${kabkota}, name_key, ${seen}::int FROM link_new_register_name
      WHERE place > ${after} AND place <= ${upto} ORDER BY place`,
    ),
  );
  // The lookups below plan from these: taken for an empty table, a lookup is a scan of every name.
  await analyzeAfterWrite(tx, "linkage_register_name", written);

  await tx.execute(sql`
    CREATE TEMP TABLE link_listed_name ON COMMIT DROP AS
    SELECT l.name_key, k.seen_through,
           row_number() OVER (ORDER BY coalesce(k.seen_through >= ${seen}, false), l.name_key)::int AS place
    FROM (SELECT DISTINCT name_key FROM link_identity WHERE name_key IS NOT NULL) l
    LEFT JOIN linkage_listed_name k ON k.kabkota_code = ${kabkota} AND k.name_key = l.name_key AND k.blocking <= ${blocking}`);
  // The names to look up take the first places: a name complete through this run needs none.
  const [listed] = await queryRows<{ names: number; earliest: number | null }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE NOT coalesce(seen_through >= ${seen}, false))::int AS names,
               min(seen_through) FILTER (WHERE seen_through < ${seen})::int AS earliest
        FROM link_listed_name`,
  );
  if (listed?.earliest != null) {
    // Known names meet only the register names met after them, in an index of those alone: the
    // whole index would cost each of them a full lookup again.
    await createNameIndex(
      tx,
      "link_newer_name",
      sql`SELECT name_key, seen FROM linkage_register_name WHERE kabkota_code = ${kabkota} AND seen > ${listed.earliest}`,
    );
  }
  // A new name meets every register name met, a known one those met after its run. A name asked
  // afresh at a lower blocking meets its kept pairs again.
  const keepPairs = (lookUp: SQL, whichNames: SQL, after: number, upto: number) =>
    countWritten(
      tx,
      sql`
      INSERT INTO linkage_name_pair (kabkota_code, listed_key, register_key, similarity)
      SELECT ${kabkota}, l.name_key, g.name_key, similarity(l.name_key, g.name_key)
      FROM link_listed_name l CROSS JOIN LATERAL (${lookUp} OFFSET 0) g
      WHERE ${whichNames} AND l.place > ${after} AND l.place <= ${upto}
      ON CONFLICT (kabkota_code, listed_key, register_key) DO NOTHING`,
    );
  const kept = await writeInRuns(
    { engine, onPglite: LISTED_NAMES_PER_STATEMENT, total: listed?.names ?? 0 },
    async (after, upto) => {
      const toNew = await keepPairs(
        sql`SELECT g.name_key FROM linkage_register_name g WHERE g.name_key % l.name_key AND g.kabkota_code = ${kabkota}`,
        sql`l.seen_through IS NULL`,
        after,
        upto,
      );
      if (listed?.earliest == null) return toNew;
      return (
        toNew +
        (await keepPairs(
          sql`SELECT g.name_key FROM link_newer_name g WHERE g.name_key % l.name_key AND g.seen > l.seen_through`,
          sql`l.seen_through < ${seen}`,
          after,
          upto,
        ))
      );
    },
  );
  await analyzeAfterWrite(tx, "linkage_name_pair", kept);
  await tx.execute(sql`
    INSERT INTO linkage_listed_name (kabkota_code, name_key, blocking, seen_through)
    SELECT ${kabkota}, name_key, ${blocking}, ${seen} FROM link_listed_name
    ON CONFLICT (kabkota_code, name_key) DO UPDATE SET blocking = excluded.blocking, seen_through = excluded.seen_through
    WHERE (linkage_listed_name.blocking, linkage_listed_name.seen_through) IS DISTINCT FROM (excluded.blocking, excluded.seen_through)`);

  await tx.execute(sql`
    CREATE TEMP TABLE link_name_pair ON COMMIT DROP AS
    SELECT p.listed_key, p.register_key
    FROM link_listed_name l
    JOIN linkage_name_pair p ON p.kabkota_code = ${kabkota} AND p.listed_key = l.name_key
    WHERE p.similarity >= ${blocking}`);
  await tx.execute(sql`ANALYZE link_name_pair`);
}

/**
 * Name keys are personal data (UU 27/2022), kept only while a run may need them: a register name
 * no person of the city bears any longer (from `link_register_key`, the whole register's names),
 * and, when `everyIdentity`, a listed name no identity left to link bears (its receipts removed,
 * or matched by NIK since), are deleted with their pairs. Met or listed again, a name is compared
 * afresh: a register name is met as new, past every listed name's run, and a listed one is new.
 */
async function forgetNamesGone(tx: Database, kabkota: string, everyIdentity: boolean): Promise<void> {
  const forget = (kept: string, pairKey: "register_key" | "listed_key", borne: SQL) =>
    tx.execute(sql`
      WITH gone AS (
        DELETE FROM ${sql.identifier(kept)} g
        WHERE g.kabkota_code = ${kabkota} AND NOT EXISTS (SELECT 1 FROM ${borne} b WHERE b.name_key = g.name_key)
        RETURNING g.name_key)
      DELETE FROM linkage_name_pair p USING gone
      WHERE p.kabkota_code = ${kabkota} AND ${sql.raw(`p.${pairKey}`)} = gone.name_key`);
  // Each kept name is sought in the run's names through an index: the kept tables' statistics
  // may be stale (PGlite has no autovacuum, and nothing here analyzes them after a delete), and
  // planned as a few rows, each was compared with every identity (189 s after a list of 100,000
  // rows at 42k households).
  await tx.execute(sql`CREATE INDEX ON link_register_key (name_key)`);
  await forget("linkage_register_name", "register_key", sql`link_register_key`);
  if (!everyIdentity) return;
  await tx.execute(sql`CREATE INDEX ON link_identity (name_key)`);
  await forget("linkage_listed_name", "listed_key", sql`link_identity`);
}

/**
 * `link_name_pair` as runs found it before names were kept: the register names this run read,
 * each listed name looked up among them.
 */
async function lookUpWithoutKeeping(tx: Database): Promise<void> {
  await createNameIndex(
    tx,
    "link_register_name",
    sql`SELECT DISTINCT name_key FROM link_register WHERE name_key IS NOT NULL`,
  );
  await tx.execute(sql`
    CREATE TEMP TABLE link_name_pair ON COMMIT DROP AS
    SELECT l.name_key AS listed_key, g.name_key AS register_key
    FROM (SELECT DISTINCT name_key FROM link_identity WHERE name_key IS NOT NULL) l
    CROSS JOIN LATERAL (SELECT n.name_key FROM link_register_name n WHERE n.name_key % l.name_key OFFSET 0) g`);
  await tx.execute(sql`ANALYZE link_name_pair`);
}

/** A temp table `table` of the name keys `names` selects, with a trigram index to look names up in. */
async function createNameIndex(tx: Database, table: string, names: SQL): Promise<void> {
  await tx.execute(sql`CREATE TEMP TABLE ${sql.identifier(table)} ON COMMIT DROP AS ${names}`);
  await tx.execute(sql`CREATE INDEX ON ${sql.identifier(table)} USING gin (name_key gin_trgm_ops)`);
  await tx.execute(sql`ANALYZE ${sql.identifier(table)}`);
}

/** A kabupaten/kota code as a lock key: its digits ("64.72" is 6472). */
function cityLockKey(kabkota: string): number {
  return Number(kabkota.replace(/\D/g, ""));
}
