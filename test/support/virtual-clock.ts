// A virtual clock for tests in which time itself is simulated: now(), sleep() and timers that fire
// only when the test moves time forward, in time order, with pending promise callbacks (and in-process
// I/O callbacks) settled between two timers. Unlike fakeMachine's clock (sleep() jumps time at once,
// fine for one sequential caller), concurrent sleepers here wake in the right order.
//
//   const clock = new VirtualClock();
//   const machine = fakeMachine({ ... });  machine.context.now = clock.now;  machine.context.sleep = clock.sleep;
//   const pending = provider();             // sleeps on clock.sleep between retries
//   await clock.advance(60_000);            // fires every timer due in the next minute, in order
//   await clock.runUntilSettled(pending);   // or: advance only as far as the promise needs

/**
 * A Context.sleep that returns at once and keeps what it was asked, for code over real sockets (the
 * loopback emulator) whose waits — retry backoff — are not what the test is about: the wall clock
 * keeps running, only the waiting is skipped.
 */
export function instantSleep(): { sleep: (ms: number) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
    },
  };
}

export interface VirtualTimer {
  cancel(): void;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

/** Lets promise chains and setImmediate callbacks that are ready run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class VirtualClock {
  #now: number;
  #seq = 0;
  #timers: Scheduled[] = [];

  constructor(start: number | string = '2026-11-22T12:00:00Z') {
    this.#now = typeof start === 'string' ? Date.parse(start) : start;
  }

  /** Epoch ms of virtual time (bound: pass it as Context.now). */
  readonly now = (): number => this.#now;

  /** Resolves when virtual time has moved `ms` forward (bound: pass it as Context.sleep). */
  readonly sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => void this.setTimeout(resolve, ms));

  /** Runs `run` once virtual time reaches now + ms. */
  setTimeout(run: () => void, ms: number): VirtualTimer {
    const timer: Scheduled = { at: this.#now + Math.max(0, ms), seq: this.#seq++, run };
    this.#timers.push(timer);
    return {
      cancel: () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
      },
    };
  }

  /** The `{ set, clear }` shape of the CLI's injectable timers (served-credentials.ts). */
  readonly timers = {
    set: (run: () => void, ms: number): unknown => this.setTimeout(run, ms),
    clear: (handle: unknown): void => (handle as VirtualTimer | undefined)?.cancel(),
  };

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order, settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#next();
      if (!next || next.at > end) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.run();
      await settle();
    }
    this.#now = Math.max(this.#now, end);
    await settle();
  }

  /**
   * Advances timer by timer until `promise` settles (or `maxMs` of virtual time have passed, then throws):
   * for code whose waits the test does not want to count out.
   */
  async runUntilSettled<T>(promise: Promise<T>, maxMs = 24 * 3600_000): Promise<T> {
    let done = false;
    const observed = promise.then(
      (value) => ((done = true), value),
      (error: unknown) => {
        done = true;
        throw error;
      },
    );
    observed.catch(() => undefined);
    const limit = this.#now + maxMs;
    await settle();
    while (!done) {
      const next = this.#next();
      if (!next || next.at > limit) throw new Error(`VirtualClock: the promise did not settle within ${maxMs} ms of virtual time (${this.pending} timers pending)`);
      await this.advance(next.at - this.#now);
    }
    return observed;
  }

  #next(): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const timer of this.#timers) if (!best || timer.at < best.at || (timer.at === best.at && timer.seq < best.seq)) best = timer;
    return best;
  }
}
