import { eventLoopPass } from "@/db/engine";

/** Runs `work` when its turn comes; see `inTurns`. */
export type Turns = <T>(work: () => Promise<T>) => Promise<T>;

/**
 * A queue of turns, first come first served: each work runs alone, once every work asked before
 * it has ended (failed or not), after a pass of the event loop. PGlite answers as microtasks, so
 * without that pass one turn would start the next and requests not yet read from their sockets
 * would wait behind all of them.
 */
export function inTurns(): Turns {
  let last: Promise<void> = Promise.resolve();
  return async (work) => {
    const previous = last;
    let release!: () => void;
    last = new Promise((resolve) => (release = resolve));
    await previous;
    await eventLoopPass();
    try {
      return await work();
    } finally {
      release();
    }
  };
}
