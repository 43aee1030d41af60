// Bounded retries with exponential backoff, the one loop behind STS, SSO and the metadata endpoints:
// each caller brings its policy (what is worth another try, how long to wait); waiting uses Context.
//
//   const outcome = await withRetries(context, () => context.request(req), { maxRetries: 3, baseMs: 100, capMs: 1000,
//     retryValue: (reply) => reply.status >= 500, retryNetwork: (error) => error.code === 'reset' });

import type { Context, RetryAttempt } from './context.js';
import { NetworkError } from './errors.js';

export interface RetryPolicy<T> {
  /** Retries after the first attempt: at most `maxRetries + 1` attempts. */
  maxRetries: number;
  /** The wait before retry n (0-based) is min(capMs, baseMs × 2^n)… */
  baseMs: number;
  capMs: number;
  /** …or, with full jitter, floor(jitter() × that), jitter() in [0, 1). */
  jitter?: () => number;
  /** No retry is started whose wait would end more than this long after the first attempt began. */
  budgetMs?: number;
  /** Whether an answer (e.g. a 5xx reply) is worth another attempt; absent: answers are final. */
  retryValue?(value: T): boolean;
  /** Whether a network failure is worth another attempt (other errors always propagate at once). */
  retryNetwork(error: NetworkError): boolean;
  /** Told before each wait (`retry` counts from 1), e.g. for a debug log line. */
  onRetry?(outcome: RetryOutcome<T>, retry: number, delayMs: number): void;
}

/** The last attempt's answer or network failure, and how many attempts were made. */
export type RetryOutcome<T> = { ok: true; value: T; attempts: number } | { ok: false; error: NetworkError; attempts: number };

/** A 5xx or a 429: the server itself says to try again later. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** The wait before retry `retry` (0-based) under `policy`. */
export function backoffDelayMs(policy: Pick<RetryPolicy<unknown>, 'baseMs' | 'capMs' | 'jitter'>, retry: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return policy.jitter ? Math.floor(policy.jitter() * ceiling) : ceiling;
}

/**
 * Runs `attempt` (called afresh each time, so a request can be re-signed or a token file re-read) until
 * its outcome is not retryable, the retries are spent or the budget would be exceeded. Returns the last
 * outcome; an error other than NetworkError propagates from the attempt that threw it. `attempt` is told
 * which try it is, to pass on with its request (HttpRequest.attempt).
 */
export async function withRetries<T>(context: Pick<Context, 'now' | 'sleep'>, attempt: (which: RetryAttempt) => Promise<T>, policy: RetryPolicy<T>): Promise<RetryOutcome<T>> {
  const started = context.now();
  for (let retry = 0; ; retry++) {
    const attempts = retry + 1;
    let outcome: RetryOutcome<T>;
    let retryable: boolean;
    try {
      const value = await attempt({ number: attempts, of: policy.maxRetries + 1 });
      outcome = { ok: true, value, attempts };
      retryable = policy.retryValue?.(value) ?? false;
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      outcome = { ok: false, error, attempts };
      retryable = policy.retryNetwork(error);
    }
    if (!retryable || retry >= policy.maxRetries) return outcome;
    const delay = backoffDelayMs(policy, retry);
    if (policy.budgetMs !== undefined && context.now() - started + delay > policy.budgetMs) return outcome;
    policy.onRetry?.(outcome, retry + 1, delay);
    await context.sleep(delay);
  }
}
