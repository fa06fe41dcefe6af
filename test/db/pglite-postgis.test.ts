import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { PGlite } from "@electric-sql/pglite";
import { postgis } from "@electric-sql/pglite-postgis";
import { describe, expect, it } from "vitest";

import { neededByTepat, slimPostgisBundle, tarEntries, tepatPostgis } from "@/db/pglite-postgis";

const emscriptenOpts = () => ({ PGLITE_ENV: {} });
const wholeBundle = async () => (await postgis.setup({} as never, emscriptenOpts())).bundlePath!;
const namesIn = (tar: Buffer) => tarEntries(tar, () => true).names;

describe("PostGIS for PGlite, cut to what Tepat loads", () => {
  it("keeps the library, its install script and PROJ's data, and leaves raster, topology and the geocoder out", async () => {
    const whole = namesIn(gunzipSync(readFileSync(fileURLToPath(await wholeBundle()))));
    const slim = namesIn(readFileSync(await slimPostgisBundle(await wholeBundle())));
    expect(slim).toEqual(whole.filter(neededByTepat));
    expect(slim).toEqual(
      expect.arrayContaining([
        "lib/postgresql/postgis-3.so",
        "share/postgresql/extension/postgis.control",
        "share/proj/proj.db",
      ]),
    );
    expect(slim.some((name) => /^share\/postgresql\/extension\/postgis--\d[\d.]*\.sql$/.test(name))).toBe(true);
    expect(whole.filter((name) => name.endsWith(".so"))).toEqual(
      expect.arrayContaining(["lib/postgresql/postgis_raster-3.so", "lib/postgresql/postgis_topology-3.so"]),
    );
    expect(slim.filter((name) => name.endsWith(".so"))).toEqual(["lib/postgresql/postgis-3.so"]);
  });

  it("installs PostGIS in a new database from the cut bundle's files, written into PGlite as it starts, and transforms between 4326 and 3857 with it", async () => {
    // PGlite is handed no bundle to inflate: the files are in its file system before PostGIS is first called.
    expect((await tepatPostgis.setup({} as never, emscriptenOpts())).bundlePath).toBeUndefined();
    const db = await PGlite.create({ extensions: { postgis: tepatPostgis } });
    try {
      const slim = tarEntries(readFileSync(await slimPostgisBundle(await wholeBundle())), () => true);
      const { rows: files } = await db.query<{ size: number }>(
        `SELECT (pg_stat_file('/pglite/' || f)).size::float8 AS size FROM unnest($1::text[]) WITH ORDINALITY AS x(f, i) ORDER BY i`,
        [slim.names],
      );
      expect(files.length).toBe(slim.names.length);
      expect(files.every((f) => f.size > 0)).toBe(true);
      await db.exec("CREATE EXTENSION postgis");
      const { rows } = await db.query<{ x: number; y: number; version: string }>(
        `SELECT ST_X(p) AS x, ST_Y(p) AS y, postgis_lib_version() AS version
         FROM ST_Transform(ST_SetSRID(ST_Point(117.15, -0.5), 4326), 3857) p`,
      );
      expect(rows[0]!.version).toMatch(/^3\./);
      expect(rows[0]!.x).toBeCloseTo(13_041_078.35, 1);
      expect(rows[0]!.y).toBeCloseTo(-55_660.45, 1);
    } finally {
      await db.close();
    }
  });
});
