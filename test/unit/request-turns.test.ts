import { describe, expect, it } from "vitest";

import { inTurns } from "@/lib/db";

/** A work that logs its start and ends when told to. */
function gated(log: string[], name: string) {
  let end: (error?: Error) => void = () => undefined;
  const work = () => {
    log.push(`${name} mulai`);
    return new Promise<string>((resolve, reject) => (end = (error) => (error ? reject(error) : resolve(name))));
  };
  return { work, end: (error?: Error) => end(error) };
}

/** Lets every pending turn start that can: a few passes of the event loop. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("inTurns", () => {
  it("runs each work alone, first come first served", async () => {
    const turns = inTurns();
    const log: string[] = [];
    const [a, b, c] = ["a", "b", "c"].map((name) => gated(log, name));
    const answers = [turns(a!.work), turns(b!.work), turns(c!.work)];
    await settle();
    expect(log).toEqual(["a mulai"]);
    a!.end();
    await settle();
    expect(log).toEqual(["a mulai", "b mulai"]);
    b!.end();
    await settle();
    c!.end();
    expect(await Promise.all(answers)).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["a mulai", "b mulai", "c mulai"]);
  });

  it("gives the next turn on after a work failed, and tells only that work's caller", async () => {
    const turns = inTurns();
    const log: string[] = [];
    const [a, b] = ["a", "b"].map((name) => gated(log, name));
    const first = turns(a!.work);
    const second = turns(b!.work);
    await settle();
    a!.end(new Error("gagal"));
    await expect(first).rejects.toThrow("gagal");
    await settle();
    b!.end();
    await expect(second).resolves.toBe("b");
  });

  it("lets the event loop pass between turns, so waiting input is read before the next turn starts", async () => {
    const turns = inTurns();
    const log: string[] = [];
    const first = turns(async () => {
      setImmediate(() => log.push("soket terbaca"));
      log.push("a");
    });
    const second = turns(async () => {
      log.push("b");
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["a", "soket terbaca", "b"]);
  });
});
