// The one refresh primitive behind the chain's memoized credentials, the SSO access token and the
// IMDS session token (docs/behaviour.md, "Refreshing"): single-flight, an advisory window (refresh
// while the value still works), a mandatory window (the value no longer counts), a minimum interval
// between attempts, and never an expired value handed out.
//
//   const token = new Refresher<string>({ advisoryMs: 300_000, mandatoryMs: 10_000, backoffMs: 10_000, advisory: 'background' }, now);
//   const value = await token.get(() => fetchToken());

/** A value and when it stops being usable (epoch ms); no expiresAt: it never expires. */
export interface Expiring<T> {
  value: T;
  expiresAt?: number;
}

export interface RefreshPolicy {
  /** Less than this left: a refresh is due, but the current value may still be handed out. */
  advisoryMs: number;
  /** Less than this left (or expired): the value is not handed out; callers wait for a refresh. */
  mandatoryMs: number;
  /** No new attempt starts within this long of the last one (successful or not) while the value is still usable. */
  backoffMs: number;
  /**
   * Inside the advisory window: 'background' hands out the current value at once and refreshes behind
   * it; 'wait' refreshes first and falls back to the current value when that fails.
   */
  advisory: 'background' | 'wait';
  /**
   * When the value is unusable and the last attempt is within backoffMs: 'retry' tries again at once,
   * 'fail' throws RefreshBackoffError (no hammering of a service that just refused).
   */
  unusableInBackoff?: 'retry' | 'fail';
}

/** The value is unusable and a refresh was tried less than backoffMs ago. */
export class RefreshBackoffError extends Error {
  override readonly name = 'RefreshBackoffError';
  constructor(readonly backoffMs: number) {
    super(`a refresh was already tried less than ${backoffMs / 1000} s ago`);
  }
}

export interface GetOptions<T> {
  /** Refresh now (joining one in flight), whatever is left of the current value. */
  force?: boolean;
  /** The value to judge instead of the last one this refresher produced (e.g. a token re-read from its file). */
  current?: Expiring<T> | undefined;
  /** Told when a background refresh fails (the current value is still handed out meanwhile). */
  onBackgroundFailure?(error: unknown): void;
  /** Told when a 'wait' refresh fails and the still-usable current value is handed out instead. */
  onFallback?(error: unknown, current: Expiring<T>): void;
}

export class Refresher<T> {
  #held: Expiring<T> | undefined;
  #inflight: Promise<Expiring<T>> | undefined;
  #lastAttempt: number | undefined;

  constructor(
    private readonly policy: RefreshPolicy,
    private readonly now: () => number,
  ) {}

  /** The last value a refresh produced (usable or not). */
  get held(): Expiring<T> | undefined {
    return this.#held;
  }

  /** The held value when more than the advisory window is left (or it never expires): what get() would hand out at once. */
  fresh(): T | undefined {
    const held = this.#held;
    return held && this.left(held) > this.policy.advisoryMs ? held.value : undefined;
  }

  /** Forget the held value (e.g. a token the server no longer accepts); a refresh in flight still completes. */
  invalidate(): void {
    this.#held = undefined;
  }

  /** True when an attempt started less than backoffMs ago. */
  backingOff(): boolean {
    return this.#lastAttempt !== undefined && this.now() - this.#lastAttempt < this.policy.backoffMs;
  }

  /**
   * The value, refreshed through `fetch` when the policy says so. Concurrent callers share one fetch;
   * a failed fetch is not remembered (the next call tries again, subject to backoffMs).
   */
  async get(fetch: () => Promise<Expiring<T>>, options: GetOptions<T> = {}): Promise<T> {
    const current = options.current ?? this.#held;
    if (current && !options.force) {
      const left = this.left(current);
      if (left > this.policy.advisoryMs) return current.value;
      if (left > this.policy.mandatoryMs) return this.inAdvisoryWindow(fetch, current, options);
    }
    if (this.#inflight) return (await this.#inflight).value;
    if (current && !options.force && this.policy.unusableInBackoff === 'fail' && this.backingOff()) {
      throw new RefreshBackoffError(this.policy.backoffMs);
    }
    return (await this.start(fetch)).value;
  }

  private async inAdvisoryWindow(fetch: () => Promise<Expiring<T>>, current: Expiring<T>, options: GetOptions<T>): Promise<T> {
    if (this.policy.advisory === 'background') {
      if (!this.#inflight && !this.backingOff()) this.start(fetch).catch((error: unknown) => options.onBackgroundFailure?.(error));
      return current.value;
    }
    if (!this.#inflight && this.backingOff()) return current.value;
    try {
      return (await (this.#inflight ?? this.start(fetch))).value;
    } catch (error) {
      // Never an expired value: the fallback holds only while the current value is still usable.
      if (this.left(current) <= this.policy.mandatoryMs) throw error;
      options.onFallback?.(error, current);
      return current.value;
    }
  }

  private start(fetch: () => Promise<Expiring<T>>): Promise<Expiring<T>> {
    this.#lastAttempt = this.now();
    const attempt = fetch()
      .then((fresh) => {
        this.#held = fresh;
        return fresh;
      })
      .finally(() => {
        if (this.#inflight === attempt) this.#inflight = undefined;
      });
    this.#inflight = attempt;
    return attempt;
  }

  private left(value: Expiring<T>): number {
    return value.expiresAt === undefined ? Infinity : value.expiresAt - this.now();
  }
}

/**
 * One Refresher per key (an SSO session, a login cache file), all with one policy: a chain's
 * bookkeeping for tokens it may refresh, created on first use of each key.
 */
export class KeyedRefreshers<T> {
  readonly #byKey = new Map<string, Refresher<T>>();

  constructor(
    private readonly policy: RefreshPolicy,
    readonly now: () => number,
  ) {}

  for(key: string): Refresher<T> {
    let refresher = this.#byKey.get(key);
    if (!refresher) {
      refresher = new Refresher<T>(this.policy, this.now);
      this.#byKey.set(key, refresher);
    }
    return refresher;
  }
}
