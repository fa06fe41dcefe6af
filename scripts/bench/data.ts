import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import { sql } from "drizzle-orm";

import { queryRows, type DatabaseHandle } from "@/db/engine";
import {
  addMonths,
  areaSummary,
  exportHouseholdList,
  HOUSEHOLD_LISTS,
  HOUSEHOLD_SORTS,
  listHouseholds,
  monthsBetween,
  PAGE_SIZE,
  warmCoverage,
  type HouseholdList,
  type HouseholdSort,
} from "@/lib/analytics";
import { contextOf, type Context } from "@/lib/context";
import { Random, SAMARINDA_CALIBRATION, SAMARINDA_CODE, seedDemoCity } from "@/lib/demo";
import { writeCsv } from "@/lib/exports";
import {
  DTKS_COLUMNS,
  exportDtksMemberList,
  importDtks,
  importRecipients,
  parseCsv,
  type ImportStep,
} from "@/lib/imports";
import { joinHouseholdsToAreas, withSpatialJoinMemory } from "@/lib/spatial";
import { computeScenario, scenarioParams } from "@/lib/targeting";
import { vectorTile, type TileLayer } from "@/lib/tiles";

/** The largest files the bench imports, whatever the register's size. */
const DTKS_FILE_HOUSEHOLDS = SAMARINDA_CALIBRATION.households;
const RECIPIENT_FILE_ROWS = 100_000;

export interface DataBenchResult {
  households: number;
  receiptsFrom: string;
  seedMs: number;
  dtks: {
    rows: number;
    households: number;
    importMs: number;
    copyMs: number;
    /** The rows the import wrote, written again into copies of their tables, indexes and constraints included. */
    floorMs: number;
    /**
     * How long a request that needs no database (a job's progress), arriving every 100 ms, waited
     * for the process during the import, nothing else asked (p50, p95, longest, ms), and the step
     * that held the thread through the longest. On PGlite a statement runs on this thread, and on both
     * engines the reading of the file.
     */
    unanswered: { p50: number; p95: number; max: number; longestIn: ImportStep };
  };
  /**
   * Summaries (cached default window, random areas) and tiles asked one after another, idle and
   * while a second DTKS file of the same size is imported: p50 and p95 of each, the longest wait
   * during the import, and how many were asked.
   */
  duringImport: {
    idle: { p50: number; p95: number; count: number };
    importing: { p50: number; p95: number; max: number; count: number };
    importMs: number;
  };
  recipients: {
    rows: number;
    importMs: number;
    copyMs: number;
    floorMs: number;
    /**
     * The import's parts: reading, checking and staging the file (with any wait for the import
     * turn); writing the receipts as they are matched by NIK and No. KK, with the batch's rows, the
     * new month's statistics and the commit; record linkage and the report.
     */
    phases: RecipientImportPhases;
    /**
     * The same list relabelled a month later, imported next: the month after, whose names record
     * linkage already met (their similar register names kept, lib/linkage/name-blocks.ts), with a
     * floor of its own, taken right after it as the first list's is: the first list writes into
     * index pages no write has touched since the seed, which the floor after it finds in memory.
     */
    nextMonth: { importMs: number; phases: RecipientImportPhases; floorMs: number };
  };
  /**
   * The city's summary of the default window asked right after a write that changed little (the
   * cache carried forward, only what changed counted), and the refresh an import then runs
   * (`warmCoverage`): after a recipient list of one new month, and after a DTKS file that changes
   * the desil of one kelurahan's households.
   */
  afterWrite: Array<{
    write: "penerima" | "dtks";
    rows: number;
    importMs: number;
    nextSummaryMs: number;
    refreshMs: number;
  }>;
  summary: {
    /** Filling the coverage cache of the default window (the 12 months ending at the latest receipt). */
    fillMs: number;
    /** `areaSummary` for the default window once cached. */
    cached: LatencyFigures[];
    /** The city's summary for a window nobody asked for before (the calendar year before): counted on the spot, then cached. */
    firstAskMs: number;
    /**
     * Summaries of COLD_WINDOWS random windows (1–36 months within the last 36) × the city, a
     * kecamatan and a kelurahan, each asked for the first time (assembled from the stored months).
     */
    coldWindows: { count: number; p50: number; p95: number; max: number };
    /**
     * The map's timeline stepped month by month over the last 12 months: each step the city's
     * summary of that month and the 3 × 3 kelurahan tiles at zoom 12 around the city, never
     * asked before; per step p50, p95 and the slowest.
     */
    timeline: { steps: number; p50: number; p95: number; max: number };
  };
  lists: {
    /** Each area's lists (the city, a kecamatan, a kelurahan), every sort, the first page and a later one. */
    pages: ListFigures[];
    /** The whole city's longest list exported as CSV and as XLSX. */
    exports: Array<{ list: HouseholdList; format: "csv" | "xlsx"; rows: number; ms: number }>;
  };
  /** A scenario for the city's program with a per-kelurahan quota (Samarinda's 1,242 families), computed again and again. */
  targeting: { households: number; candidates: number; selected: number; runs: number; p50: number; p95: number };
  tiles: {
    /** Tiles asked: a 3 × 3 block around the city's first kelurahan at each zoom 11–16. */
    count: number;
    /** `vectorTile` as the API builds it (not from the tile cache): p50 and p95. */
    p50: number;
    p95: number;
    /** The same tiles, layers and geometry through a bare ST_AsMVT query without indicators (server only). */
    bare: { p50: number; p95: number } | null;
  };
  join: {
    /** The whole spatial join after every placement was cleared: every household is written. */
    fullMs: number;
    /** The same join run again over unchanged data: nothing to write. */
    rerunMs: number;
    /** The bare polygon-driven point-in-polygon query, nothing written: the floor. */
    floorMs: number;
    /** The same query as a plain join, left to the planner. */
    defaultPlanMs: number;
  };
}

export const DATA_BENCH_STEPS = [
  "seed",
  "summary",
  "afterWrite",
  "lists",
  "targeting",
  "tiles",
  "join",
  "dtks",
  "during",
  "recipients",
] as const;
export type DataBenchStep = (typeof DATA_BENCH_STEPS)[number];

/** One household list of an area: its length, and each sort's first page and a later page. */
export interface ListFigures {
  area: string;
  list: HouseholdList;
  total: number;
  /** The later page asked: the middle of the list (1 when it has one page). */
  laterPage: number;
  sorts: Array<{ sort: HouseholdSort; firstMs: number; laterMs: number }>;
}

/** Latency of one analytics answer, over repeated requests. */
export interface LatencyFigures {
  area: string;
  p50: number;
  p95: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** The best of a few runs: the figure least disturbed by whatever else the machine did. */
async function best(runs: number, work: () => Promise<unknown>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) fastest = Math.min(fastest, (await timed(work)).ms);
  return fastest;
}

/** Loads a CSV file as it is into an all-text table with plain COPY: the floor of any import. */
async function copyFileAsIs(
  handle: DatabaseHandle,
  table: string,
  columns: readonly string[],
  bytes: Uint8Array,
): Promise<number> {
  await handle.db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(table)}`);
  await handle.db.execute(sql.raw(`CREATE UNLOGGED TABLE ${table} (${columns.map((c) => `${c} text`).join(", ")})`));
  const statement = `COPY ${table} FROM ${handle.pglite ? "'/dev/blob'" : "STDIN"} WITH (FORMAT csv, HEADER true)`;
  const { ms } = await timed(async () => {
    if (handle.pglite) {
      await handle.pglite.query(statement, [], { blob: new Blob([new Uint8Array(bytes)]) });
    } else {
      const stream = await handle.sql!.unsafe(statement).writable();
      await pipeline(Readable.from([Buffer.from(bytes)]), stream);
    }
  });
  await handle.db.execute(sql`DROP TABLE ${sql.identifier(table)}`);
  return ms;
}

/** Thrown to roll the floor's writes back once they are timed. */
class FloorWritten extends Error {}

/**
 * The physical floor of an import's writing: the very rows it wrote, written again by one INSERT
 * per table into the same tables, at the register's size, with their indexes, constraints and
 * foreign keys, then rolled back. Each table's rows are read first (untimed) into a temporary
 * table: a household under another DTKS id (the id is unique), a member pointing at its
 * household's new row. Tepat's own triggers are off for it (they are the import's own work);
 * only the INSERTs are timed. Earlier the floor wrote into empty copies of the tables, whose
 * indexes are small; the indexes of a city's register are not. `parts`, in the order of writing,
 * name each table and the condition (on alias `t`, literal SQL) picking the rows.
 */
async function writeAgainIntoTables(
  handle: DatabaseHandle,
  parts: Array<{ table: "household" | "person" | "aid_receipt"; where: string }>,
): Promise<number> {
  let total = 0;
  await handle.db
    .transaction(async (tx) => {
      for (const { table } of parts) await tx.execute(sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`));
      for (const { table, where } of parts) {
        const columns = (
          await queryRows<{ name: string }>(
            tx,
            sql`SELECT column_name AS name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER' AND is_identity = 'NO'
                ORDER BY ordinal_position`,
          )
        )
          .map((c) => c.name)
          .join(", ");
        const rows = `bench_floor_${table}`;
        await tx.execute(
          sql.raw(
            `CREATE TEMP TABLE ${rows} ON COMMIT DROP AS SELECT t.id AS old_id, ${columns} FROM ${table} t WHERE ${where}`,
          ),
        );
        if (table === "household") await tx.execute(sql.raw(`UPDATE ${rows} SET dtks_id = 'LANTAI-' || dtks_id`));
        if (table === "person")
          await tx.execute(
            sql.raw(`UPDATE ${rows} m SET household_id = h.id FROM bench_floor_household f
                     JOIN household h ON h.kabkota_code = f.kabkota_code AND h.dtks_id = f.dtks_id
                     WHERE m.kabkota_code = f.kabkota_code AND m.household_id = f.old_id`),
          );
        await tx.execute(sql.raw(`ANALYZE ${rows}`));
        total += (
          await timed(() => tx.execute(sql.raw(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${rows}`)))
        ).ms;
      }
      throw new FloorWritten();
    })
    .catch((error: unknown) => {
      if (!(error instanceof FloorWritten)) throw error;
    });
  // The rolled-back rows leave dead index entries for the steps after this one.
  await handle.db.execute(sql.raw(`VACUUM ${[...new Set(parts.map((part) => part.table))].join(", ")}`));
  return total;
}

/** The summaries and tiles `duringImport` asks, one after another: a random area's summary, then a tile. */
async function askSummariesAndTiles(
  ctx: Context,
  areas: string[],
  tiles: TileRequest[],
  random: Random,
  keepGoing: () => boolean,
  minimum: number,
): Promise<number[]> {
  const samples: number[] = [];
  while (samples.length < minimum || keepGoing()) {
    const area = areas[random.int(0, areas.length - 1)]!;
    samples.push((await timed(() => areaSummary({ ctx, input: { code: area } }))).ms);
    const tile = tiles[random.int(0, tiles.length - 1)]!;
    samples.push((await timed(() => vectorTile({ ctx, input: tile }))).ms);
    if (!keepGoing() && samples.length >= minimum) break;
  }
  return samples;
}

/**
 * What other people wait while a DTKS file of 42,124 new households is imported: summaries and
 * tiles asked idle (the cache warm), then the same while the import runs on another connection
 * (one at a time on PGlite, which has one).
 */
async function duringImport(
  ctx: Context,
  areas: string[],
  dtksBytes: Uint8Array,
): Promise<DataBenchResult["duringImport"]> {
  await warmCoverage({ ctx });
  const tiles = benchTiles(await firstKelurahanCenter(ctx));
  const random = new Random(7);
  const idle = await askSummariesAndTiles(ctx, areas, tiles, random, () => false, 200);
  let importing = true;
  const started = performance.now();
  const imported = importDtks({ ctx, input: { fileName: "bench-dtks-2.csv", bytes: dtksBytes } }).finally(() => {
    importing = false;
  });
  const during = await askSummariesAndTiles(ctx, areas, tiles, random, () => importing, 1);
  await imported;
  const importMs = performance.now() - started;
  return {
    idle: { ...percentiles(idle), count: idle.length },
    importing: { ...percentiles(during), max: Math.max(...during), count: during.length },
    importMs,
  };
}

/**
 * How long a request that needs no database would have waited for the process, had one arrived
 * every `everyMs` during the work: a timer every 10 ms notes when the event loop turns (so a wait
 * reads up to 10 ms long), and a request arriving at a moment waits until the next turn, or until
 * the work ended. Each wait is named by the step in force when it ended (`onStep` hears them): the
 * step whose statement held the thread. None piles up behind a block, as timers due would.
 */
function waitsOfPolls(everyMs: number) {
  const started = performance.now();
  const turns: number[] = [started];
  const steps: Array<{ at: number; step: ImportStep }> = [{ at: started, step: "membaca" }];
  const turned = () => {
    turns.push(performance.now());
    timer = setTimeout(turned, 10);
  };
  let timer = setTimeout(turned, 10);
  return {
    onStep: (step: ImportStep) => steps.push({ at: performance.now(), step }),
    stop: () => {
      clearTimeout(timer);
      turns.push(performance.now());
    },
    summary() {
      const waits: Array<{ ms: number; step: ImportStep }> = [];
      let turn = 0;
      let step = 0;
      for (let arrival = started + everyMs; arrival < turns.at(-1)!; arrival += everyMs) {
        while (turns[turn]! < arrival) turn++;
        while (step + 1 < steps.length && steps[step + 1]!.at <= turns[turn]!) step++;
        waits.push({ ms: turns[turn]! - arrival, step: steps[step]!.step });
      }
      const longest = waits.reduce((a, b) => (b.ms > a.ms ? b : a), waits[0] ?? { ms: 0, step: "membaca" });
      return { ...percentiles(waits.map((wait) => wait.ms)), max: longest.ms, longestIn: longest.step };
    },
  };
}

async function spatialJoinTimes(ctx: Context, runs: number): Promise<DataBenchResult["join"]> {
  const kabkota = SAMARINDA_CODE;
  await ctx.db.execute(sql`
    UPDATE household SET spatial_kelurahan_code = NULL, spatial_rt_code = NULL, effective_kelurahan_code = NULL,
      effective_rt_code = NULL, location_status = 'tanpa_geotag'
    WHERE kabkota_code = ${kabkota}`);
  await ctx.db.execute(sql`VACUUM ANALYZE household`);
  const fullMs = (await timed(() => joinHouseholdsToAreas({ ctx, input: { kabkotaCode: kabkota } }))).ms;
  const rerunMs = await best(runs, () => joinHouseholdsToAreas({ ctx, input: { kabkotaCode: kabkota } }));
  // The floor and the default plan run with the join's memory setting, so the ratios measure
  // the join's own extra work.
  const floorMs = await best(runs, () =>
    withSpatialJoinMemory(ctx, (db) =>
      db.execute(sql`
    SELECT count(*) FROM (
      SELECT x.id, min(a.code) FILTER (WHERE a.level = 'kelurahan'), min(a.code) FILTER (WHERE a.level = 'rt')
      FROM area a,
           LATERAL (SELECT h.id FROM household h WHERE h.kabkota_code = ${kabkota} AND ST_Covers(a.geom, h.geotag) OFFSET 0) x
      WHERE a.kabkota_code = ${kabkota} AND a.level IN ('kelurahan', 'rt') AND a.geom IS NOT NULL
      GROUP BY x.id) placed`),
    ),
  );
  const defaultPlanMs = await best(runs, () =>
    withSpatialJoinMemory(ctx, (db) =>
      db.execute(sql`
    SELECT count(*) FROM (
      SELECT h.id, min(a.code) FILTER (WHERE a.level = 'kelurahan'), min(a.code) FILTER (WHERE a.level = 'rt')
      FROM area a JOIN household h ON h.kabkota_code = ${kabkota} AND ST_Covers(a.geom, h.geotag)
      WHERE a.kabkota_code = ${kabkota} AND a.level IN ('kelurahan', 'rt') AND a.geom IS NOT NULL
      GROUP BY h.id) placed`),
    ),
  );
  return { fullMs, rerunMs, floorMs, defaultPlanMs };
}

/** Another serial in the last four digits of a NIK or No. KK: the same region and date, another person. */
const otherSerial = (id: string | undefined, shift: number) =>
  id && /^\d{16}$/.test(id)
    ? `${id.slice(0, 12)}${String(((Number(id.slice(12)) + shift) % 9999) + 1).padStart(4, "0")}`
    : (id ?? "");

/**
 * Exported households under new ids (`prefix`), NIKs and No. KK (serials moved by `shift`): a
 * batch of new families for the register.
 */
function asNewHouseholds(csv: string, prefix = "BARU-", shift = 4999): string {
  const [header, ...rows] = parseCsv(csv);
  return writeCsv([
    header!.cells,
    ...rows.map(({ cells }) => [
      cells[0]!.replace(/^DEMO-/, prefix),
      otherSerial(cells[1], shift),
      otherSerial(cells[2], shift),
      ...cells.slice(3),
    ]),
  ]);
}

/** The city, its first kecamatan and that kecamatan's first kelurahan. */
async function benchAreas(ctx: Context): Promise<string[]> {
  const kecamatan = (
    await queryRows<{ code: string }>(
      ctx.db,
      sql`SELECT min(code) AS code FROM area WHERE parent_code = ${SAMARINDA_CODE}`,
    )
  )[0]!.code;
  const kelurahan = (
    await queryRows<{ code: string }>(ctx.db, sql`SELECT min(code) AS code FROM area WHERE parent_code = ${kecamatan}`)
  )[0]!.code;
  return [SAMARINDA_CODE, kecamatan, kelurahan];
}

/**
 * The coverage cache filled for the default window, then each of `areas` asked `requests`
 * times, then a window not cached yet.
 */
async function summaryLatency(ctx: Context, areas: string[], requests: number): Promise<DataBenchResult["summary"]> {
  const fillMs = (await timed(() => warmCoverage({ ctx }))).ms;
  const figures: LatencyFigures[] = [];
  for (const area of areas) {
    const samples: number[] = [];
    for (let i = 0; i < requests; i++)
      samples.push((await timed(() => areaSummary({ ctx, input: { code: area } }))).ms);
    samples.sort((a, b) => a - b);
    const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
    figures.push({ area, p50: at(0.5), p95: at(0.95) });
  }
  const [held] = await queryRows<{ earliest: string; latest: string }>(
    ctx.db,
    sql`SELECT min(period) AS earliest, max(period) AS latest FROM aid_receipt WHERE kabkota_code = ${SAMARINDA_CODE}`,
  );
  const { earliest, latest } = held!;
  // Windows within the months the city holds: a million-household city is seeded with three.
  const heldMonths = monthsBetween(earliest, latest);
  const year = String(Number(latest.slice(0, 4)) - 1);
  const firstAsk =
    `${year}-01` >= earliest ? { from: `${year}-01`, to: `${year}-12` } : { from: earliest, to: addMonths(latest, -1) };
  const firstAskMs = (await timed(() => areaSummary({ ctx, input: { code: SAMARINDA_CODE, ...firstAsk } }))).ms;
  const coldSamples: number[] = [];
  const random = new Random(21);
  for (let i = 0; i < COLD_WINDOWS; i++) {
    const to = addMonths(latest, -random.int(0, Math.min(35, heldMonths - 1)));
    const from = addMonths(to, 1 - random.int(1, Math.min(36, monthsBetween(earliest, to))));
    for (const area of areas) {
      coldSamples.push((await timed(() => areaSummary({ ctx, input: { code: area, from, to } }))).ms);
    }
  }
  coldSamples.sort((a, b) => a - b);
  const at = (p: number) => coldSamples[Math.min(coldSamples.length - 1, Math.floor(p * coldSamples.length))]!;
  const coldWindows = { count: coldSamples.length, p50: at(0.5), p95: at(0.95), max: coldSamples.at(-1)! };
  const center = await firstKelurahanCenter(ctx);
  const around = benchTiles(center).filter((tile) => tile.z === 12);
  const steps: number[] = [];
  for (let back = Math.min(11, heldMonths - 1); back >= 0; back--) {
    const month = addMonths(latest, -back);
    const window = { from: month, to: month };
    steps.push(
      (
        await timed(async () => {
          await areaSummary({ ctx, input: { code: SAMARINDA_CODE, ...window } });
          for (const tile of around) await vectorTile({ ctx, input: { ...tile, ...window } });
        })
      ).ms,
    );
  }
  const timeline = { steps: steps.length, ...percentiles(steps), max: Math.max(...steps) };
  return { fillMs, cached: figures, firstAskMs, coldWindows, timeline };
}

/** How many random windows the cold-window figure asks for, each for three areas (issue 21's 20 × 3). */
const COLD_WINDOWS = 20;

/**
 * Every household list of the city, a kecamatan and a kelurahan in the default window (cached by
 * then), each sort, the first page and the middle one, as the page and the API ask them; then the
 * city's longest list exported whole.
 */
async function listLatency(ctx: Context, areas: string[]): Promise<DataBenchResult["lists"]> {
  const pages: ListFigures[] = [];
  for (const area of areas) {
    for (const list of HOUSEHOLD_LISTS) {
      const figures: ListFigures = { area, list, total: 0, laterPage: 1, sorts: [] };
      for (const sort of HOUSEHOLD_SORTS) {
        const first = await timed(() => listHouseholds({ ctx, input: { code: area, list, sort, page: 1 } }));
        figures.total = first.value!.total;
        figures.laterPage = Math.max(1, Math.ceil(figures.total / PAGE_SIZE / 2));
        const later = await timed(() =>
          listHouseholds({ ctx, input: { code: area, list, sort, page: figures.laterPage } }),
        );
        figures.sorts.push({ sort, firstMs: first.ms, laterMs: later.ms });
      }
      pages.push(figures);
    }
  }
  const longest = pages.filter((p) => p.area === areas[0]).reduce((a, b) => (b.total > a.total ? b : a));
  const exports: DataBenchResult["lists"]["exports"] = [];
  for (const format of ["csv", "xlsx"] as const) {
    const file = await timed(() =>
      exportHouseholdList({ ctx, input: { code: longest.area, list: longest.list, sort: "wilayah", format } }),
    );
    exports.push({ list: longest.list, format, rows: file.value!.rows, ms: file.ms });
  }
  return { pages, exports };
}

/** The city's program for 1,242 households split per kelurahan, as Bappeda's first question asks it. */
async function targetingLatency(ctx: Context, runs: number): Promise<Omit<DataBenchResult["targeting"], "households">> {
  const input = scenarioParams.parse({ program: "SAMARINDA-PEDULI", quota: { total: 1242, per: "kelurahan" } });
  const samples: number[] = [];
  let last: Awaited<ReturnType<typeof computeScenario>> = null;
  for (let i = 0; i < runs; i++) {
    const run = await timed(() => computeScenario({ ctx, input }));
    last = run.value;
    samples.push(run.ms);
  }
  return { candidates: last?.candidates ?? 0, selected: last?.selected ?? 0, runs, ...percentiles(samples) };
}

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
};

/** Which layer the map asks for at a zoom. */
const layerAtZoom = (z: number): TileLayer => (z <= 13 ? "kelurahan" : z === 14 ? "rt" : "rumah-tangga");

/** A fixed set of tiles (3 × 3 around the first kelurahan, zooms 11–16), built and timed. */
type TileRequest = { layer: TileLayer; z: number; x: number; y: number };

async function firstKelurahanCenter(ctx: Context): Promise<{ lon: number; lat: number }> {
  const [center] = await queryRows<{ lon: number; lat: number }>(
    ctx.db,
    sql`SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM area WHERE level = 'kelurahan' ORDER BY code LIMIT 1`,
  );
  return center!;
}

/** 3 × 3 tiles around a point at each zoom 11–16, each of the layer the map asks there. */
function benchTiles(center: { lon: number; lat: number }): TileRequest[] {
  const tiles: TileRequest[] = [];
  for (let z = 11; z <= 16; z++) {
    const n = 2 ** z;
    const cx = Math.floor(((center.lon + 180) / 360) * n);
    const rad = (center.lat * Math.PI) / 180;
    const cy = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) tiles.push({ layer: layerAtZoom(z), z, x: cx + dx, y: cy + dy });
  }
  return tiles;
}

async function tileLatency(ctx: Context): Promise<DataBenchResult["tiles"]> {
  const tiles = benchTiles(await firstKelurahanCenter(ctx));
  const built: number[] = [];
  for (const tile of tiles) built.push((await timed(() => vectorTile({ ctx, input: tile }))).ms);
  let bare: { p50: number; p95: number } | null = null;
  if (ctx.engine === "postgres") {
    const samples: number[] = [];
    for (const t of tiles) {
      const query =
        t.layer === "rumah-tangga"
          ? sql`SELECT ST_AsMVT(q, 'rumah-tangga') FROM (SELECT ST_AsMVTGeom(ST_Transform(geotag, 3857), ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int)) AS geom
                FROM household WHERE geotag && ST_Transform(ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int), 4326)) q`
          : sql`SELECT ST_AsMVT(q, ${t.layer}) FROM (SELECT code, ST_AsMVTGeom(ST_Transform(geom_display, 3857), ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int)) AS geom
                FROM area WHERE level = ${t.layer} AND geom_display && ST_Transform(ST_TileEnvelope(${t.z}::int, ${t.x}::int, ${t.y}::int), 4326)) q`;
      samples.push((await timed(() => ctx.db.execute(query))).ms);
    }
    bare = percentiles(samples);
  }
  return { count: tiles.length, ...percentiles(built), bare };
}

/** A BNBA list of the latest BPNT period, relabelled as `period` (a month after it) so every row is new. */
async function recipientFile(ctx: Context, period: string): Promise<{ csv: string; rows: number }> {
  const rows = await queryRows<{
    nik: string | null;
    no_kk: string | null;
    name: string | null;
    amount: string | null;
    kelurahan_code: string;
  }>(
    ctx.db,
    sql`SELECT nik, no_kk, name, amount::text AS amount, kelurahan_code FROM aid_receipt
        WHERE kabkota_code = ${SAMARINDA_CODE} AND program_code = 'BPNT'
          AND period = (SELECT max(period) FROM aid_receipt WHERE kabkota_code = ${SAMARINDA_CODE} AND program_code = 'BPNT')
        ORDER BY id LIMIT ${RECIPIENT_FILE_ROWS}`,
  );
  const csv = writeCsv([
    ["nik", "no_kk", "nama", "program", "periode", "nominal", "kode_kelurahan"],
    ...rows.map((r) => [r.nik, r.no_kk, r.name, "BPNT", period, r.amount, r.kelurahan_code]),
  ]);
  return { csv, rows: rows.length };
}

/** The parts of a recipient import: see `DataBenchResult["recipients"]`. */
interface RecipientImportPhases {
  stagingMs: number;
  writingMs: number;
  linkingMs: number;
}

/** A recipient list imported, timed whole and by the steps it reports. */
async function timedRecipientImport(
  ctx: Context,
  fileName: string,
  file: { csv: string; rows: number },
): Promise<{ batchId: number; importMs: number; phases: RecipientImportPhases }> {
  const stepStarts = new Map<string, number>();
  const imported = await timed(() =>
    importRecipients({
      ctx,
      input: {
        fileName,
        bytes: new TextEncoder().encode(file.csv),
        onProgress: ({ step }) => {
          if (!stepStarts.has(step)) stepStarts.set(step, performance.now());
        },
      },
    }),
  );
  const importEnd = performance.now();
  const importStart = importEnd - imported.ms;
  const writing = stepStarts.get("menulis") ?? importEnd;
  const linking = stepStarts.get("mencocokkan") ?? importEnd;
  if (imported.value.receipts !== file.rows)
    throw new Error(`bench: recipient import took ${imported.value.receipts} of ${file.rows} rows`);
  return {
    batchId: imported.value.batchId,
    importMs: imported.ms,
    phases: { stagingMs: writing - importStart, writingMs: linking - writing, linkingMs: importEnd - linking },
  };
}

/** The latest period with receipts in the city. */
async function latestReceiptPeriod(ctx: Context): Promise<string> {
  const [latest] = await queryRows<{ period: string }>(
    ctx.db,
    sql`SELECT max(period) AS period FROM aid_receipt WHERE kabkota_code = ${SAMARINDA_CODE}`,
  );
  return latest!.period;
}

/**
 * A DTKS file of the households of one kelurahan (`kelurahan`), each a desil higher (10 stays
 * 10, none stays none): a kelurahan's verval sent back.
 */
async function kelurahanDesilFile(ctx: Context, kelurahan: string): Promise<{ bytes: Uint8Array; rows: number }> {
  // Only the kelurahan's members: a whole million-household city's list is longer than a string may be.
  const exported = await exportDtksMemberList({
    ctx,
    input: { kabkotaCode: SAMARINDA_CODE, kelurahanCode: kelurahan },
  });
  const [header, ...rows] = parseCsv(exported.csv);
  const desil = header!.cells.indexOf("desil" satisfies keyof typeof DTKS_COLUMNS);
  const chosen = rows.map(({ cells }) =>
    cells.map((cell, i) => (i === desil && cell !== "" ? String(Math.min(10, Number(cell) + 1)) : cell)),
  );
  return { bytes: new TextEncoder().encode(writeCsv([header!.cells, ...chosen])), rows: chosen.length };
}

/**
 * The next summary after a write that changed little: a recipient list of one new month (after a
 * first one, see below), then a
 * DTKS file of one kelurahan's households, each imported on a warm cache, then the city's summary
 * of the default window asked at once (the cache carried forward to the new data version, only
 * what the write changed counted), then the refresh an import job ends with.
 */
async function afterWrite(ctx: Context, kelurahan: string): Promise<DataBenchResult["afterWrite"]> {
  await warmCoverage({ ctx });
  const figures: DataBenchResult["afterWrite"] = [];
  const measure = async (write: "penerima" | "dtks", rows: number, work: () => Promise<unknown>) => {
    const importMs = (await timed(work)).ms;
    const nextSummaryMs = (await timed(() => areaSummary({ ctx, input: { code: SAMARINDA_CODE } }))).ms;
    const refreshMs = (await timed(() => warmCoverage({ ctx }))).ms;
    figures.push({ write, rows, importMs, nextSummaryMs, refreshMs });
  };
  // Two new months: the first list as the city's next, the one measured the month after it, so
  // the measured write lands on a cache already carried past a list (as every later month does).
  const latest = await latestReceiptPeriod(ctx);
  const first = await recipientFile(ctx, addMonths(latest, 1));
  await importRecipients({
    ctx,
    input: { fileName: "bench-bulan-pertama.csv", bytes: new TextEncoder().encode(first.csv) },
  });
  await warmCoverage({ ctx });
  const list = await recipientFile(ctx, addMonths(latest, 2));
  await measure("penerima", list.rows, () =>
    importRecipients({ ctx, input: { fileName: "bench-bulan-baru.csv", bytes: new TextEncoder().encode(list.csv) } }),
  );
  const file = await kelurahanDesilFile(ctx, kelurahan);
  await measure("dtks", file.rows, () =>
    importDtks({ ctx, input: { fileName: "bench-desil-kelurahan.csv", bytes: file.bytes } }),
  );
  return figures;
}

/**
 * Seeds the demo city with `households` households into an empty, migrated database, then
 * measures the spatial join against its floor and the planner's default, a DTKS import and a
 * recipient import against plain COPY of the same files. Figures only; nothing is asserted.
 */
export async function benchData({
  handle,
  input,
  onStep = () => undefined,
  onFigures = () => undefined,
}: {
  handle: DatabaseHandle;
  /** `steps`: the steps measured after the seed (all when absent). */
  input: { households: number; receiptsFrom: string; runs: number; steps?: readonly DataBenchStep[] };
  onStep?: (step: DataBenchStep) => void;
  /** Each step's figures as soon as they are measured (a million-household run takes long). */
  onFigures?: (figures: Partial<DataBenchResult>) => void;
}): Promise<Partial<DataBenchResult>> {
  const ctx = contextOf(handle);
  onStep("seed");
  const seedMs = (
    await timed(() =>
      seedDemoCity({ ctx, input: { seed: 1, households: input.households, receiptsFrom: input.receiptsFrom } }),
    )
  ).ms;
  onFigures({ households: input.households, receiptsFrom: input.receiptsFrom, seedMs });

  const wants = (step: DataBenchStep) => !input.steps || input.steps.includes(step);
  const result: Partial<DataBenchResult> = { households: input.households, receiptsFrom: input.receiptsFrom, seedMs };
  const areas = await benchAreas(ctx);
  const measured = async <K extends keyof DataBenchResult>(
    step: DataBenchStep,
    key: K,
    work: () => Promise<DataBenchResult[K]>,
  ) => {
    if (!wants(step)) return;
    onStep(step);
    result[key] = await work();
    onFigures({ [key]: result[key] });
  };

  await measured("summary", "summary", () => summaryLatency(ctx, areas, input.runs * 20));
  await measured("afterWrite", "afterWrite", () => afterWrite(ctx, areas[2]!));
  await measured("lists", "lists", () => listLatency(ctx, areas));
  await measured("targeting", "targeting", async () => ({
    households: input.households,
    ...(await targetingLatency(ctx, input.runs * 10)),
  }));
  await measured("tiles", "tiles", () => tileLatency(ctx));
  await measured("join", "join", () => spatialJoinTimes(ctx, input.runs));

  // The first households of the register as new families: a batch arriving at a register of
  // the given size.
  const newFamilies = async () => {
    const exported = await exportDtksMemberList({
      ctx,
      input: { kabkotaCode: SAMARINDA_CODE, households: DTKS_FILE_HOUSEHOLDS },
    });
    return {
      exported,
      bytes: (prefix?: string, shift?: number) =>
        new TextEncoder().encode(asNewHouseholds(exported.csv, prefix, shift)),
    };
  };
  await measured("dtks", "dtks", async () => {
    const { exported, bytes } = await newFamilies();
    const dtksBytes = bytes();
    const dtksCopyMs = await copyFileAsIs(handle, "bench_dtks_copy", Object.keys(DTKS_COLUMNS), dtksBytes);
    const polls = waitsOfPolls(100);
    const dtksImport = await timed(() =>
      importDtks({
        ctx,
        input: { fileName: "bench-dtks.csv", bytes: dtksBytes, onProgress: (event) => polls.onStep(event.step) },
      }).finally(() => polls.stop()),
    );
    if (dtksImport.value.persons !== exported.rows)
      throw new Error(`bench: DTKS import took ${dtksImport.value.persons} of ${exported.rows} rows`);
    const batch = dtksImport.value.batchId;
    const dtksFloorMs = await writeAgainIntoTables(handle, [
      { table: "household", where: `t.import_batch_id = ${batch}` },
      {
        table: "person",
        where: `(t.kabkota_code, t.household_id) IN (SELECT kabkota_code, id FROM household WHERE import_batch_id = ${batch})`,
      },
    ]);
    return {
      rows: exported.rows,
      households: exported.households,
      importMs: dtksImport.ms,
      copyMs: dtksCopyMs,
      floorMs: dtksFloorMs,
      unanswered: polls.summary(),
    };
  });
  await measured("during", "duringImport", async () =>
    duringImport(ctx, areas, (await newFamilies()).bytes("LAGI-", 2500)),
  );
  await measured("recipients", "recipients", async () => {
    const month = addMonths(await latestReceiptPeriod(ctx), 1);
    const file = await recipientFile(ctx, month);
    const recipientCopyMs = await copyFileAsIs(
      handle,
      "bench_penerima_copy",
      ["nik", "no_kk", "nama", "program", "periode", "nominal", "kode_kelurahan"],
      new TextEncoder().encode(file.csv),
    );
    const recipientImport = await timedRecipientImport(ctx, "bench-bpnt.csv", file);
    const recipientFloorMs = await writeAgainIntoTables(handle, [
      { table: "aid_receipt", where: `t.import_batch_id = ${recipientImport.batchId}` },
    ]);
    const nextMonth = await timedRecipientImport(
      ctx,
      "bench-bpnt-bulan-berikutnya.csv",
      await recipientFile(ctx, addMonths(month, 1)),
    );
    const nextMonthFloorMs = await writeAgainIntoTables(handle, [
      { table: "aid_receipt", where: `t.import_batch_id = ${nextMonth.batchId}` },
    ]);
    return {
      rows: file.rows,
      importMs: recipientImport.importMs,
      copyMs: recipientCopyMs,
      floorMs: recipientFloorMs,
      phases: recipientImport.phases,
      nextMonth: { importMs: nextMonth.importMs, phases: nextMonth.phases, floorMs: nextMonthFloorMs },
    };
  });
  return result;
}
