import type postgres from "postgres";

/**
 * Drops a scratch database (tests, bench). FORCE ends our own sessions, but not an autovacuum
 * worker that heavy writes woke (it runs as the superuser): wait for it to finish and try again.
 */
export async function dropScratchDatabase(admin: postgres.Sql, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if (attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
