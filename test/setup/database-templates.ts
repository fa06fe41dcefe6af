import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import postgres from "postgres";
import type { TestProject } from "vitest/node";

import { migrateDatabase, openPglite, openPostgres } from "@/db/engine";

import { dropTestDatabase, SERVER_ENGINE, withDatabase } from "../helpers/test-database";

/**
 * Migrates one template per engine once per run; every test file then clones a fresh database
 * from it (PGlite: loadDataDir of a dump; server: CREATE DATABASE … TEMPLATE) instead of
 * migrating again. The server suite is not optional: without a server the run fails and says why,
 * unless `TEST_ENGINES=pglite` leaves the server out on purpose.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (SERVER_ENGINE && !serverUrl) {
    throw new Error(
      "TEST_DATABASE_URL is not set. Run the suite with `npm test` (it prepares PostgreSQL + PostGIS), " +
        "or point TEST_DATABASE_URL at a PostgreSQL 15+ database with PostGIS whose role may CREATE DATABASE, " +
        "or set TEST_ENGINES=pglite to run on the embedded database only.",
    );
  }

  const folder = await mkdtemp(path.join(os.tmpdir(), "tepat-test-"));
  const pglite = await openPglite();
  await migrateDatabase(pglite);
  const pgliteTemplate = path.join(folder, "pglite-template.tar.gz");
  await writeFile(pgliteTemplate, Buffer.from(await (await pglite.pglite!.dumpDataDir("gzip")).arrayBuffer()));
  await pglite.close();
  project.provide("pgliteTemplate", pgliteTemplate);
  const removeFolder = () => rm(folder, { recursive: true, force: true });
  if (!SERVER_ENGINE || !serverUrl) return removeFolder;

  // The template is cloned from the database TEST_DATABASE_URL names, which already has PostGIS
  // (created by a superuser): the test role then migrates with ordinary rights.
  const sourceDatabase = new URL(serverUrl).pathname.slice(1);
  const adminUrl = withDatabase(serverUrl, "postgres");
  const postgresTemplate = `tepat_t${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await dropTestDatabase(admin, postgresTemplate);
  await admin.unsafe(`CREATE DATABASE "${postgresTemplate}" TEMPLATE "${sourceDatabase}"`);
  const server = await openPostgres(withDatabase(serverUrl, postgresTemplate), { max: 1 });
  await migrateDatabase(server);
  await server.close();

  project.provide("postgresAdminUrl", adminUrl);
  project.provide("postgresTemplate", postgresTemplate);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${`${postgresTemplate}%`}`;
    for (const { datname } of leftovers) await dropTestDatabase(admin, datname);
    await admin.end();
    await removeFolder();
  };
}
