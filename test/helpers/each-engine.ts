import { afterAll, beforeAll, describe } from "vitest";

import type { DatabaseHandle, Engine } from "@/db/engine";
import { contextOf, type Context } from "@/lib/context";

import { ENGINES, openTestDatabase } from "./test-database";

export interface EngineFixture {
  ctx: Context;
  handle: DatabaseHandle;
}

/**
 * Runs the same suite on both engines, each against a fresh database cloned from its migrated
 * template. `fixture()` is valid inside tests and hooks of the suite.
 */
export function describeEachEngine(name: string, suite: (fixture: () => EngineFixture, engine: Engine) => void) {
  describe.each(ENGINES)(`${name} [%s]`, (engine) => {
    let current: EngineFixture | undefined;
    beforeAll(async () => {
      const handle = await openTestDatabase(engine);
      current = { handle, ctx: contextOf(handle) };
    });
    afterAll(async () => {
      await current?.handle.close();
    });
    suite(() => {
      if (!current) throw new Error("database not open yet");
      return current;
    }, engine);
  });
}
