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
//
// Code that reads the global clock (a library we do not control, such as the AWS SDK) runs on it too
// after `clock.installGlobals()`: Date, setTimeout, setInterval and their clear* are the clock's until
// uninstall(). The fleet simulator (bench/fleet-child.mjs) does that in a process of its own.

/**
 * A Context.sleep that returns at once and keeps what it was asked, for code over real sockets (the
 * loopback emulator) whose waits — retry backoff — are not what the test is about: the wall clock
 * keeps running, only the waiting is skipped. `now` is that wall clock moved on by every wait skipped,
 * for code that counts a deadline across its waits (throttled retries, src/retry.ts): pass it as
 * Context.now and the deadline still ends them, in no time.
 */
export function instantSleep(): { sleep: (ms: number) => Promise<void>; waits: number[]; now: () => number } {
  const waits: number[] = [];
  let skipped = 0;
  return {
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      skipped += ms;
    },
    now: () => Date.now() + skipped,
  };
}

export interface VirtualTimer {
  cancel(): void;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export interface VirtualClockOptions {
  /**
   * What runs between two timers so that everything they set off finishes first (default: settle(), a
   * fixed number of event-loop turns). The fleet simulator also waits for file reads in flight.
   */
  settle?: () => Promise<void>;
  /**
   * Whether real work that a promise may be waiting on is in flight (file reads, module loads): while it
   * is, runUntilSettled waits for it however long a busy machine takes, and no quiet period is counted.
   */
  inFlight?: () => boolean;
}

/** Lets promise chains and setImmediate callbacks that are ready run to completion. */
export async function settle(rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class VirtualClock {
  #now: number;
  #seq = 0;
  /** A binary min-heap on (at, seq); cancelled timers stay until they reach the top (thousands of sleepers cost log n each). */
  #heap: Scheduled[] = [];
  #live = 0;
  readonly #settle: () => Promise<void>;
  readonly #inFlight: () => boolean;

  constructor(start: number | string = '2026-11-22T12:00:00Z', options: VirtualClockOptions = {}) {
    this.#now = typeof start === 'string' ? Date.parse(start) : start;
    this.#settle = options.settle ?? (() => settle());
    this.#inFlight = options.inFlight ?? (() => false);
  }

  /** Epoch ms of virtual time (bound: pass it as Context.now). */
  readonly now = (): number => this.#now;

  /** Resolves when virtual time has moved `ms` forward (bound: pass it as Context.sleep). */
  readonly sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => void this.setTimeout(resolve, ms));

  /** Runs `run` once virtual time reaches now + ms. */
  setTimeout(run: () => void, ms: number): VirtualTimer {
    const timer: Scheduled = { at: this.#now + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: this.#seq++, run, cancelled: false };
    this.#push(timer);
    this.#live++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.#live--;
      },
    };
  }

  /** The `{ set, clear }` shape of the CLI's injectable timers (src/cli/timers.ts). */
  readonly timers = {
    set: (run: () => void, ms: number): unknown => this.setTimeout(run, ms),
    clear: (handle: unknown): void => (handle as VirtualTimer | undefined)?.cancel(),
  };

  /** Timers not yet fired (nor cancelled). */
  get pending(): number {
    return this.#live;
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order, settling after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await this.#settle();
    for (;;) {
      const next = this.#peek();
      if (!next || next.at > end) break;
      this.#pop();
      next.cancelled = true;
      this.#live--;
      this.#now = Math.max(this.#now, next.at);
      next.run();
      await this.#settle();
    }
    this.#now = Math.max(this.#now, end);
    await this.#settle();
  }

  /**
   * Advances timer by timer until `promise` settles (or `maxMs` of virtual time have passed, then throws):
   * for code whose waits the test does not want to count out. While no timer is due within `maxMs` the
   * promise may still be waiting on real I/O (a module being loaded): for as long as the `inFlight` option
   * sees work in flight, and else up to `idleMs` of real time in which none is seen.
   */
  async runUntilSettled<T>(promise: Promise<T>, maxMs = 24 * 3600_000, idleMs = 2_000): Promise<T> {
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
    await this.#settle();
    let idleSince: number | undefined;
    while (!done) {
      const next = this.#peek();
      if (!next || next.at > limit) {
        // Nothing due in time: unless real I/O is still in flight, the promise waits for something that never comes.
        // Work seen in flight starts the quiet period anew: only real time with none counts toward idleMs.
        if (this.#inFlight()) idleSince = undefined;
        else idleSince ??= performance.now();
        if (idleSince === undefined || performance.now() - idleSince < idleMs) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        throw new Error(`VirtualClock: the promise did not settle within ${maxMs} ms of virtual time (${this.pending} timers pending)`);
      }
      idleSince = undefined;
      await this.advance(next.at - this.#now);
    }
    return observed;
  }

  /**
   * Makes the global clock this one: `Date` (new Date(), Date.now()), setTimeout/setInterval and their
   * clear* — for code that reads them directly. Returns the function that puts the real ones back.
   * Node's own internals (streams, sockets) keep the real timers.
   */
  installGlobals(target: typeof globalThis = globalThis): () => void {
    const saved = { Date: target.Date, setTimeout: target.setTimeout, clearTimeout: target.clearTimeout, setInterval: target.setInterval, clearInterval: target.clearInterval };
    const clock = this;
    const NativeDate = saved.Date;
    // Called with new: a real Date (at virtual now when no argument), so instanceof and every method hold.
    const VirtualDate = function (this: unknown, ...args: unknown[]) {
      if (!new.target) return new NativeDate(clock.now()).toString();
      return args.length === 0 ? new NativeDate(clock.now()) : new (NativeDate as unknown as new (...a: unknown[]) => Date)(...args);
    } as unknown as DateConstructor;
    Object.defineProperties(VirtualDate, {
      now: { value: () => clock.now() },
      parse: { value: NativeDate.parse },
      UTC: { value: NativeDate.UTC },
      prototype: { value: NativeDate.prototype },
    });
    const schedule = (repeat: boolean, run: (...a: unknown[]) => void, ms: unknown, args: unknown[]): GlobalTimeout => {
      const delay = Math.max(1, Number(ms) || 0);
      const handle = new GlobalTimeout(() => {
        if (repeat) handle.arm(clock.setTimeout(fire, delay));
        run(...args);
      });
      const fire = handle.fire;
      handle.arm(clock.setTimeout(fire, delay));
      return handle;
    };
    const clear = (handle: unknown) => {
      if (handle instanceof GlobalTimeout) handle.close();
    };
    Object.assign(target, {
      Date: VirtualDate,
      setTimeout: (run: (...a: unknown[]) => void, ms?: unknown, ...args: unknown[]) => schedule(false, run, ms, args),
      setInterval: (run: (...a: unknown[]) => void, ms?: unknown, ...args: unknown[]) => schedule(true, run, ms, args),
      clearTimeout: clear,
      clearInterval: clear,
    });
    return () => void Object.assign(target, saved);
  }

  #peek(): Scheduled | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(timer: Scheduled): void {
    const heap = this.#heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Scheduled | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** What the installed setTimeout/setInterval return: the parts of Node's Timeout that callers use. */
class GlobalTimeout {
  #timer: VirtualTimer | undefined;
  #ref = true;
  constructor(readonly fire: () => void) {}

  arm(timer: VirtualTimer): void {
    this.#timer = timer;
  }

  close(): this {
    this.#timer?.cancel();
    this.#timer = undefined;
    return this;
  }

  ref(): this {
    this.#ref = true;
    return this;
  }

  unref(): this {
    this.#ref = false;
    return this;
  }

  hasRef(): boolean {
    return this.#ref;
  }

  [Symbol.toPrimitive](): number {
    return 0;
  }
}
