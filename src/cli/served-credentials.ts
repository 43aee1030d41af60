// What `credchain serve` hands out: the chain's credentials when they are temporary, a GetSessionToken
// session when they are long-term keys (those never leave the process), kept fresh by a timer that
// refreshes them before they expire (see refreshDelay), whether or not a client is asking.

import { BACKGROUND_RETRY_MS, EXPIRY_MARGIN_MS, REFRESH_WINDOW_MS, type CredentialProvider } from '../chain.js';
import type { Context } from '../context.js';
import { summarizeCredentials, type Credentials } from '../credentials.js';

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ServedCredentialsOptions {
  /** The one memoized credentialChain() every client shares. */
  chain: CredentialProvider;
  /** Clock and logger. */
  context: Pick<Context, 'now' | 'logger'>;
  /** Turns long-term keys (no session token) into a session: STS GetSessionToken. */
  exchangeLongTermKeys(keys: Credentials): Promise<Credentials>;
  /** Called after each successful refresh (the serve log). */
  onRefresh?(credentials: Credentials): void;
  /** Real timers (unref'd) unless a test drives them. */
  timers?: Timers;
}

/**
 * When to refresh credentials with `left` ms to live: REFRESH_WINDOW_MS before they expire, or half-way
 * for credentials shorter-lived than twice the window (never a refresh loop on 1-minute sessions).
 */
export function refreshDelay(left: number): number {
  return Math.max(0, left - Math.min(REFRESH_WINDOW_MS, left / 2));
}

const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** setTimeout's limit; a longer wait is cut to this and re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ServedCredentials {
  readonly #options: ServedCredentialsOptions;
  readonly #timers: Timers;
  #current: Credentials | undefined;
  #inflight: Promise<Credentials> | undefined;
  #timer: unknown;
  #closed = false;

  constructor(options: ServedCredentialsOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
  }

  /** Current credentials at once while they have more than EXPIRY_MARGIN_MS left; otherwise one shared fetch. */
  get(): Promise<Credentials> {
    const current = this.#current;
    if (current && (!current.expiration || current.expiration.getTime() - this.#options.context.now() > EXPIRY_MARGIN_MS)) return Promise.resolve(current);
    return this.#fetch(false);
  }

  /** Stops the refresh timer. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
  }

  #fetch(force: boolean): Promise<Credentials> {
    this.#inflight ??= this.#resolve(force).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #resolve(force: boolean): Promise<Credentials> {
    const fromChain = await this.#options.chain(force ? { forceRefresh: true } : undefined);
    const served = fromChain.sessionToken ? fromChain : await this.#options.exchangeLongTermKeys(fromChain);
    this.#current = served;
    this.#options.onRefresh?.(served);
    this.#schedule(served.expiration ? refreshDelay(served.expiration.getTime() - this.#options.context.now()) : undefined);
    return served;
  }

  /** Arms the background refresh `inMs` from now (none for credentials that do not expire). */
  #schedule(inMs: number | undefined): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    if (this.#closed || inMs === undefined) return;
    this.#timer = this.#timers.set(() => this.#refreshInBackground(), Math.min(Math.max(0, inMs), MAX_TIMER_MS));
  }

  #refreshInBackground(): void {
    this.#timer = undefined;
    const current = this.#current;
    const left = current?.expiration ? current.expiration.getTime() - this.#options.context.now() : 0;
    // A timer cut at MAX_TIMER_MS wakes early: wait again until the refresh window.
    if (left > 2 * REFRESH_WINDOW_MS) return this.#schedule(refreshDelay(left));
    this.#fetch(true).catch((error: Error) => {
      const until = current?.expiration ? `the current ones (${summarizeCredentials(current)}) are served until they expire` : 'nothing can be served';
      this.#options.context.logger.warn?.(`credchain: background refresh failed; ${until}; retrying in ${BACKGROUND_RETRY_MS / 1000} s. ${error.message}`);
      if (left - BACKGROUND_RETRY_MS > EXPIRY_MARGIN_MS) this.#schedule(BACKGROUND_RETRY_MS);
    });
  }
}
