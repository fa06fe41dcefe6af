import { sql, type SQL } from "drizzle-orm";

import {
  countWritten,
  queryRows,
  rowsPerStatement,
  sqlArray,
  writeInRuns,
  type Database,
  type Engine,
} from "@/db/engine";
import { analyzeAfterWrite } from "@/db/statistics";
import type { Context } from "@/lib/context";
import { matchedColumns, matchJoins } from "@/lib/matching";
import { readSettings, TUNABLE_SETTINGS } from "@/lib/settings";

import { blockSimilarNames, NAME_BLOCK_TABLES } from "./name-blocks";
import {
  birthDateEvidence,
  birthDateVariants,
  duplicateScore,
  idNumberEvidence,
  LINK_MARGIN,
  linkScore,
  placeEvidence,
} from "./score";

/** What a linkage run did, counted in receipts (a listed person is paid several months) and in pairs. */
export interface LinkReport {
  /** Distinct records (identities) of the lists that did not match by NIK. */
  identities: number;
  receipts: number;
  linkedAutomatically: number;
  linkedConfirmed: number;
  /** Receipts whose identity waits in the review queue. */
  waiting: number;
  /** Pairs in the queue after the run: receipts' identities, and register duplicates (ganda). */
  queuedReceipts: number;
  queuedDuplicates: number;
  /** Receipt row versions this run wrote, keys given and matches changed (a receipt may count twice): each leaves a dead version behind. */
  rewritten: number;
}

/** Names below this trigram similarity never meet (the GIN index's blocking); a candidate still needs the score. */
export const BLOCKING_SIMILARITY = 0.5;
/** Up to this many identities a run reads only the persons their blocks reach; beyond, the whole register once. */
const FEW_IDENTITIES = 1000;
/** Receipts, or identities, one statement of a run writes on PGlite (`rowsPerStatement`). */
const RECEIPTS_PER_STATEMENT = 20_000;
const IDENTITIES_PER_STATEMENT = 5_000;
/** Register duplicates: names at least this similar, besides a birth date by the same rules. */
const DUPLICATE_NAME_SIMILARITY = 0.6;

/** Scores in 0–1 at which a candidate links by itself, or waits for review. */
export interface LinkThresholds {
  automatic: number;
  review: number;
}

/** The linkage thresholds in force, as scores in 0–1 (settings are kept in hundredths). */
export async function linkThresholds(ctx: Context): Promise<LinkThresholds> {
  const { automatic, review } = await readSettings(ctx, {
    automatic: TUNABLE_SETTINGS.link_auto_score,
    review: TUNABLE_SETTINGS.link_review_score,
  });
  return { automatic: automatic / 100, review: Math.min(review, automatic) / 100 };
}

const LINK_TABLES = [
  "link_unkeyed",
  "link_name",
  "link_batch_key",
  "link_identity",
  "link_register",
  ...NAME_BLOCK_TABLES,
  "link_candidate",
  "link_decision",
  "link_target",
];

/**
 * A register person's record as its pairs' fingerprints see it: its NIK, name key and birth date,
 * and its household's DTKS id. Taken for the pairs that need it only: for every person of a
 * million-household city it was half the cost of reading the register (4.6 of 9.2 s).
 */
function personKey(person: { nik: SQL; nameKey: SQL; birthDate: SQL; dtksId: SQL }): SQL {
  return sql`md5(concat_ws('|', coalesce(${person.nik}, ''), coalesce(${person.nameKey}, ''),
    coalesce((${person.birthDate} - DATE '2000-01-01')::text, ''), ${person.dtksId}))`;
}

/** The key of the person of `link_register` row `alias`. */
function registerPersonKey(alias: string): SQL {
  const column = (name: string) => sql.raw(`${alias}.${name}`);
  return personKey({
    nik: column("nik"),
    nameKey: column("name_key"),
    birthDate: column("birth_date"),
    dtksId: column("dtks_id"),
  });
}

/**
 * The fingerprint of the pair of an identity (`linkKey`) and a register person (`personId`),
 * the person read through its primary key: asked only of each identity's best candidate and of
 * the candidates of identities with a decision, never of every candidate (1.7 million in a batch
 * of the demo city at a million households, when its 800 names each met some 600 namesakes).
 */
function pairFingerprint(kabkota: string, linkKey: SQL, personId: SQL): SQL {
  const key = personKey({
    nik: sql`p.nik`,
    nameKey: sql`p.name_key`,
    birthDate: sql`p.birth_date`,
    dtksId: sql`h.dtks_id`,
  });
  return sql`(SELECT md5(${linkKey} || '|' || ${key})::uuid
    FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
    WHERE p.kabkota_code = ${kabkota} AND p.id = ${personId})`;
}

/** The person columns a candidate is scored on, with `p` the person and `h` its household. */
const CANDIDATE_COLUMNS = sql`p.id AS person_id, p.household_id, p.nik, p.name_key, p.birth_date, h.no_kk,
  h.effective_kelurahan_code AS kelurahan_code, h.rt, h.dtks_id,
  p.death_date IS NULL AS living, h.status = 'aktif' AS active`;

/** Where a run looks: the identities of one recipient batch, given identities, or (neither) the whole city. */
interface LinkScope {
  batchId?: number;
  receiptKeys?: readonly string[];
  /** Told each step as it starts (the CLI's progress). */
  onStep?: (step: LinkStep) => void;
}

/** The steps of a run, in order; a run narrowed to some identities skips the last. */
export const LINK_STEPS = [
  "Menyiapkan kunci identitas penerima",
  "Membaca register dan nama-namanya",
  "Mencari nama yang mirip",
  "Menilai kandidat",
  "Menulis tautan dan antrean",
  "Mencari orang ganda di DTKS",
] as const;
export type LinkStep = (typeof LINK_STEPS)[number];

/**
 * The temp tables a run decides from, in the transaction `tx`: identity keys given, one row per
 * identity (`link_identity`), its candidates scored (`link_candidate`), and what each identity
 * becomes (`link_target`: its NIK or No. KK match, a confirmed pair, an automatic link, and its
 * best open candidate with the score of the next). Returns how many receipts were given their
 * identity key, and how many identities there are (a row each in `link_identity` and `link_target`).
 */
async function prepareLinkage(
  tx: Database,
  engine: Engine,
  kabkota: string,
  input: LinkScope,
  { automatic }: { automatic: number },
): Promise<{ keyed: number; identities: number }> {
  const narrowed: SQL =
    input.batchId !== undefined
      ? sql`AND r.import_batch_id = ${input.batchId}`
      : input.receiptKeys !== undefined
        ? sql`AND r.link_key = ANY(${sqlArray(input.receiptKeys, "text")})`
        : sql``;
  const notByNik = sql`r.kabkota_code = ${kabkota} AND r.match_method IS DISTINCT FROM 'nik'`;
  const step = input.onStep ?? (() => undefined);
  step(LINK_STEPS[0]);
  for (const table of LINK_TABLES) {
    await tx.execute(sql.raw(`DROP TABLE IF EXISTS ${table}`));
  }
  // Identity keys, the name normalised once per distinct name rather than once per receipt. A
  // run narrowed to given keys needs none: its receipts have them. A batch's run keys that
  // batch: an older receipt of the same name got its key at its own import, and one a seed or an
  // upgrade left without (a seeded demo city: 186,000 rows at 42k households, two thirds of a
  // list's import) waits for the whole run, which keys and links them all.
  let keyed = 0;
  if (input.receiptKeys === undefined) {
    const batchOnly = input.batchId !== undefined ? narrowed : sql``;
    await tx.execute(sql`
      CREATE TEMP TABLE link_unkeyed ON COMMIT DROP AS
      SELECT r.id, coalesce(r.name, '') AS name, row_number() OVER (ORDER BY r.id)::int AS place
      FROM aid_receipt r WHERE ${notByNik} AND r.link_key IS NULL ${batchOnly}`);
    await tx.execute(sql`
      CREATE TEMP TABLE link_name ON COMMIT DROP AS
      SELECT d.name, tepat_name_key(nullif(d.name, '')) AS name_key FROM (SELECT DISTINCT name FROM link_unkeyed) d`);
    // On PGlite in runs of receipts by id, each through the primary key: a seeded city's first
    // run keys 186,000 receipts at 42k households, 16 s in one statement, during which not even
    // the run's progress could be asked for.
    const ends = await queryRows<{ id: number }>(
      tx,
      sql`SELECT id::float8 AS id FROM link_unkeyed
          WHERE place % ${rowsPerStatement(engine, RECEIPTS_PER_STATEMENT)} = 0 OR place = (SELECT max(place) FROM link_unkeyed) ORDER BY place`,
    );
    let from = 0;
    for (const { id: upto } of ends) {
      keyed += await countWritten(
        tx,
        sql`
        UPDATE aid_receipt r SET link_key = md5(concat_ws('|', coalesce(r.nik, ''), coalesce(r.no_kk, ''), coalesce(n.name_key, ''),
          coalesce((r.birth_date - DATE '2000-01-01')::text, ''), coalesce(r.kelurahan_code, ''), coalesce(ltrim(r.rt, '0'), '')))
        FROM link_name n
        WHERE n.name = coalesce(r.name, '') AND ${notByNik} AND r.link_key IS NULL ${batchOnly}
          AND r.id > ${from} AND r.id <= ${upto}`,
      );
      from = upto;
    }
  }
  // A batch's keys first, then each key's receipts of every batch looked up by the key's index
  // (the OFFSET 0 fences keep those plans): the receipts' statistics know neither the new batch
  // nor the keys just written, and planned from them the search became a nested loop over the
  // batch for every key (minutes for a month of BPNT), and the batch's keys were sought among
  // every receipt's key (0.6 s for a month at 42k households) instead of among the batch's receipts.
  if (input.batchId !== undefined) {
    await tx.execute(sql`
      CREATE TEMP TABLE link_batch_key ON COMMIT DROP AS
      SELECT DISTINCT r.link_key FROM (SELECT r.link_key, r.match_method, r.kabkota_code FROM aid_receipt r
                                       WHERE r.kabkota_code = ${kabkota} ${narrowed} OFFSET 0) r
      WHERE ${notByNik} AND r.link_key IS NOT NULL`);
  }
  const receipts =
    input.batchId !== undefined
      ? sql`link_batch_key k CROSS JOIN LATERAL (
              SELECT r.* FROM aid_receipt r WHERE ${notByNik} AND r.link_key = k.link_key OFFSET 0) r`
      : sql`aid_receipt r`;
  // One row per identity: a person listed every month is scored once.
  await tx.execute(sql`
    CREATE TEMP TABLE link_identity ON COMMIT DROP AS
    SELECT r.link_key, min(r.id) AS receipt_id, count(*)::int AS receipts, min(r.nik) AS nik,
           min(r.nik_check::text)::nik_check AS nik_check, min(r.no_kk) AS no_kk, tepat_name_key(min(r.name)) AS name_key,
           min(r.birth_date) AS birth_date, min(r.kelurahan_code) AS kelurahan_code, min(r.rt) AS rt
    FROM ${receipts}
    WHERE ${notByNik} AND r.link_key IS NOT NULL ${input.batchId !== undefined ? sql`` : narrowed}
    GROUP BY r.link_key`);
  await tx.execute(sql`ANALYZE link_identity`);
  const identityTable = sql.raw("link_identity");
  step(LINK_STEPS[1]);
  // The register as the run reads it, flat (person and household). Each name of the lists then
  // meets the register's similar names once (a trigram GIN index blocks, the pairs kept between
  // runs: name-blocks.ts), and the persons who bear them through hash joins, never every pair. A
  // few identities (a decision, a short list) read only the persons their blocks can reach,
  // through the person table's own indexes; many, or a whole run (which also seeks register
  // duplicates), read the whole city once.
  const [{ identities } = { identities: 0 }] = await queryRows<{ identities: number }>(
    tx,
    sql`SELECT count(*)::int AS identities FROM link_identity`,
  );
  await tx.execute(sql.raw(`SET LOCAL pg_trgm.similarity_threshold = ${BLOCKING_SIMILARITY}`));
  const everyIdentity = input.batchId === undefined && input.receiptKeys === undefined;
  const wholeRegister = everyIdentity || identities > FEW_IDENTITIES;
  const reachable = wholeRegister
    ? sql``
    : sql`AND p.id IN (
          SELECT x.id FROM link_identity i
          CROSS JOIN LATERAL (SELECT n.id FROM person n WHERE n.name_key % i.name_key AND n.kabkota_code = ${kabkota} OFFSET 0) x
          WHERE i.name_key IS NOT NULL
          UNION
          SELECT n.id FROM link_identity i
          CROSS JOIN LATERAL unnest(${birthDateVariants(sql`i.birth_date`)}) AS born(day)
          JOIN person n ON n.kabkota_code = ${kabkota} AND n.birth_date = born.day
          UNION
          SELECT n.id FROM link_identity i
          JOIN household k ON k.kabkota_code = ${kabkota} AND k.no_kk = i.no_kk
          JOIN person n ON n.kabkota_code = k.kabkota_code AND n.household_id = k.id)`;
  await tx.execute(sql`
    CREATE TEMP TABLE link_register ON COMMIT DROP AS
    SELECT ${CANDIDATE_COLUMNS}
    FROM person p JOIN household h ON h.kabkota_code = p.kabkota_code AND h.id = p.household_id
    WHERE p.kabkota_code = ${kabkota} ${reachable}`);
  await tx.execute(sql`ANALYZE link_register`);
  step(LINK_STEPS[2]);
  await blockSimilarNames(tx, engine, kabkota, BLOCKING_SIMILARITY, { wholeRegister, everyIdentity });
  step(LINK_STEPS[3]);
  // Blocks: a similar name in the same kelurahan; a similar name born on a day the rules
  // accept; the household of the No. KK. Each pair scored once.
  const listed = { nik: sql`i.nik`, noKk: sql`i.no_kk`, kelurahanCode: sql`i.kelurahan_code`, rt: sql`i.rt` };
  const register = { nik: sql`c.nik`, noKk: sql`c.no_kk`, kelurahanCode: sql`c.kelurahan_code`, rt: sql`c.rt` };
  await tx.execute(sql`
    CREATE TEMP TABLE link_candidate ON COMMIT DROP AS
    WITH blocked AS (
      SELECT i.link_key, c.person_id
      FROM link_identity i
      JOIN link_name_pair np ON np.listed_key = i.name_key
      JOIN link_register c ON c.name_key = np.register_key AND c.kelurahan_code = i.kelurahan_code
      UNION
      SELECT i.link_key, c.person_id
      FROM link_identity i
      CROSS JOIN LATERAL unnest(${birthDateVariants(sql`i.birth_date`)}) AS born(day)
      JOIN link_register c ON c.birth_date = born.day
      JOIN link_name_pair np ON np.listed_key = i.name_key AND np.register_key = c.name_key
      UNION
      SELECT i.link_key, c.person_id
      FROM link_identity i JOIN link_register c ON c.no_kk = i.no_kk
    )
    SELECT i.link_key, c.person_id, c.household_id,
           ${linkScore({
             nameSimilarity: sql`similarity(i.name_key, c.name_key)`,
             birthDate: birthDateEvidence(sql`i.birth_date`, sql`c.birth_date`),
             idNumber: idNumberEvidence(listed, register),
             place: placeEvidence(listed, register),
           })} AS score
    FROM blocked b
    JOIN link_identity i ON i.link_key = b.link_key
    JOIN link_register c ON c.person_id = b.person_id`);
  // The candidates a decision names. A decision is on a record, not on a person id (its person may
  // be written again under a new id): the candidates of identities with a decision are given
  // their fingerprints, and those are sought among the decisions.
  await tx.execute(sql`
    CREATE TEMP TABLE link_decision ON COMMIT DROP AS
    SELECT c.link_key, c.person_id, d.state, d.fingerprint
    FROM (SELECT c.link_key, c.person_id, ${pairFingerprint(kabkota, sql`c.link_key`, sql`c.person_id`)} AS fingerprint
          FROM link_candidate c
          WHERE c.link_key IN (SELECT d.receipt_key FROM linkage_pair d
                               WHERE d.kabkota_code = ${kabkota} AND d.state IN ('ditolak', 'dikonfirmasi'))
          OFFSET 0) c
    JOIN linkage_pair d ON d.kabkota_code = ${kabkota} AND d.fingerprint = c.fingerprint AND d.state IN ('ditolak', 'dikonfirmasi')`);
  // What each identity becomes: the NIK or No. KK match it has, a confirmed pair, or an automatic link.
  await tx.execute(sql`
    CREATE TEMP TABLE link_target ON COMMIT DROP AS
    WITH base AS (
      SELECT r2.link_key, ${matchedColumns(kabkota)} FROM link_identity r2 ${matchJoins(kabkota, identityTable)}
    ), open AS (
      SELECT c.*, row_number() OVER (PARTITION BY c.link_key ORDER BY c.score DESC, c.person_id) AS place,
             lead(c.score) OVER (PARTITION BY c.link_key ORDER BY c.score DESC, c.person_id) AS next_score
      FROM link_candidate c
      WHERE NOT EXISTS (SELECT 1 FROM link_decision d
                        WHERE d.link_key = c.link_key AND d.person_id = c.person_id AND d.state = 'ditolak')
    ), confirmed AS (
      SELECT DISTINCT ON (c.link_key) c.link_key, c.person_id, c.household_id, c.score, d.fingerprint
      FROM link_candidate c
      JOIN link_decision d ON d.link_key = c.link_key AND d.person_id = c.person_id AND d.state = 'dikonfirmasi'
      ORDER BY c.link_key, c.score DESC, c.person_id
    )
    SELECT b.link_key,
           (b.method IS DISTINCT FROM 'nik' AND cf.person_id IS NULL
             AND best.score >= ${automatic} AND (best.next_score IS NULL OR best.score - best.next_score >= ${LINK_MARGIN})) AS automatic,
           cf.person_id IS NOT NULL AND b.method IS DISTINCT FROM 'nik' AS confirmed,
           b.person_id AS base_person_id, b.household_id AS base_household_id, b.method AS base_method,
           cf.person_id AS confirmed_person_id, cf.household_id AS confirmed_household_id, cf.score AS confirmed_score,
           cf.fingerprint AS confirmed_fingerprint,
           best.person_id AS best_person_id, best.household_id AS best_household_id, best.score AS best_score,
           ${pairFingerprint(kabkota, sql`best.link_key`, sql`best.person_id`)} AS best_fingerprint,
           row_number() OVER (ORDER BY b.link_key)::int AS place
    FROM base b
    LEFT JOIN confirmed cf ON cf.link_key = b.link_key
    LEFT JOIN open best ON best.link_key = b.link_key AND best.place = 1`);
  // The relink's runs are planned from these: one run on the server is every place, and a plan
  // for the default guess (a two-sided range as 0.5 % of rows) would seek millions of receipts
  // by their key one at a time.
  await tx.execute(sql`ANALYZE link_target`);
  return { keyed, identities };
}

/** What each identity of `link_target` becomes: a confirmed pair, else an automatic link, else its own NIK or No. KK match (or none). */
const LINK_OUTCOME = sql`
  SELECT link_key, place,
         CASE WHEN confirmed THEN confirmed_person_id WHEN automatic THEN best_person_id ELSE base_person_id END AS person_id,
         CASE WHEN confirmed THEN confirmed_household_id WHEN automatic THEN best_household_id ELSE base_household_id END AS household_id,
         (CASE WHEN confirmed THEN 'tautan_dikonfirmasi' WHEN automatic THEN 'tautan_otomatis' ELSE base_method::text END)::receipt_match_method AS method,
         CASE WHEN confirmed THEN confirmed_score WHEN automatic THEN best_score END AS score,
         CASE WHEN confirmed THEN confirmed_fingerprint WHEN automatic THEN best_fingerprint END AS fingerprint
  FROM link_target`;

/**
 * Record linkage for a kabupaten/kota (lib/linkage/README.md): every receipt that did not match
 * by NIK is given its identity key; each identity meets the register persons whose name key is
 * similar (the trigram index blocks) or whose household has its No. KK, and is scored. Then, per
 * identity: a pair confirmed in the queue links (`tautan_dikonfirmasi`); else the best candidate
 * at or above the automatic threshold, leading the next by LINK_MARGIN and never dismissed,
 * links (`tautan_otomatis`); else the receipt keeps its NIK or No. KK match, and when it has
 * none and the best candidate reaches the review threshold, the pair waits in the queue.
 *
 * `batchId` narrows the run to the identities of one recipient import; a whole run also seeks
 * duplicates inside the register (ganda). Idempotent: a second run changes nothing.
 */
export async function linkRecords({
  ctx,
  input,
}: {
  ctx: Context;
  input: LinkScope & {
    kabkotaCode: string;
    /** The thresholds a caller already read (a job's terms); read here when not given. */
    thresholds?: LinkThresholds;
  };
}): Promise<LinkReport> {
  const kabkota = input.kabkotaCode;
  const { automatic, review } = input.thresholds ?? (await linkThresholds(ctx));
  const whole = input.batchId === undefined && input.receiptKeys === undefined;
  const notByNik = sql`r.kabkota_code = ${kabkota} AND r.match_method IS DISTINCT FROM 'nik'`;

  return ctx.db.transaction(async (tx) => {
    const { keyed, identities } = await prepareLinkage(tx, ctx.engine, kabkota, input, { automatic });
    input.onStep?.(LINK_STEPS[4]);
    // On PGlite in runs of identities (one row each in link_target): a seeded city's first run
    // links 107,000 receipts at 42k households, 9 s in one statement.
    const relinked = await writeInRuns(
      { engine: ctx.engine, onPglite: IDENTITIES_PER_STATEMENT, total: identities },
      (after, upto) =>
        countWritten(
          tx,
          sql`
        UPDATE aid_receipt r SET
          matched_person_id = t.person_id, matched_household_id = t.household_id, match_method = t.method,
          match_score = t.score, link_fingerprint = t.fingerprint
        FROM (${LINK_OUTCOME}) t
        WHERE t.place > ${after} AND t.place <= ${upto} AND ${notByNik} AND r.link_key = t.link_key
          AND (r.matched_person_id, r.matched_household_id, r.match_method, r.match_score, r.link_fingerprint)
              IS DISTINCT FROM (t.person_id, t.household_id, t.method, t.score, t.fingerprint)`,
        ),
    );

    // The queue: an identity left unmatched whose best candidate reaches review.
    let pairsWritten = await countWritten(
      tx,
      sql`DELETE FROM linkage_pair WHERE kabkota_code = ${kabkota} AND kind = 'penerima' AND state = 'menunggu'
        ${whole ? sql`` : sql`AND receipt_key IN (SELECT link_key FROM link_identity)`}`,
    );
    pairsWritten += await countWritten(
      tx,
      sql`
      INSERT INTO linkage_pair (kabkota_code, fingerprint, kind, receipt_key, receipt_id, receipts, person_id, score,
                                kelurahan_code, other_kelurahan_code)
      SELECT ${kabkota}, t.best_fingerprint, 'penerima', t.link_key, i.receipt_id, i.receipts, t.best_person_id, t.best_score,
             i.kelurahan_code, h.effective_kelurahan_code
      FROM link_target t
      JOIN link_identity i ON i.link_key = t.link_key
      JOIN household h ON h.kabkota_code = ${kabkota} AND h.id = t.best_household_id
      WHERE t.base_method IS NULL AND NOT t.automatic AND NOT t.confirmed AND t.best_score >= ${review}
      ON CONFLICT (kabkota_code, fingerprint) DO NOTHING`,
    );
    if (whole) {
      input.onStep?.(LINK_STEPS[5]);
      pairsWritten += await queueRegisterDuplicates(tx, kabkota, review);
    }
    // A first run fills the queue from nothing. Planned from statistics of an empty queue, each
    // identity's count of waiting pairs scanned every waiting pair (PGlite has no autovacuum to
    // take them anew); the queue's page plans from them too. Only the queue: the receipts'
    // statistics would be read under this run's row locks, and the imports take them.
    await analyzeAfterWrite(tx, "linkage_pair", pairsWritten);

    // Counted from the identities, each standing for its receipts (all of them now carry its
    // outcome), not from the receipts: their statistics know none of the keys just written, and
    // PGlite planned that count as a loop that had not ended after 15 minutes at 42k households.
    const [report] = await queryRows<Omit<LinkReport, "rewritten">>(
      tx,
      sql`SELECT (SELECT count(*)::int FROM link_identity) AS identities,
                 coalesce(sum(i.receipts), 0)::int AS receipts,
                 coalesce(sum(i.receipts) FILTER (WHERE t.method = 'tautan_otomatis'), 0)::int AS "linkedAutomatically",
                 coalesce(sum(i.receipts) FILTER (WHERE t.method = 'tautan_dikonfirmasi'), 0)::int AS "linkedConfirmed",
                 coalesce(sum(i.receipts) FILTER (WHERE EXISTS (SELECT 1 FROM linkage_pair q WHERE q.kabkota_code = ${kabkota}
                                               AND q.receipt_key = i.link_key AND q.state = 'menunggu')), 0)::int AS waiting,
                 (SELECT count(*)::int FROM linkage_pair WHERE kabkota_code = ${kabkota} AND state = 'menunggu' AND kind = 'penerima') AS "queuedReceipts",
                 (SELECT count(*)::int FROM linkage_pair WHERE kabkota_code = ${kabkota} AND state = 'menunggu' AND kind = 'ganda') AS "queuedDuplicates"
          FROM link_identity i
          JOIN (${LINK_OUTCOME}) t ON t.link_key = i.link_key
          WHERE t.method IS DISTINCT FROM 'nik'`,
    );
    return { ...report!, rewritten: keyed + relinked };
  });
}

/**
 * Register duplicates: two living members of different active households, under different NIKs
 * (or one without), whose names are alike and whose birth dates agree by the linkage rules
 * (equal, day and month swapped, the year one off). Persons meet through hash joins on the birth
 * day (`link_register`), each pair once (the lower id first); a pair is queued when its score
 * reaches review, never linked by itself.
 */
async function queueRegisterDuplicates(tx: Context["db"], kabkota: string, review: number): Promise<number> {
  // Persons born on a day the rules accept whose names begin alike, and those whose names end
  // alike: a cheap first sieve before the trigram comparison, joined on with the day. On the day
  // alone the persons of 42,124 households met in 2.8 million pairs (0.44 million so), and of a
  // million households in 2.2 billion (0.40 billion so, with the demo's former 800 names).
  const alikeOn = (sieve: SQL) => sql`
      SELECT a.person_id AS a_id, b.person_id AS b_id, a.kelurahan_code AS a_kelurahan, b.kelurahan_code AS b_kelurahan,
             ${registerPersonKey("a")} AS a_key, ${registerPersonKey("b")} AS b_key,
             ${duplicateScore(sql`similarity(a.name_key, b.name_key)`, birthDateEvidence(sql`a.birth_date`, sql`b.birth_date`))} AS score
      FROM link_register a
      CROSS JOIN LATERAL unnest(${birthDateVariants(sql`a.birth_date`)}) AS born(day)
      JOIN link_register b ON b.birth_date = born.day AND ${sieve}
      WHERE b.person_id > a.person_id AND b.household_id <> a.household_id AND a.living AND b.living AND a.active AND b.active
        AND a.nik IS DISTINCT FROM b.nik AND similarity(a.name_key, b.name_key) >= ${DUPLICATE_NAME_SIMILARITY}`;
  const deleted = await countWritten(
    tx,
    sql`DELETE FROM linkage_pair WHERE kabkota_code = ${kabkota} AND kind = 'ganda' AND state = 'menunggu'`,
  );
  const inserted = await countWritten(
    tx,
    sql`
    INSERT INTO linkage_pair (kabkota_code, fingerprint, kind, receipts, person_id, other_person_id, score,
                              kelurahan_code, other_kelurahan_code)
    SELECT ${kabkota}, md5('ganda|' || least(pair.a_key, pair.b_key) || '|' || greatest(pair.a_key, pair.b_key))::uuid, 'ganda', 0,
           pair.a_id, pair.b_id, pair.score, pair.a_kelurahan, pair.b_kelurahan
    FROM (${alikeOn(sql`left(a.name_key, 2) = left(b.name_key, 2)`)} UNION ${alikeOn(sql`right(a.name_key, 2) = right(b.name_key, 2)`)}
    ) pair
    WHERE pair.score >= ${review}
    ON CONFLICT (kabkota_code, fingerprint) DO NOTHING`,
  );
  return deleted + inserted;
}

/** Each identity's best open candidate, for measuring linkage against known truth (the bench): nothing is written but identity keys and the names kept or forgotten (name-blocks.ts). */
export interface LinkOutcome {
  source_row: number;
  base_method: string | null;
  best_person_id: number | null;
  best_score: number | null;
  next_score: number | null;
}

export async function linkageOutcomes({
  ctx,
  input,
}: {
  ctx: Context;
  input: { kabkotaCode: string; batchId: number };
}): Promise<LinkOutcome[]> {
  const { automatic } = await linkThresholds(ctx);
  return ctx.db.transaction(async (tx) => {
    await prepareLinkage(tx, ctx.engine, input.kabkotaCode, { batchId: input.batchId }, { automatic });
    return queryRows<LinkOutcome>(
      tx,
      sql`SELECT r.source_row, t.base_method::text AS base_method, t.best_person_id::int AS best_person_id,
                 t.best_score::float8 AS best_score, o.next_score::float8 AS next_score
          FROM link_target t
          JOIN aid_receipt r ON r.kabkota_code = ${input.kabkotaCode} AND r.link_key = t.link_key AND r.import_batch_id = ${input.batchId}
          LEFT JOIN LATERAL (SELECT c.score AS next_score FROM link_candidate c
                             WHERE c.link_key = t.link_key AND c.person_id <> t.best_person_id
                             ORDER BY c.score DESC LIMIT 1) o ON true`,
    );
  });
}
