// Timers the CLI's long-running parts arm (serve's refresh, its endpoint's header deadline), injectable
// so a test drives them on a virtual clock (test/support/virtual-clock.ts: clock.timers) instead of
// waiting for real seconds.

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, unref'd: none of them keeps the process alive on its own. */
export const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
