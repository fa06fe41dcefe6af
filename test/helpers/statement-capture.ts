import type { PGlite, Transaction } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";

import { queryRows, type Database } from "@/db/engine";

/**
 * The tables Citus distributes by `kabkota_code` (docs/scale.md): a statement touching them is a
 * router query only when every scan of them is tied to one kabupaten/kota.
 */
export const DISTRIBUTED_TABLES = [
  "household",
  "person",
  "aid_receipt",
  "coverage_window",
  "coverage_rollup",
  "coverage_combination",
  "coverage_household",
  "coverage_window_amount",
  "coverage_month",
  "coverage_month_household",
  "coverage_month_rt",
  "coverage_base",
  "coverage_base_household",
  "coverage_base_rt",
  "coverage_span",
  "coverage_span_household",
  "coverage_span_rt",
  "coverage_change",
  "linkage_pair",
  "linkage_register_name",
  "linkage_listed_name",
  "linkage_name_pair",
] as const;

const MENTIONS = new RegExp(`\\b(${DISTRIBUTED_TABLES.join("|")})\\b`, "i");
const PLANNABLE =
  /^\s*(\(?\s*SELECT|WITH|INSERT|UPDATE|DELETE|CREATE\s+TEMP(ORARY)?\s+TABLE\s+\w+(\s+ON\s+COMMIT\s+DROP)?\s+AS)\b/i;
const CONDITION_KEYS = ["Index Cond", "Recheck Cond", "Filter", "Hash Cond", "Merge Cond", "Join Filter", "TID Cond"];

export interface CapturedStatement {
  sql: string;
  /** The plan of each scan of a distributed table: its table, alias, and whether it is tied to one kabupaten/kota. */
  scans: Array<{ table: string; alias: string; routed: boolean }>;
}

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  Alias?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

/**
 * The scans of distributed tables in a plan (EXPLAIN VERBOSE, JSON), each marked routed when a
 * condition anywhere in the plan holds its `kabkota_code` equal to something — a value, a
 * parameter, or another table's `kabkota_code` (a colocated join) — and not routed otherwise: a
 * scan every shard would answer.
 */
export function scansOf(plan: PlanNode): CapturedStatement["scans"] {
  const conditions: string[] = [];
  const scans: Array<{ node: PlanNode; own: string[] }> = [];
  const walk = (node: PlanNode) => {
    const own = CONDITION_KEYS.flatMap((key) => (typeof node[key] === "string" ? [node[key] as string] : []));
    conditions.push(...own);
    // An INSERT's target is routed by the kabkota_code of the rows it writes; an UPDATE's or
    // DELETE's rows come from a scan of their own, checked as any other.
    const reads = node["Node Type"] !== "ModifyTable";
    if (reads && node["Relation Name"] && (DISTRIBUTED_TABLES as readonly string[]).includes(node["Relation Name"]))
      scans.push({ node, own });
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return scans.map(({ node, own }) => {
    const alias = node.Alias ?? node["Relation Name"]!;
    const qualified = new RegExp(`\\b${alias}\\.kabkota_code\\s*=|=\\s*${alias}\\.kabkota_code\\b`);
    const unqualified = /(^|[(\s])kabkota_code\s*=|=\s*kabkota_code\b/;
    const routed = conditions.some((c) => qualified.test(c)) || own.some((c) => unqualified.test(c));
    return { table: node["Relation Name"]!, alias, routed };
  });
}

/** The root node of an EXPLAIN (FORMAT JSON) answer, which a driver hands over parsed or as text. */
function rootPlan(answer: unknown): PlanNode {
  return ((typeof answer === "string" ? JSON.parse(answer) : answer) as Array<{ Plan: PlanNode }>)[0]!.Plan;
}

/** The plan PostgreSQL makes for `query` (EXPLAIN, JSON; with each node's output and conditions in full when `verbose`). */
export async function planOf(db: Database, query: SQL, { verbose = false } = {}): Promise<PlanNode> {
  const options = sql.raw(verbose ? "VERBOSE, FORMAT JSON" : "FORMAT JSON");
  const [row] = await queryRows<{ "QUERY PLAN": unknown }>(db, sql`EXPLAIN (${options}) ${query}`);
  return rootPlan(row!["QUERY PLAN"]);
}

type Client = Pick<PGlite, "query"> | Transaction;

/** EXPLAINs a statement as it is about to run, on the same connection, without disturbing its transaction. */
async function explain(client: Client, text: string, params: unknown[] | undefined, inTransaction: boolean) {
  if (inTransaction) await (client as Transaction).exec("SAVEPOINT statement_capture");
  try {
    const result = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (VERBOSE, FORMAT JSON) ${text}`, params);
    return scansOf(rootPlan(result.rows[0]!["QUERY PLAN"]));
  } catch {
    if (inTransaction) await (client as Transaction).exec("ROLLBACK TO SAVEPOINT statement_capture");
    return null;
  } finally {
    if (inTransaction) await (client as Transaction).exec("RELEASE SAVEPOINT statement_capture");
  }
}

/**
 * Captures every statement an embedded database runs that names a distributed table, each with
 * the scans of its plan, until `stop()`: the kabkota-routing test's eyes. Wraps the instance's
 * `query` and the `query` of its transactions, through which drizzle sends everything.
 */
export function captureStatements(pglite: PGlite): { statements: CapturedStatement[]; stop(): void } {
  const statements: CapturedStatement[] = [];
  const originalQuery = pglite.query.bind(pglite);
  const originalTransaction = pglite.transaction.bind(pglite);
  const watch = <C extends Client>(client: C, inTransaction: boolean, run: C["query"]): C["query"] =>
    (async (text: string, params?: unknown[], options?: unknown) => {
      if (MENTIONS.test(text) && PLANNABLE.test(text)) {
        const scans = await explain(client, text, params, inTransaction);
        if (scans) statements.push({ sql: text.replace(/\s+/g, " ").trim(), scans });
      }
      return (run as (t: string, p?: unknown[], o?: unknown) => Promise<unknown>)(text, params, options);
    }) as C["query"];
  pglite.query = watch(pglite as Client, false, originalQuery) as PGlite["query"];
  pglite.transaction = (async (callback: (tx: Transaction) => Promise<unknown>) =>
    originalTransaction(async (tx) => {
      const original = tx.query.bind(tx);
      const watched = Object.create(tx) as Transaction;
      watched.query = watch(tx, true, original) as Transaction["query"];
      return callback(watched);
    })) as PGlite["transaction"];
  return {
    statements,
    stop() {
      pglite.query = originalQuery;
      pglite.transaction = originalTransaction;
    },
  };
}
