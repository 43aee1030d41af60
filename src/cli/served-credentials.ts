// What `credchain serve` hands out: the chain's credentials when they are temporary, a GetSessionToken
// session when they are long-term keys (those never leave the process). Kept fresh by the one refresh
// primitive (src/refresh.ts, with the chain's windows) plus a timer that refreshes before expiry
// (see refreshDelay) whether or not a client is asking.

import { BACKGROUND_RETRY_MS, EXPIRY_MARGIN_MS, REFRESH_WINDOW_MS, type CredentialProvider } from '../chain.js';
import type { Context } from '../context.js';
import { summarizeCredentials, type Credentials } from '../credentials.js';
import { Refresher, type Expiring } from '../refresh.js';
import { realTimers, type Timers } from './timers.js';

export interface ServedCredentialsOptions {
  /** The one memoized credentialChain() every client shares. */
  chain: CredentialProvider;
  /** Clock and logger. */
  context: Pick<Context, 'now' | 'logger'>;
  /** Turns long-term keys (no session token) into a session: STS GetSessionToken. */
  exchangeLongTermKeys(keys: Credentials): Promise<Credentials>;
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

/** setTimeout's limit; a longer wait is cut to this and re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ServedCredentials {
  readonly #options: ServedCredentialsOptions;
  readonly #timers: Timers;
  readonly #refresher: Refresher<Credentials>;
  #timer: unknown;
  #closed = false;

  constructor(options: ServedCredentialsOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    this.#refresher = new Refresher(
      { advisoryMs: REFRESH_WINDOW_MS, mandatoryMs: EXPIRY_MARGIN_MS, backoffMs: BACKGROUND_RETRY_MS, advisory: 'background' },
      () => options.context.now(),
    );
  }

  /** Current credentials while they have more than EXPIRY_MARGIN_MS left (a background refresh in the last REFRESH_WINDOW_MS); else one shared fetch. */
  get(): Promise<Credentials> {
    return this.#refresher.get(() => this.#fetch(), { onBackgroundFailure: (error) => this.#warn(error) });
  }

  /** Stops the refresh timer. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
  }

  async #fetch(): Promise<Expiring<Credentials>> {
    // A refresh (something is held already) must not get the chain's cached, ageing copy back.
    const fromChain = await this.#options.chain(this.#refresher.held ? { forceRefresh: true } : undefined);
    const served = fromChain.sessionToken ? fromChain : await this.#options.exchangeLongTermKeys(fromChain);
    const expiresAt = served.expiration?.getTime();
    this.#schedule(expiresAt === undefined ? undefined : refreshDelay(expiresAt - this.#options.context.now()));
    return expiresAt === undefined ? { value: served } : { value: served, expiresAt };
  }

  /** Arms the background refresh `inMs` from now (none for credentials that do not expire). */
  #schedule(inMs: number | undefined): void {
    if (this.#timer !== undefined) this.#timers.clear(this.#timer);
    this.#timer = undefined;
    if (this.#closed || inMs === undefined) return;
    this.#timer = this.#timers.set(() => this.#refreshInBackground(), Math.min(inMs, MAX_TIMER_MS));
  }

  #refreshInBackground(): void {
    this.#timer = undefined;
    const expiresAt = this.#refresher.held?.expiresAt;
    const left = expiresAt === undefined ? 0 : expiresAt - this.#options.context.now();
    // A timer cut at MAX_TIMER_MS wakes early: wait again until the refresh window.
    if (left > 2 * REFRESH_WINDOW_MS) return this.#schedule(refreshDelay(left));
    this.#refresher.get(() => this.#fetch(), { force: true }).catch((error: unknown) => {
      this.#warn(error);
      if (left - BACKGROUND_RETRY_MS > EXPIRY_MARGIN_MS) this.#schedule(BACKGROUND_RETRY_MS);
    });
  }

  #warn(error: unknown): void {
    const current = this.#refresher.held?.value;
    const until = current ? `the current ones (${summarizeCredentials(current)}) are served until they expire` : 'nothing can be served';
    this.#options.context.logger.warn?.(`credchain: background refresh failed; ${until}; retrying in ${BACKGROUND_RETRY_MS / 1000} s. ${(error as Error)?.message ?? String(error)}`);
  }
}
