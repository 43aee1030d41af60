// Bounded retries, the one loop behind STS, SSO and the metadata endpoints (docs/behaviour.md,
// "Retries"). Two kinds of retryable failure, two schedules:
// - transient (a 5xx, a dropped connection): a few quick retries with exponential backoff, each
//   caller's policy saying how many and how long;
// - throttled (the service says "slow down": STS `Throttling`, HTTP 429, 503 `SlowDown`): the service
//   is saturated, by this process or by thousands like it, so retrying soon only feeds the storm. A
//   random wait of at least THROTTLE_SCHEDULE.floorMs, under the window of that throttle (wide enough
//   for a fleet's retries to fit the limit), until the deadline; a Retry-After from the server raises
//   the floor, and the jitter stays on top of it, so clients told the same thing never come back
//   together.
// Waiting uses Context, so tests run the schedules on a virtual clock.
//
//   const outcome = await withRetries(context, () => context.request(req), { maxRetries: 3, baseMs: 100, capMs: 1000,
//     retryValue: (reply) => reply.status >= 500, throttled: (reply) => reply.status === 429, retryNetwork: (error) => error.code === 'reset' });

import type { Context, RetryAttempt } from './context.js';
import { NetworkError } from './errors.js';

/** How a throttled call waits: floor + random × (window − floor), the window of the n-th throttle windowsMs[n] (the last one repeating). */
export interface ThrottleSchedule {
  floorMs: number;
  /** One window per throttle in turn (at least one); past the end, the last one again. */
  windowsMs: readonly number[];
  /** No throttled retry is started whose wait would end later than this after the first attempt. */
  deadlineMs: number;
}

/**
 * The schedule every throttled call follows (STS, the container endpoint). The floor keeps a fleet's
 * retries from arriving while the limit is still spent by first attempts. The first window spreads
 * them over 48 s after it, what 4,800 retries take at 100 requests/s: a fleet of 5,000 pods starting
 * at once gets credentials on its second attempt (the fewest requests any client can make), at the
 * price of up to 52 s for a lone client throttled once. Later throttles mean a fleet larger still; 30 s
 * windows then leave room for two more attempts before the deadline, which ends a sustained throttle
 * with a clear error instead of a hang. Chosen with the fleet simulator (bench/README.md, "Fleet").
 */
export const THROTTLE_SCHEDULE: ThrottleSchedule = { floorMs: 4_000, windowsMs: [52_000, 30_000], deadlineMs: 120_000 };

/**
 * Network failures no retry can mend, whatever a policy's retryNetwork says: the same request gets the
 * same too-large reply, and a URL of an unsupported form stays one.
 */
const NEVER_TRANSIENT: ReadonlySet<NetworkError['code']> = new Set(['too-large', 'unsupported']);

/** A Retry-After longer than this is cut to it (a wrong header must not park a process for an hour). */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface RetryPolicy<T> {
  /** Transient retries after the first attempt: at most `maxRetries + 1` attempts that failed transiently. */
  maxRetries: number;
  /** The wait before transient retry n (0-based) is min(capMs, baseMs × 2^n)… */
  baseMs: number;
  capMs: number;
  /** …or, with full jitter, floor(jitter() × that), jitter() in [0, 1). Throttled waits always use it (Math.random when absent). */
  jitter?: () => number;
  /** No transient retry is started whose wait would end more than this long after the first attempt began. */
  budgetMs?: number;
  /** Whether an answer (e.g. a 5xx reply) is worth another attempt; absent: answers are final. */
  retryValue?(value: T): boolean;
  /** Whether an answer says "slow down": retried on `throttle`'s schedule, whatever maxRetries says. */
  throttled?(value: T): boolean;
  /** The schedule for throttled answers (default THROTTLE_SCHEDULE). */
  throttle?: ThrottleSchedule;
  /** The wait an answer asks for (its Retry-After, see retryAfterMs()), honoured up to MAX_RETRY_AFTER_MS. */
  retryAfter?(value: T): number | undefined;
  /** When the budget and the deadline count from (default: now); e.g. the start of a conversation of several calls. */
  startedAt?: number;
  /** Whether a network failure is worth another attempt (never a too-large reply; other errors always propagate at once). */
  retryNetwork(error: NetworkError): boolean;
  /** Told before each wait (`retry` counts from 1), e.g. for a debug log line. */
  onRetry?(outcome: RetryOutcome<T>, retry: number, delayMs: number): void;
}

/** The last attempt's answer or network failure, and what the retries came to. */
export type RetryOutcome<T> = ({ ok: true; value: T } | { ok: false; error: NetworkError }) & {
  attempts: number;
  /** How many answers were throttled. */
  throttled: number;
  /** From the first attempt (or policy.startedAt) to the end of the last one. */
  elapsedMs: number;
  /** The caller's deadline (Context.deadline) ended the retries: its name, and the wait that would have ended past it. */
  deadline?: { name: string; nextWaitMs: number };
};

/** A 5xx or a 429: the server itself says to try again later. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/** The wait before transient retry `retry` (0-based) under `policy`. */
export function backoffDelayMs(policy: Pick<RetryPolicy<unknown>, 'baseMs' | 'capMs' | 'jitter'>, retry: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** retry);
  return policy.jitter ? Math.floor(policy.jitter() * ceiling) : ceiling;
}

/** The wait after throttled answer `throttle` (0-based); a Retry-After (ms, bounded) raises the floor. */
export function throttleDelayMs(schedule: ThrottleSchedule, throttle: number, jitter: () => number, retryAfterMs?: number): number {
  const window = schedule.windowsMs[Math.min(throttle, schedule.windowsMs.length - 1)] ?? schedule.floorMs;
  const floor = Math.max(schedule.floorMs, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
  return Math.floor(floor + jitter() * Math.max(0, window - schedule.floorMs));
}

/**
 * A Retry-After header in ms from `now`: delta-seconds or an HTTP date; undefined when absent or not
 * one of those. A date in the past is 0.
 */
export function retryAfterMs(headers: Record<string, string>, now: number): number | undefined {
  const value = headers['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What the retries came to, for an error message: '' (one attempt), '4 attempts',
 * 'throttled by STS 9 times over 118 s', or '6 attempts (throttled by STS 2 times) over 20 s'; when the
 * caller's deadline ended them, '…; gave up: the next try, in 37 s, would come after the --timeout
 * deadline (10000 ms)' (Context.deadline's name) after it.
 */
export function retryHistory(outcome: RetryOutcome<unknown>, service: string): string {
  const { attempts, throttled } = outcome;
  const gaveUp = outcome.deadline === undefined ? '' : `; gave up: the next try, in ${formatSeconds(outcome.deadline.nextWaitMs)}, would come after ${outcome.deadline.name}`;
  if (attempts <= 1 && !gaveUp) return '';
  const over = `over ${formatSeconds(outcome.elapsedMs)}`;
  if (throttled === 0) return `${attempts} attempt${attempts === 1 ? '' : 's'}${gaveUp ? ` ${over}${gaveUp}` : ''}`;
  const times = `${throttled} time${throttled === 1 ? '' : 's'}`;
  if (throttled === attempts) return `throttled by ${service} ${times} ${over}${gaveUp}`;
  return `${attempts} attempts (throttled by ${service} ${times}) ${over}${gaveUp}`;
}

/** The retries in an outcome line (each service call's info log): '1 attempt, 12 ms' or '3 attempts, 340 ms'. */
export function attemptsAndTime(outcome: RetryOutcome<unknown>): string {
  return `${outcome.attempts} attempt${outcome.attempts === 1 ? '' : 's'}, ${Math.max(0, outcome.elapsedMs)} ms`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? Math.round(seconds * 10) / 10 : Math.round(seconds)} s`;
}

/**
 * Runs `attempt` (called afresh each time, so a request can be re-signed or a token file re-read) until
 * its outcome is final, the retries of its kind are spent, or the next wait would end past the budget
 * (transient), the deadline (throttled) or the caller's Context.deadline (any). Returns the last outcome; an error other than NetworkError
 * propagates from the attempt that threw it. `attempt` is told which try it is, to pass on with its
 * request (HttpRequest.attempt): "of" is the most tries the policy allows until the service throttles;
 * after that the deadline, not a count, ends the tries, and "of" is left out.
 */
export async function withRetries<T>(context: Pick<Context, 'now' | 'sleep' | 'deadline'>, attempt: (which: RetryAttempt) => Promise<T>, policy: RetryPolicy<T>): Promise<RetryOutcome<T>> {
  const started = policy.startedAt ?? context.now();
  const schedule = policy.throttle ?? THROTTLE_SCHEDULE;
  // A clock that does not move while we wait must not make the deadline endless.
  const maxThrottled = Math.ceil(schedule.deadlineMs / schedule.floorMs);
  const jitter = policy.jitter ?? (() => Math.random());
  let transientRetries = 0;
  let throttled = 0;
  for (let attempts = 1; ; attempts++) {
    let outcome: RetryOutcome<T>;
    let kind: 'final' | 'transient' | 'throttled';
    let asked: number | undefined;
    try {
      const value = await attempt(throttled === 0 ? { number: attempts, of: policy.maxRetries + 1 } : { number: attempts });
      kind = policy.throttled?.(value) ? 'throttled' : policy.retryValue?.(value) ? 'transient' : 'final';
      if (kind === 'throttled') throttled++;
      if (kind !== 'final') asked = policy.retryAfter?.(value);
      outcome = { ok: true, value, attempts, throttled, elapsedMs: context.now() - started };
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      kind = !NEVER_TRANSIENT.has(error.code) && policy.retryNetwork(error) ? 'transient' : 'final';
      outcome = { ok: false, error, attempts, throttled, elapsedMs: context.now() - started };
    }
    if (kind === 'final') return outcome;
    let delay: number;
    if (kind === 'throttled') {
      if (throttled > maxThrottled) return outcome;
      delay = throttleDelayMs(schedule, throttled - 1, jitter, asked);
      if (outcome.elapsedMs + delay > schedule.deadlineMs) return outcome;
    } else {
      if (transientRetries >= policy.maxRetries) return outcome;
      // The server's wait first, the jittered backoff on top: clients told the same wait still spread out.
      delay = Math.min(asked ?? 0, MAX_RETRY_AFTER_MS) + backoffDelayMs(policy, transientRetries);
      if (policy.budgetMs !== undefined && outcome.elapsedMs + delay > policy.budgetMs) return outcome;
      transientRetries++;
    }
    // The caller's deadline (the CLI's --timeout) ends the retries before a wait that would pass it.
    if (context.deadline && context.now() + delay >= context.deadline.at) return { ...outcome, deadline: { name: context.deadline.name, nextWaitMs: delay } };
    policy.onRetry?.(outcome, attempts, delay);
    await context.sleep(delay);
  }
}
