import { describe, expect, it } from "vitest";

import { sharedPreparation } from "@/lib/analytics/scope";
import type { Context } from "@/lib/context";

/** A context whose database handle is only an identity: the preparations here touch no database. */
const contextOn = (db: object) => ({ db }) as unknown as Context;

/** A preparation that counts its runs; those running end when told to. */
function gatedWork() {
  let runs = 0;
  const running: Array<(error?: Error) => void> = [];
  const work = () => {
    runs++;
    return new Promise<void>((resolve, reject) => running.push((error) => (error ? reject(error) : resolve())));
  };
  const finish = (error?: Error) => running.splice(0).forEach((end) => end(error));
  return { work, runs: () => runs, finish };
}

describe("sharedPreparation", () => {
  it("runs one preparation for every request that needs it while it runs, and again once it ended", async () => {
    const ctx = contextOn({});
    const gate = gatedWork();
    const waiting = Array.from({ length: 5 }, () =>
      sharedPreparation("window 64.72 7 2025-01 2025-12", gate.work).prepare(ctx),
    );
    expect(gate.runs()).toBe(1);
    gate.finish();
    await Promise.all(waiting);
    const later = sharedPreparation("window 64.72 7 2025-01 2025-12", gate.work).prepare(ctx);
    expect(gate.runs()).toBe(2);
    gate.finish();
    await later;
  });

  it("keeps preparations of other keys and other databases apart", async () => {
    const first = contextOn({});
    const gate = gatedWork();
    const runs = [
      sharedPreparation("months 64.72 7 2025-01", gate.work).prepare(first),
      sharedPreparation("months 64.72 7 2025-02", gate.work).prepare(first),
      sharedPreparation("months 64.72 7 2025-01", gate.work).prepare(contextOn({})),
    ];
    expect(gate.runs()).toBe(3);
    gate.finish();
    await Promise.all(runs);
  });

  it("lets only the request that ran a failed preparation hear of it; the others ask again", async () => {
    const ctx = contextOn({});
    const gate = gatedWork();
    const runner = sharedPreparation("window 64.72 8 2025-01 2025-12", gate.work).prepare(ctx);
    const waiter = sharedPreparation("window 64.72 8 2025-01 2025-12", gate.work).prepare(ctx);
    gate.finish(new Error("disk penuh"));
    await expect(runner).rejects.toThrow("disk penuh");
    await expect(waiter).resolves.toBeUndefined();
    const again = sharedPreparation("window 64.72 8 2025-01 2025-12", gate.work).prepare(ctx);
    expect(gate.runs()).toBe(2);
    gate.finish();
    await again;
  });
});
