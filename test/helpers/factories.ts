import type { Database } from "@/db/engine";
import { aidReceipt, appUser, area, household, importBatch, person } from "@/db/schema";
import type { UserActor, UserRole } from "@/lib/access";

/**
 * Rows for database tests, through drizzle's builder so the compiler checks every column: each
 * factory fills what the table requires with defaults in the demo city (kabkota 64.72), mints
 * unique keys, and takes overrides for what a test is about. They run on either engine.
 */

type NewHousehold = typeof household.$inferInsert;
type NewPerson = typeof person.$inferInsert;
type NewBatch = typeof importBatch.$inferInsert;
type NewReceipt = typeof aidReceipt.$inferInsert;
type NewArea = typeof area.$inferInsert;

const KABKOTA = "64.72";
let serial = 0;
/** Unique within a test process, so rows minted by different tests never collide on a key. */
const next = () => ++serial;

/** A household; defaults: aktif, belum verified, no desil, no location. */
export async function insertHousehold(db: Database, overrides: Partial<NewHousehold> = {}) {
  const [row] = await db
    .insert(household)
    .values({ kabkotaCode: KABKOTA, dtksId: `UJI-${next()}`, ...overrides })
    .returning({ id: household.id, kabkotaCode: household.kabkotaCode, dtksId: household.dtksId });
  return row!;
}

/** A member of a household; defaults: no NIK (nikCheck missing), a numbered name. */
export async function insertMember(db: Database, overrides: Partial<NewPerson> & Pick<NewPerson, "householdId">) {
  const [row] = await db
    .insert(person)
    .values({ kabkotaCode: KABKOTA, name: `Anggota ${next()}`, ...overrides })
    .returning({ id: person.id });
  return row!;
}

/** An import batch; defaults: a finished recipient list with a unique file hash. */
export async function insertBatch(db: Database, overrides: Partial<NewBatch> = {}) {
  const n = next();
  const [row] = await db
    .insert(importBatch)
    .values({
      kind: "penerima",
      kabkotaCode: KABKOTA,
      fileName: `uji-${n}.csv`,
      fileSha256: `uji-${n}`,
      status: "selesai",
      ...overrides,
    })
    .returning({ id: importBatch.id });
  return row!;
}

/** One recipient-list row of a batch; defaults: PKH, 2021-01, unmatched. It needs a NIK or a No. KK. */
export async function insertReceipt(db: Database, overrides: Partial<NewReceipt> & Pick<NewReceipt, "importBatchId">) {
  const n = next();
  const [row] = await db
    .insert(aidReceipt)
    .values({
      kabkotaCode: KABKOTA,
      programCode: "PKH",
      period: "2021-01",
      sourceFile: "uji",
      sourceRow: n,
      ...overrides,
    })
    .returning({ id: aidReceipt.id });
  return row!;
}

/** An area without geometry; the code and level are what a test is about, so both are required. */
export async function insertArea(db: Database, overrides: Partial<NewArea> & Pick<NewArea, "code" | "level">) {
  const [row] = await db
    .insert(area)
    .values({ name: `Wilayah ${next()}`, source: "tes", ...overrides })
    .returning({ code: area.code });
  return row!;
}

/**
 * Accounts for verbs that check the actor: one app_user row each (username `uji-<name>` with a
 * unique suffix) and the signed-in actor a session would give it.
 */
export async function insertActors<Name extends string>(
  db: Database,
  accounts: Record<Name, { role: UserRole; areas: string[] }>,
): Promise<Record<Name, UserActor>> {
  const actors = {} as Record<Name, UserActor>;
  for (const [name, account] of Object.entries(accounts) as Array<[Name, { role: UserRole; areas: string[] }]>) {
    const [row] = await db
      .insert(appUser)
      .values({ username: `uji-${name}-${next()}`, displayName: name, passwordHash: "x", role: account.role })
      .returning({ id: appUser.id });
    actors[name] = {
      kind: "user",
      userId: row!.id,
      username: name,
      displayName: name,
      role: account.role,
      areaCodes: account.areas,
      sessionHash: "",
    };
  }
  return actors;
}
